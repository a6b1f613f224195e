"""Branches and ATMs: found by city or district (English, simplified or traditional Chinese, any
case), with their opening hours per weekday in the branch's own time zone."""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from opencc import OpenCC

from banking_backend import models as m
from banking_backend.domain.views import BranchView, OpeningHours
from banking_backend.unit_of_work import SqlUnitOfWork

KINDS = ("branch", "atm")
# What a branch or ATM offers (codes; the bot words them).
SERVICES = (
    "cash_withdrawal",
    "cash_deposit",
    "cheque_deposit",
    "fx_exchange",
    "safe_deposit_box",
    "mortgage_advice",
    "wealth_management",
    "account_opening",
    "card_replacement",
    "contactless",
)


@lru_cache(maxsize=1)
def _to_simplified() -> OpenCC:
    return OpenCC("t2s")


def folded(text: str) -> str:
    """For matching: simplified characters, lower case, no spaces."""
    return "".join(_to_simplified().convert(text).lower().split())


def _view(row: m.Branch, hours: list[m.BranchHours]) -> BranchView:
    return BranchView(
        code=row.code,
        kind=row.kind,
        name={"en": row.name_en, "zh": row.name_zh},
        city={"en": row.city_en, "zh": row.city_zh},
        district={"en": row.district_en, "zh": row.district_zh},
        address={"en": row.address_en, "zh": row.address_zh},
        timezone=row.timezone,
        phone=row.phone,
        services=tuple(json.loads(row.services)),
        hours=tuple(OpeningHours(h.weekday, h.opens, h.closes) for h in hours),
        updated_on=row.updated_on,
    )


def _matches(wanted: str | None, *names: str) -> bool:
    """`wanted` (as a customer types it) is one of the names, or part of one ("Pudong" in
    "Pudong New Area", "浦東" in "浦东新区")."""
    if not wanted:
        return True
    key = folded(wanted)
    return bool(key) and any(key in folded(name) for name in names)


def find_branches(
    uow: SqlUnitOfWork,
    *,
    city: str | None = None,
    district: str | None = None,
    kind: str | None = None,
    service: str | None = None,
) -> list[BranchView]:
    """Branches and ATMs in `city` and/or `district` (either language), of `kind` (branch, atm),
    offering `service`; all of them when nothing is given."""
    with uow:
        rows = [
            row
            for row in uow.reference.branches()
            if _matches(city, row.city_en, row.city_zh)
            and _matches(district, row.district_en, row.district_zh)
            and (kind is None or row.kind == kind)
            and (service is None or service in json.loads(row.services))
        ]
        hours: dict[int, list[m.BranchHours]] = {row.id: [] for row in rows}
        for h in uow.reference.hours(list(hours)):
            hours[h.branch_id].append(h)
        return [_view(row, hours[row.id]) for row in rows]


def get_branch(uow: SqlUnitOfWork, code: str) -> BranchView | None:
    with uow:
        row = uow.reference.branch_by_code(code)
        return _view(row, list(uow.reference.hours([row.id]))) if row else None


def is_open(branch: BranchView, at: datetime) -> bool:
    """Whether the branch is open at the aware moment `at` (its local time, its hours)."""
    local = at.astimezone(ZoneInfo(branch.timezone))
    today = branch.hours_on(local.weekday())
    return today is not None and today.opens <= local.strftime("%H:%M") < today.closes
