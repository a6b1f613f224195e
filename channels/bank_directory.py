"""The gateway's `CustomerDirectory` over the bank's public services: the one channels module
(besides the composition root) that calls `banking_backend.services`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from banking_backend.code_senders import CodeSender
from banking_backend.db import make_engine, make_session_factory
from banking_backend.domain.errors import CustomerNotFound, TooManyCodes
from banking_backend.domain.views import CustomerView
from banking_backend.services import customers, otp
from banking_backend.unit_of_work import SqlUnitOfWork

LINK_PURPOSE = "telegram_link"
LINK_CHANNEL = "telegram"

# A fresh unit of work per call: one holds a session, which is not safe to share between threads.
BankUnits = Callable[[], SqlUnitOfWork]


def bank_units(url: str | None = None) -> BankUnits:
    """Units of work on the bank's database (DATABASE_URL when `url` is None)."""
    sessions = make_session_factory(make_engine(url))
    return lambda: SqlUnitOfWork(sessions)


class BankDirectory:
    code_attempts = otp.MAX_ATTEMPTS
    code_lifetime = otp.CODE_TTL

    def __init__(self, units: BankUnits) -> None:
        self._units = units

    def by_id(self, customer_id: int) -> CustomerView | None:
        try:
            return customers.get_customer(self._units(), customer_id)
        except CustomerNotFound:
            return None

    def sessions_valid_after(self, customer_id: int) -> datetime | None:
        """When the customer last signed out everywhere (their older sessions are dead)."""
        customer = self.by_id(customer_id)
        return customer.sessions_valid_after if customer is not None else None

    def by_username(self, username: str) -> CustomerView | None:
        return customers.find_by_username(self._units(), username)

    def by_phone(self, phone: str) -> CustomerView | None:
        return customers.find_by_phone(self._units(), phone)

    def by_telegram_user(self, telegram_user_id: int) -> CustomerView | None:
        return customers.find_by_telegram_id(self._units(), telegram_user_id)

    def send_link_code(self, customer_id: int, sender: CodeSender) -> bool:
        try:
            otp.issue_code(self._units(), customer_id, LINK_PURPOSE, sender, LINK_CHANNEL)
        except TooManyCodes:
            return False
        return True

    def link_telegram(self, customer_id: int, telegram_user_id: int, code: str) -> None:
        otp.verify_code(self._units(), customer_id, LINK_PURPOSE, code, LINK_CHANNEL)
        customers.link_telegram(self._units(), customer_id, telegram_user_id, LINK_CHANNEL)

    def check_without_code(self, code: str) -> None:
        otp.check_against_no_code(code)
