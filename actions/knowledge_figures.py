"""The bank's figures in a knowledge answer: each placeholder of an article (`{fees:atm}`, `{fx}`,
`{branches}` …, docs/knowledge.md) read from banking_backend when the answer is given, so an answer
never says a price, rate, limit or hour that the bank no longer has."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from actions.bank import unit_of_work
from actions.messages import text
from actions.money_format import format_money
from actions.parsing.amounts import currencies_named, parse_amount
from actions.parsing.weekdays import days_asked
from actions.wording.knowledge import WEEKDAYS
from banking_backend.domain.errors import BankError
from banking_backend.domain.views import BranchView, FeeView
from banking_backend.services import branches, exchange_rates, fees, limits, product_rates

# A customer who is not signed in (or has no account in it) hears the currency of their language.
HOME_CURRENCY = {"en": "USD", "zh": "CNY"}


class Asking:
    """Who asks and what they wrote: what a placeholder may depend on."""

    def __init__(self, question: str, language: str, customer_id: int | None, currencies: tuple[str, ...]):
        self.question = question
        self.language = language
        self.customer_id = customer_id
        # The currencies the customer holds (signed in), else the one of their language.
        self.currencies = currencies or (HOME_CURRENCY[language],)


def _plain(value: Decimal) -> str:
    """A rate or percentage as written: 4.1, not 4.1000 or 4.1E+0."""
    return f"{value.normalize():f}"


def _fee_line(fee: FeeView, asking: Asking) -> str:
    lang = asking.language
    name = fee.name[lang]
    if fee.amount is not None:
        line = (
            text("kb_fee_free", lang, name=name)
            if fee.amount == 0
            else text("kb_fee_fixed", lang, name=name, amount=format_money(fee.amount, fee.currency, lang))
        )
    else:
        line = text("kb_fee_percent", lang, name=name, percent=_plain(fee.percent))
        if fee.minimum is not None:
            line += text("kb_fee_minimum", lang, amount=format_money(fee.minimum, fee.currency, lang))
        if fee.maximum is not None:
            line += text("kb_fee_maximum", lang, amount=format_money(fee.maximum, fee.currency, lang))
    if fee.waived:
        line += text("kb_fee_waived", lang)
    elif fee.premium_waived and (fee.amount is None or fee.amount > 0):
        line += text("kb_fee_premium", lang)
    return line


def _fees(asking: Asking, category: str | None = None, code: str | None = None) -> str:
    found = [
        fee
        for currency in asking.currencies
        for fee in fees.list_fees(
            unit_of_work(), category=category, currency=currency, customer_id=asking.customer_id
        )
        if code is None or fee.code == code
    ]
    if not found and code is not None:  # a fee the customer's currency lacks: the bank's others
        found = [
            fee for fee in fees.list_fees(unit_of_work(), customer_id=asking.customer_id) if fee.code == code
        ]
    return "\n".join(_fee_line(fee, asking) for fee in found) or text("kb_fee_none", asking.language)


def _rates(asking: Asking, kind: str) -> str:
    lang = asking.language
    products = product_rates.list_products(unit_of_work(), kind=kind)
    mine = [p for p in products if p.currency in asking.currencies] or products
    lines = []
    for product in mine:
        minimum = (
            text("kb_rate_minimum", lang, amount=format_money(product.minimum, product.currency, lang))
            if product.minimum
            else ""
        )
        lines.append(
            text(
                "kb_rate_line",
                lang,
                name=product.name[lang],
                rate=_plain(product.rate_percent),
                kind=text(f"kb_rate_kind_{product.rate_kind}", lang),
                minimum=minimum,
            )
        )
    if mine:
        lines.append(text("kb_as_of", lang, date=max(p.effective_from for p in mine).isoformat()))
    return "\n".join(lines)


def _fx(asking: Asking) -> str:
    lang = asking.language
    named = currencies_named(asking.question)
    amount = parse_amount(asking.question)
    try:
        if amount is not None and len(named) >= 2:
            source = amount.currency or named[0]
            target = next(c for c in named if c != source)
            done = exchange_rates.convert(unit_of_work(), amount.amount, source, target)
            return text(
                "kb_fx_conversion",
                lang,
                amount=format_money(done.amount, done.currency, lang),
                converted=format_money(done.converted, done.to_currency, lang),
                base=done.rate.base,
                quote=done.rate.quote,
                rate=_plain(done.rate.rate),
                date=done.rate.as_of.isoformat(),
            )
        if len(named) >= 2 or (len(named) == 1 and named[0] != asking.currencies[0]):
            base, quote = (named[0], named[1]) if len(named) >= 2 else (named[0], asking.currencies[0])
            shown = exchange_rates.rate(unit_of_work(), base, quote)
            return "\n".join(
                [
                    text("kb_fx_header", lang, date=shown.as_of.isoformat()),
                    text("kb_fx_rate", lang, base=base, quote=quote, rate=_plain(shown.rate)),
                ]
            )
    except BankError:
        pair = (named + [asking.currencies[0]])[:2]
        return text("kb_fx_unknown", lang, base=pair[0], quote=pair[-1])
    table = exchange_rates.published_rates(unit_of_work())
    lines = [text("kb_fx_header", lang, date=max(r.as_of for r in table).isoformat())] if table else []
    lines += [text("kb_fx_rate", lang, base=r.base, quote=r.quote, rate=_plain(r.rate)) for r in table]
    return "\n".join(lines)


# Words that name no place: "Mission District" is named "Mission", "浦东新区" "浦东".
_GENERIC_EN = re.compile(r"\b(branch|atm|district|new area)\b")
_GENERIC_ZH = re.compile(r"(支行|分行|自动柜员机|新区|区|市)$")


def _keys(names: dict[str, str]) -> tuple[str, ...]:
    english = " ".join(_GENERIC_EN.sub(" ", names["en"].lower()).split())
    chinese = branches.folded(_GENERIC_ZH.sub("", names["zh"]))
    return tuple(key for key in (english, chinese) if len(key) >= 2)


def _named(keys: tuple[str, ...], question: str) -> bool:
    words, chinese = " ".join(question.lower().split()), branches.folded(question)
    return any(
        re.search(rf"(?<![a-z]){re.escape(key)}(?![a-z])", words) if key.isascii() else key in chinese
        for key in keys
    )


def _in_place_named(question: str, every: list[BranchView]) -> list[BranchView]:
    """The branches the question names, else those of the district it names, else of its city;
    none when it names no place we have."""
    for field in ("name", "district", "city"):
        found = [b for b in every if _named(_keys(getattr(b, field)), question)]
        if found:
            return found
    return []


def _hours_on(branch: BranchView, weekday: int, lang: str) -> str:
    hours = branch.hours_on(weekday)
    if hours is None:
        return text("kb_branch_closed_today", lang)
    if (hours.opens, hours.closes) == ("00:00", "24:00"):
        return text("kb_branch_all_day", lang)
    return f"{hours.opens}–{hours.closes}"


def _open_now(branch: BranchView, now: datetime, lang: str) -> str:
    if branches.is_open(branch, now):
        return text("kb_branch_open_now", lang)
    closed_all_day = branch.hours_on(now.astimezone(ZoneInfo(branch.timezone)).weekday()) is None
    return "" if closed_all_day else text("kb_branch_closed_now", lang)


def _on_days(branch: BranchView, weekdays: Iterable[int], lang: str) -> str:
    names = WEEKDAYS[lang]
    return ", ".join(f"{names[day]} {_hours_on(branch, day, lang)}" for day in weekdays)


def _branch_line(branch: BranchView, asking: Asking, now: datetime) -> str:
    """Today's hours and whether it is open now; the hours of the days asked about when the
    question names some other day ("open on saturday?", "周末开吗")."""
    lang = asking.language
    today = now.astimezone(ZoneInfo(branch.timezone)).weekday()
    asked = days_asked(asking.question, today)
    phone = text("kb_branch_phone", lang, phone=branch.phone) if branch.phone else ""
    where = {"name": branch.name[lang], "address": branch.address[lang], "phone": phone}
    if asked and asked != (today,):
        return text("kb_branch_on", lang, days=_on_days(branch, asked, lang), **where)
    return text(
        "kb_branch", lang, hours=_hours_on(branch, today, lang), now=_open_now(branch, now, lang), **where
    )


def _places(asking: Asking, kind: str) -> str:
    every = branches.find_branches(unit_of_work(), kind=kind)
    named = _in_place_named(asking.question, every)
    now = datetime.now(UTC)
    lines = []
    for branch in named or _nearest_first(every, asking.language):
        lines.append(_branch_line(branch, asking, now))
        if kind == "branch" and named:
            lines.append(
                text("kb_branch_week", asking.language, days=_on_days(branch, range(7), asking.language))
            )
    return "\n".join(lines)


def _nearest_first(every: list[BranchView], lang: str) -> list[BranchView]:
    """No place named: the branches of the country whose language the customer writes first (a
    customer writing Chinese is likelier to mean Shanghai than San Francisco); all are listed."""
    home = "Asia/" if lang == "zh" else "America/"
    return sorted(every, key=lambda branch: not branch.timezone.startswith(home))


def _limits(asking: Asking) -> str:
    lang = asking.language
    if asking.customer_id is None:
        view = limits.bank_limits(asking.currencies)
    else:
        view = limits.customer_limits(unit_of_work(), asking.customer_id)
    lines = []
    for transfer in view.transfers:
        money = lambda amount, c=transfer.currency: format_money(amount, c, lang)  # noqa: E731
        line = text(
            "kb_limits_transfer",
            lang,
            currency=transfer.currency,
            per_transfer=money(transfer.per_transfer),
            daily=money(transfer.daily),
            step_up=money(transfer.step_up_threshold),
        )
        if transfer.remaining_today is not None:
            line += text(
                "kb_limits_today", lang, sent=money(transfer.sent_today), left=money(transfer.remaining_today)
            )
        lines.append(line)
    for card in view.cards:
        if card.card_id is not None and card.daily_limit is not None:
            lines.append(
                text(
                    "kb_limits_card",
                    lang,
                    kind=text(f"kind_{card.kind}", lang),
                    last4=card.last4,
                    limit=format_money(card.daily_limit, card.currency, lang),
                )
            )
    return "\n".join(lines)


# placeholder name → how it is filled (with its argument, `{fees:atm}` → "atm", or None)
FIGURES: dict[str, Callable[[Asking, str | None], str]] = {
    "fees": lambda asking, arg: _fees(asking, category=arg),
    "fee": lambda asking, arg: _fees(asking, code=arg),
    "rates": lambda asking, arg: _rates(asking, arg or "savings"),
    "fx": lambda asking, arg: _fx(asking),
    "branches": lambda asking, arg: _places(asking, "branch"),
    "atms": lambda asking, arg: _places(asking, "atm"),
    "limits": lambda asking, arg: _limits(asking),
}
