"""Periods of time as customers name them ("last week", "上个月", "in October", "past 30 days",
"since March 3") turned into a half-open [start, end) range of aware datetimes. dateparser
finds the date and its granularity; the range rules are ours."""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dateparser.date import DateDataParser


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime  # exclusive

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a period ends after it starts")


_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_ROLLING = re.compile(
    r"(?:past|last|previous|recent|最近|过去|過去|近)\s*"
    r"(?P<n>\d+|[一二两兩三四五六七八九十]+)?\s*"
    r"(?:个|個)?\s*(?P<unit>days?|weeks?|months?|years?|天|日|周|週|星期|礼拜|禮拜|月|年)",
    re.IGNORECASE,
)
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9, "十": 10}  # fmt: skip
_CN_UNITS = {"天": "day", "日": "day", "周": "week", "週": "week", "星期": "week", "礼拜": "week",
             "禮拜": "week", "月": "month", "年": "year"}  # fmt: skip
_ZH_RELATIVE = {
    "今天": ("day", 0), "昨天": ("day", -1), "前天": ("day", -2),
    "本周": ("week", 0), "这周": ("week", 0), "這週": ("week", 0), "这个星期": ("week", 0),
    "上周": ("week", -1), "上週": ("week", -1), "上个星期": ("week", -1), "上個星期": ("week", -1),
    "上礼拜": ("week", -1), "上禮拜": ("week", -1),
    "本月": ("month", 0), "这个月": ("month", 0), "這個月": ("month", 0),
    "上个月": ("month", -1), "上個月": ("month", -1), "上月": ("month", -1),
    "今年": ("year", 0), "去年": ("year", -1),
}  # fmt: skip
_ZH_DATE = re.compile(r"(?:(?P<y>\d{4})\s*年)?\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号號])?")
_ZH_YEAR = re.compile(r"(?P<y>\d{4})\s*年")
_SINCE = re.compile(r"^\s*(?:since|from|after)\s+|(?:以来|以來|之后|之後|至今|到现在|到現在)\s*$")


def _cn_number(text: str | None) -> int:
    if not text:
        return 1
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(text, 1)


def _floor(moment: datetime, unit: str) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def _shift(start: datetime, unit: str, steps: int) -> datetime:
    if unit == "day":
        return start + timedelta(days=steps)
    if unit == "week":
        return start + timedelta(weeks=steps)
    if unit == "month":
        month = start.month - 1 + steps
        return start.replace(year=start.year + month // 12, month=month % 12 + 1)
    return start.replace(year=start.year + steps)


def _calendar(moment: datetime, unit: str, now: datetime) -> Period:
    start = _floor(moment, unit)
    end = min(_shift(start, unit, 1), now) if start <= now else _shift(start, unit, 1)
    if end <= start:
        end = _shift(start, unit, 1)
    return Period(start, end)


def _parser(now: datetime) -> DateDataParser:
    return DateDataParser(
        languages=["en", "zh"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": now.replace(tzinfo=None),
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


def parse_period(text: object, now: datetime | None = None) -> Period | None:
    """The period `text` names, ending no later than `now` for relative ones; None if none."""
    if text is None:
        return None
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    lowered = re.sub(r"^\s*(?:in|during|for|over|the)\s+", "", raw.casefold()).strip()
    lowered = re.sub(r"^the\s+", "", lowered)
    if not lowered:
        return None
    since = bool(_SINCE.search(lowered))
    core = _SINCE.sub("", lowered).strip() or lowered
    if (
        "last" in core
        and re.search(r"\d|过去|最近", core) is None
        and (match := re.fullmatch(r"last (day|week|month|year)", core))
    ):
        unit = match.group(1)
        return _calendar(_shift(_floor(now, unit), unit, -1), unit, now)
    if rolling := _ROLLING.search(core):
        if rolling.group("n") or re.search(r"最近|过去|過去|近|past|recent", core):
            unit_text = rolling.group("unit")
            unit = _CN_UNITS.get(unit_text) or unit_text.rstrip("s")
            days = _UNIT_DAYS[unit] * _cn_number(rolling.group("n"))
            return Period(now - timedelta(days=days), now)
    for word, (unit, steps) in _ZH_RELATIVE.items():
        if word in core:
            return _since_or_calendar(_shift(_floor(now, unit), unit, steps), unit, now, since)
    if date := _ZH_DATE.search(core):
        year = int(date.group("y")) if date.group("y") else now.year
        month, day = int(date.group("m")), date.group("d")
        if not 1 <= month <= 12:
            return None
        try:
            moment = now.replace(year=year, month=month, day=int(day) if day else 1)
        except ValueError:
            return None
        if not date.group("y") and moment > now:
            moment = moment.replace(year=year - 1)
        return _since_or_calendar(moment, "day" if day else "month", now, since)
    if year_only := _ZH_YEAR.fullmatch(core):
        moment = now.replace(year=int(year_only.group("y")), month=1, day=1)
        return _since_or_calendar(moment, "year", now, since)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = _parser(now).get_date_data(core)
    if found is None or found.date_obj is None:
        return None
    moment = found.date_obj.replace(tzinfo=UTC)
    unit = found.period if found.period in _UNIT_DAYS else "day"
    return _since_or_calendar(moment, unit, now, since)


def _since_or_calendar(moment: datetime, unit: str, now: datetime, since: bool) -> Period | None:
    if since:
        start = _floor(moment, unit)
        return Period(start, now) if start < now else None
    return _calendar(moment, unit, now)
