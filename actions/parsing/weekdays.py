"""The days a question asks about ("r u open on saturday?", "周六网点开门吗", "this weekend",
"明天開嗎"), as weekdays 0 (Monday) … 6, for opening hours. "Tomorrow" is counted from the
caller's today (a branch's local day), so the caller passes it."""

from __future__ import annotations

import re

_EN_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Full names, and the short forms that are no other English word ("sat", "sun", "wed" are).
_EN = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|thur?s?|fri)s?\b")
_ZH_DAYS = "一二三四五六日天"
_ZH = re.compile(r"(?:周|週|星期|礼拜|禮拜)([一二三四五六日天1-7])")
_WEEKEND = re.compile(r"\bweekends?\b|周末|週末")
_TOMORROW = re.compile(r"\btomorrow\b|\btmr\b|\btmrw\b|明天|明日")
_TODAY = re.compile(r"\btoday\b|\btonight\b|今天|今日|今晚")


def days_asked(question: str, today: int) -> tuple[int, ...]:
    """The weekdays named, in the order of the week; () when the question names no day."""
    lowered = question.lower()
    found: set[int] = set()
    for match in _EN.finditer(lowered):
        found.add(_EN_DAYS.index(match.group(1)[:3]))
    for match in _ZH.finditer(question):
        day = match.group(1)
        found.add(int(day) - 1 if day.isdigit() else min(_ZH_DAYS.index(day), 6))
    if _WEEKEND.search(lowered):
        found |= {5, 6}
    if _TOMORROW.search(lowered):
        found.add((today + 1) % 7)
    if _TODAY.search(lowered):
        found.add(today)
    return tuple(sorted(found))
