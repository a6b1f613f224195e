"""The bank behind the matrix: a fresh customer for every cell (a copy of a demo customer with its
own username, accounts, cards, payees and history, so the conversation and the bank state start
clean), a session token for the REST channel, and what the bank did for the customer."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from banking_backend import models as m
from banking_backend import seed
from banking_backend.db import make_engine, make_session_factory
from banking_backend.unit_of_work import SqlUnitOfWork
from channels.sessions import SessionTokens
from channels.settings import Settings

_serial = itertools.count(1)


@dataclass(frozen=True)
class Effects:
    """Everything a form can change in the bank for one customer."""

    balances: tuple[tuple[str, int], ...]
    cards: tuple[tuple[str, str, str | None, int], ...]
    transfers: int
    tickets: int

    def changes_since(self, before: Effects) -> list[str]:
        """What differs, in words, for an assertion message."""
        return [
            f"{name}: {getattr(before, name)} -> {getattr(self, name)}"
            for name in ("balances", "cards", "transfers", "tickets")
            if getattr(before, name) != getattr(self, name)
        ]


class Bank:
    """The stack's bank database, seen from the test."""

    def __init__(self, stack) -> None:
        self.engine = make_engine(stack.env["DATABASE_URL"])
        self.units = make_session_factory(self.engine)
        settings = Settings.from_env(stack.env)
        self.tokens = SessionTokens(settings.session_secret, settings.session_max_age)

    def close(self) -> None:
        self.engine.dispose()

    def new_customer(
        self, like: str, card_status: dict[str, tuple[str, str | None]] | None = None
    ) -> tuple[int, str]:
        """A new customer made like the demo customer `like` (same products, own numbers); cards
        of a kind can start in another status ({"debit": ("blocked", "temporary")}). Returns the
        customer's id and a session token."""
        n = next(_serial)
        base = next(p for p in seed.PROFILES if p.username == like)
        prefix = "1" if base.currency == "USD" else "3"
        profile = dataclasses.replace(
            base,
            username=f"{like}-m{n}",
            phone=f"{base.phone[:-5]}9{n:04d}",
            numbers=tuple(f"6{prefix}{n:06d}0{i}1{i}" for i in range(3)),
        )
        today = datetime.now(UTC).date()
        uow = SqlUnitOfWork(self.units)
        with uow:
            customer, accounts = seed._create_customer(uow, profile, today)
            seed._create_payees(uow, profile, customer, today)
            seed._create_cards(uow, profile, customer, accounts, today)
            seed._create_history(uow, profile, accounts, today)
            seed._create_statement(uow, profile, accounts[2], today)
            for card in uow.session.scalars(select(m.Card).where(m.Card.customer_id == customer.id)):
                if card.kind in (card_status or {}):
                    card.status, card.block_reason = card_status[card.kind]
            uow.commit()
            return customer.id, self.tokens.issue(customer.id, profile.username)

    def effects(self, customer_id: int) -> Effects:
        with self.units() as session:
            accounts = session.scalars(
                select(m.Account).where(m.Account.customer_id == customer_id).order_by(m.Account.id)
            )
            cards = session.scalars(
                select(m.Card).where(m.Card.customer_id == customer_id).order_by(m.Card.id)
            )
            return Effects(
                balances=tuple((a.number, a.balance_minor) for a in accounts),
                cards=tuple((c.last4, c.status, c.block_reason, c.daily_limit_minor) for c in cards),
                transfers=session.scalar(
                    select(func.count()).select_from(m.Transfer).where(m.Transfer.customer_id == customer_id)
                ),
                tickets=session.scalar(
                    select(func.count()).select_from(m.Ticket).where(m.Ticket.customer_id == customer_id)
                ),
            )
