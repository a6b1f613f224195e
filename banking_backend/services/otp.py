"""One-time codes: bound to a customer and a purpose, short-lived, three attempts, single use,
and only so many per customer in a while (ISSUE_LIMITS). Only hashes are stored. A verified
code yields a single-use step-up token."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from banking_backend import models as m
from banking_backend.code_senders import CodeSender
from banking_backend.domain.errors import (
    CodeExpired,
    CodeInvalid,
    CodeLocked,
    CustomerNotFound,
    StepUpTokenInvalid,
    TooManyCodes,
)
from banking_backend.services import audit, customers
from banking_backend.unit_of_work import SqlUnitOfWork
from kernel import deployment_secrets
from kernel.deployment_secrets import OTP_PEPPER

CODE_TTL = timedelta(minutes=5)
TOKEN_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 3
CODE_DIGITS = 6


@dataclass(frozen=True, slots=True)
class IssueLimit:
    codes: int
    window: timedelta


# Codes a customer may be sent for one purpose. Without a cap, three guesses per code would be
# unlimited guesses (ask again, guess again), and anyone could make the bank text a phone over
# and over. 10 codes a day is at most 30 guesses a day at a 6-digit code per purpose. Per
# purpose, because a stranger who knows the phone number can ask for Telegram link codes: that
# must not use up the codes the customer needs for a transfer or to unblock a card.
# Counted from the codes' own rows, so the cap holds across processes and restarts.
ISSUE_LIMITS = (
    IssueLimit(codes=5, window=timedelta(minutes=15)),
    IssueLimit(codes=10, window=timedelta(hours=24)),
)


@dataclass(frozen=True, slots=True)
class IssuedCode:
    id: int
    purpose: str
    expires_at: datetime
    sent_to: str  # masked phone


def _pepper() -> bytes:
    return deployment_secrets.value(OTP_PEPPER).encode()


def _hash(salt: str, value: str) -> str:
    return hmac.new(_pepper(), f"{salt}:{value}".encode(), hashlib.sha256).hexdigest()


def issue_code(
    uow: SqlUnitOfWork,
    customer_id: int,
    purpose: str,
    sender: CodeSender,
    channel: str = "system",
    *,
    to_phone: str | None = None,
) -> IssuedCode:
    """Make a new code (earlier unused codes for the purpose stop working) and send it after
    the commit, so no code goes out for a row that was never saved. `to_phone` (E.164): send it
    to that number instead of the customer's own (a phone change's code to the new number).

    Over ISSUE_LIMITS: TooManyCodes (with when to try again); nothing is sent or saved but
    the audit record of the refusal."""
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    salt = secrets.token_hex(8)
    with uow:
        # The customer's row lock makes concurrent requests count one after the other
        # (SQLite: BEGIN IMMEDIATE already does).
        customer = uow.customers.get_for_update(customer_id)
        if customer is None:
            raise CustomerNotFound()
        now = uow.now()
        retry_at = _next_allowed(uow, customer_id, purpose, now)
        if retry_at is not None:
            audit.record(uow, customer_id, "otp.refused", channel, purpose=purpose, retry_at=retry_at)
            uow.commit()
            raise TooManyCodes(retry_at)
        for old in uow.codes.active(customer_id, purpose):
            old.superseded_at = now
        row = uow.codes.add(
            m.OneTimeCode(
                customer_id=customer_id,
                purpose=purpose,
                code_hash=_hash(salt, code),
                salt=salt,
                expires_at=now + CODE_TTL,
                attempts=0,
                max_attempts=MAX_ATTEMPTS,
                created_at=now,
            )
        )
        phone = to_phone or customer.phone_e164
        audit.record(
            uow,
            customer_id,
            "otp.issued",
            channel,
            purpose=purpose,
            code_id=row.id,
            to=customers.mask_phone(phone),
        )
        issued = IssuedCode(row.id, purpose, row.expires_at, customers.mask_phone(phone))
        who = customers.view(customer)
        if to_phone is not None:
            # Only to that number: no copy to a linked chat, since the code proves the number.
            who = dataclasses.replace(who, phone=to_phone, telegram_id=None)
        uow.commit()
    sender.send_code(who, code, purpose)
    return issued


def _next_allowed(uow: SqlUnitOfWork, customer_id: int, purpose: str, now: datetime) -> datetime | None:
    """When the customer may have a new code for `purpose`, or None if now. A limit of N codes per window is
    reached when the customer's N-th newest code is inside the window; it frees up when that
    code leaves it."""
    longest = max(limit.window for limit in ISSUE_LIMITS)
    newest_first = uow.session.scalars(
        select(m.OneTimeCode.created_at)
        .where(
            m.OneTimeCode.customer_id == customer_id,
            m.OneTimeCode.purpose == purpose,
            m.OneTimeCode.created_at > now - longest,
        )
        .order_by(m.OneTimeCode.created_at.desc())
        .limit(max(limit.codes for limit in ISSUE_LIMITS))
    ).all()
    frees_at = [
        newest_first[limit.codes - 1] + limit.window
        for limit in ISSUE_LIMITS
        if len(newest_first) >= limit.codes and newest_first[limit.codes - 1] > now - limit.window
    ]
    return max(frees_at, default=None)


def verify_code(
    uow: SqlUnitOfWork, customer_id: int, purpose: str, code: str, channel: str = "system"
) -> str:
    """Check the customer's latest code for `purpose`; return a step-up token for it.

    A wrong code uses up an attempt (saved even though we raise); the third wrong code locks
    it. CodeExpired also covers "no code outstanding": either way, ask for a new one.
    """
    with uow:
        stmt = (
            select(m.OneTimeCode)
            .where(m.OneTimeCode.customer_id == customer_id, m.OneTimeCode.purpose == purpose)
            .order_by(m.OneTimeCode.id.desc())
            .limit(1)
        )
        if uow.dialect != "sqlite":
            stmt = stmt.with_for_update()  # two guesses at once must both count
        row = uow.session.scalars(stmt).first()
        now = uow.now()
        if row is None or row.superseded_at is not None or row.verified_at is not None:
            raise CodeExpired()
        if row.attempts >= row.max_attempts:
            raise CodeLocked()
        if now >= row.expires_at:
            raise CodeExpired()
        given = "".join(str(code).split())
        if not hmac.compare_digest(_hash(row.salt, given), row.code_hash):
            row.attempts += 1
            left = row.max_attempts - row.attempts
            audit.record(uow, customer_id, "otp.failed", channel, purpose=purpose, attempts_left=left)
            uow.commit()
            if left <= 0:
                raise CodeLocked()
            raise CodeInvalid(attempts_left=left)
        token = secrets.token_urlsafe(32)
        row.verified_at = now
        row.token_hash = _hash("token", token)
        row.token_expires_at = now + TOKEN_TTL
        audit.record(uow, customer_id, "otp.verified", channel, purpose=purpose, code_id=row.id)
        uow.commit()
        return token


def check_against_no_code(code: str) -> bool:
    """The work `verify_code` does on a guess (hash, constant-time compare), for a request that
    has no code behind it: a caller that must not reveal whether a code was ever sent (a stranger's
    phone number) answers as slowly as for a real one. Always False."""
    given = "".join(str(code).split())
    return hmac.compare_digest(_hash(secrets.token_hex(8), given), _hash("none", secrets.token_hex(8)))


def consume_step_up_token(uow: SqlUnitOfWork, customer_id: int, token: str, purpose: str) -> None:
    """Use up a step-up token inside the caller's transaction (so a rolled-back transfer
    leaves the token usable)."""
    row = uow.codes.by_token_hash(_hash("token", str(token)))
    if (
        row is None
        or row.customer_id != customer_id
        or row.purpose != purpose
        or row.token_used_at is not None
        or row.token_expires_at is None
        or uow.now() >= row.token_expires_at
    ):
        raise StepUpTokenInvalid()
    row.token_used_at = uow.now()
