"""Typed errors: each carries what an answer to the customer needs; words come at the edge."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from banking_backend.domain.money import Money


class BankError(Exception):
    """Base of every error the bank raises on purpose."""

    def __init__(self, message: str = "", **details: Any) -> None:
        super().__init__(message or self.__class__.__name__)
        self.details = details


class InvalidAmount(BankError):
    """`code` says which rule the amount broke (the edge words it from `code` and `facts`);
    `reason` is the same in English, for logs."""

    def __init__(self, reason: str, code: str = "invalid", **facts: Any) -> None:
        super().__init__(f"invalid amount: {reason}", reason=reason, code=code, **facts)
        self.reason = reason
        self.code = code
        self.facts = facts


class CurrencyMismatch(BankError):
    def __init__(self, expected: str, got: str) -> None:
        super().__init__(f"currency {got} does not match {expected}", expected=expected, got=got)
        self.expected = expected
        self.got = got


class NotOwner(BankError):
    """The resource exists but belongs to someone else (used where existence is not secret)."""


class CustomerNotFound(BankError):
    pass


class AccountNotFound(BankError):
    """No such account *for this customer*: says nothing about other customers' accounts."""


class CardNotFound(BankError):
    pass


class TicketNotFound(BankError):
    pass


class TransferNotFound(BankError):
    pass


class PayeeNotFound(BankError):
    def __init__(self, saved_payees: Sequence[str] = ()) -> None:
        super().__init__("payee not found", saved_payees=list(saved_payees))
        self.saved_payees = list(saved_payees)


class InsufficientFunds(BankError):
    def __init__(self, available: Money) -> None:
        super().__init__(f"insufficient funds: {available} available", available=available)
        self.available = available


class LimitExceeded(BankError):
    def __init__(self, limit: Money, kind: str, remaining: Money | None = None) -> None:
        super().__init__(f"{kind} limit {limit} exceeded", limit=limit, kind=kind)
        self.limit = limit
        self.kind = kind
        self.remaining = remaining


class StepUpRequired(BankError):
    def __init__(self, purpose: str, reasons: Sequence[str] = ()) -> None:
        super().__init__(f"one-time code required for {purpose}", purpose=purpose)
        self.purpose = purpose
        self.reasons = list(reasons)


class StepUpTokenInvalid(BankError):
    """A step-up token was presented but is unknown, expired, used, or for another purpose."""


class CodeInvalid(BankError):
    def __init__(self, attempts_left: int) -> None:
        super().__init__(f"wrong code, {attempts_left} attempts left", attempts_left=attempts_left)
        self.attempts_left = attempts_left


class CodeExpired(BankError):
    pass


class CodeLocked(BankError):
    pass


class TooManyCodes(BankError):
    """The customer was sent as many one-time codes as the bank allows for now; none was sent."""

    def __init__(self, retry_at: datetime) -> None:
        super().__init__(f"too many one-time codes; next one at {retry_at.isoformat()}", retry_at=retry_at)
        self.retry_at = retry_at  # aware UTC: the first moment a new code can be issued


class CardStateError(BankError):
    def __init__(self, status: str, action: str, hint: str = "") -> None:
        super().__init__(f"cannot {action} a card that is {status}", status=status, action=action)
        self.status = status
        self.action = action
        self.hint = hint


class CardVerificationFailed(BankError):
    """The last four digits given to activate a card do not match."""


class CardLimitOutOfBounds(BankError):
    def __init__(self, minimum: Money, maximum: Money) -> None:
        super().__init__(f"limit must be between {minimum} and {maximum}")
        self.minimum = minimum
        self.maximum = maximum


class DuplicateIdempotencyKey(BankError):
    """The idempotency key was already used for a request with different parameters."""


class AccountStateError(BankError):
    def __init__(self, status: str, action: str) -> None:
        super().__init__(f"cannot {action} an account that is {status}")
        self.status = status
        self.action = action


class SameAccount(BankError):
    """A transfer from an account to itself."""


class UnbalancedEntry(BankError):
    """A journal entry whose postings do not sum to zero per currency (a bug, never input)."""


class InvalidPhoneNumber(BankError):
    pass


class TelegramAlreadyLinked(BankError):
    """This Telegram user is already linked to another customer."""


class NothingToPay(BankError):
    """The statement (or minimum) is already paid."""


class InvalidRequest(BankError):
    """A parameter is missing or contradicts another (e.g. both a payee and an account)."""


class OperationNotFound(BankError):
    """No operation waiting for this customer's yes: none recorded, another customer's, or of
    another kind than the one being confirmed (which of these is not told)."""


class OperationExpired(BankError):
    """The operation waited longer than the bank keeps a summary open."""


class OperationCancelled(BankError):
    """The customer said no, or corrected the request (a newer operation replaced it)."""


class OperationAlreadyDone(BankError):
    """The operation was executed before; it is not done twice."""


class ConfirmationTooOld(BankError):
    """The message that says yes was signed before the bank recorded the operation, or is the
    message the summary answered: it cannot be the customer's answer to that summary (a
    statement lifted from an older message)."""


class TransactionNotFound(BankError):
    """No such transaction among *this customer's* accounts."""


class RateNotFound(BankError):
    """The bank publishes no rate for this pair (or none on or before the date asked)."""

    def __init__(self, base: str, quote: str) -> None:
        super().__init__(f"no rate for {base}/{quote}", base=base, quote=quote)
        self.base = base
        self.quote = quote


class InvalidEmail(BankError):
    pass


class InvalidAddress(BankError):
    pass


class PhoneNumberUnavailable(BankError):
    """The new number cannot be used (it is the current one, or the bank cannot take it):
    which of these is not told, so the answer reveals no other customer's number."""


class PhoneChangeNotFound(BankError):
    """No pending phone change for this customer (none, finished, cancelled or expired)."""


class TransferNotHeld(BankError):
    """Staff asked to release or reject a transfer that is not held for review."""
