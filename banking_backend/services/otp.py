"""One-time codes: bound to a customer and a purpose, short-lived, three attempts, single use.
Only hashes are stored. A verified code yields a single-use step-up token."""

from __future__ import annotations

import hashlib
import hmac
import os
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
)
from banking_backend.services import audit, customers
from banking_backend.unit_of_work import SqlUnitOfWork

CODE_TTL = timedelta(minutes=5)
TOKEN_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 3
CODE_DIGITS = 6


@dataclass(frozen=True, slots=True)
class IssuedCode:
    id: int
    purpose: str
    expires_at: datetime
    sent_to: str  # masked phone


def _pepper() -> bytes:
    return os.environ.get("BANK_OTP_PEPPER", "demo-otp-pepper").encode()


def _hash(salt: str, value: str) -> str:
    return hmac.new(_pepper(), f"{salt}:{value}".encode(), hashlib.sha256).hexdigest()


def issue_code(
    uow: SqlUnitOfWork, customer_id: int, purpose: str, sender: CodeSender, channel: str = "system"
) -> IssuedCode:
    """Make a new code (earlier unused codes for the purpose stop working) and send it after
    the commit, so no code goes out for a row that was never saved."""
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    salt = secrets.token_hex(8)
    with uow:
        customer = uow.customers.get(customer_id)
        if customer is None:
            raise CustomerNotFound()
        now = uow.now()
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
        audit.record(uow, customer_id, "otp.issued", channel, purpose=purpose, code_id=row.id)
        issued = IssuedCode(row.id, purpose, row.expires_at, customers.mask_phone(customer.phone_e164))
        who = customers.view(customer)
        uow.commit()
    sender.send_code(who, code, purpose)
    return issued


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
