"""A journal entry before it is written: its postings must sum to zero in every currency."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from banking_backend.domain.errors import UnbalancedEntry
from banking_backend.domain.money import Money


@dataclass(frozen=True, slots=True)
class Leg:
    account_id: int
    amount: Money  # positive: money into the account; negative: out of it


@dataclass(slots=True)
class EntryDraft:
    description: str
    kind: str = "transfer"
    merchant: str | None = None
    legs: list[Leg] = field(default_factory=list)

    def move(self, source_account_id: int, target_account_id: int, amount: Money) -> EntryDraft:
        self.legs.append(Leg(source_account_id, -amount))
        self.legs.append(Leg(target_account_id, amount))
        return self

    def check_balanced(self) -> None:
        if len(self.legs) < 2:
            raise UnbalancedEntry("an entry needs at least two postings")
        totals: dict[str, int] = defaultdict(int)
        for leg in self.legs:
            if leg.amount.minor == 0:
                raise UnbalancedEntry("a posting of zero")
            totals[leg.amount.currency] += leg.amount.minor
        unbalanced = {currency: total for currency, total in totals.items() if total}
        if unbalanced:
            raise UnbalancedEntry(f"entry does not balance: {unbalanced}")
