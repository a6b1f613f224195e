"""The customer's profile: contact details (address, e-mail, phone), preferred language and
channel, segment. Every change is audited with what changed, personal data masked by the house
rule (kernel/masking.py). A phone change needs two one-time codes, one sent to the old number
and one to the new; it applies only when both were entered, before it expires."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import phonenumbers

from banking_backend import models as m
from banking_backend.code_senders import CodeSender
from banking_backend.domain.errors import (
    CustomerNotFound,
    InvalidAddress,
    InvalidEmail,
    InvalidRequest,
    PhoneChangeNotFound,
    PhoneNumberUnavailable,
)
from banking_backend.domain.views import PhoneChangeView, ProfileView
from banking_backend.services import audit, customers, otp
from banking_backend.services.retrying import in_transaction
from banking_backend.unit_of_work import SqlUnitOfWork
from kernel.masking import last_four, mask_address, mask_email

LANGUAGES = ("en", "zh")
CHANNELS = ("web", "sms", "telegram", "phone", "email")
SEGMENTS = ("standard", "premium")
# Long enough to read two texts and type both codes (each code lives otp.CODE_TTL).
PHONE_CHANGE_TTL = timedelta(minutes=15)
PURPOSE_OLD_PHONE = "phone_change_old"
PURPOSE_NEW_PHONE = "phone_change_new"
PURPOSES = {"old": PURPOSE_OLD_PHONE, "new": PURPOSE_NEW_PHONE}


def _customer(uow: SqlUnitOfWork, customer_id: int, lock: bool = False) -> m.Customer:
    customer = uow.customers.get_for_update(customer_id) if lock else uow.customers.get(customer_id)
    if customer is None:
        raise CustomerNotFound()
    return customer


def _view(customer: m.Customer, profile: m.CustomerProfile) -> ProfileView:
    return ProfileView(
        customer_id=customer.id,
        name=customer.display_name,
        language=customer.language,
        phone=customer.phone_e164,
        email=profile.email,
        address=profile.address,
        preferred_channel=profile.preferred_channel,
        segment=profile.segment,
        telegram_linked=customer.telegram_user_id is not None,
        phone_changed_at=profile.phone_changed_at,
        address_changed_at=profile.address_changed_at,
    )


def get_profile(uow: SqlUnitOfWork, customer_id: int) -> ProfileView:
    with uow:
        customer = _customer(uow, customer_id)
        profile = uow.profiles.get(customer_id) or m.CustomerProfile(
            customer_id=customer_id, preferred_channel="web", segment="standard"
        )
        return _view(customer, profile)


def _change(
    uow: SqlUnitOfWork, customer_id: int, apply: Callable[[m.Customer, m.CustomerProfile], None]
) -> ProfileView:
    """Run `apply(customer, profile)` under the customer's row lock, commit, return the profile."""

    def work() -> ProfileView:
        customer = _customer(uow, customer_id, lock=True)
        profile = uow.profiles.get_or_add(customer_id)
        apply(customer, profile)
        return _view(customer, profile)

    return in_transaction(uow, work)


def normalise_address(address: str) -> str:
    """One line per line the customer wrote, spaces tidied; 5 to 400 characters with a letter."""
    lines = [" ".join(line.split()) for line in str(address).splitlines()]
    text = "\n".join(line for line in lines if line)
    if not 5 <= len(text) <= 400 or not any(ch.isalpha() for ch in text):
        raise InvalidAddress("an address of 5 to 400 characters, with a street or place name")
    return text


def change_address(uow: SqlUnitOfWork, customer_id: int, address: str, channel: str) -> ProfileView:
    new = normalise_address(address)

    def apply(customer: m.Customer, profile: m.CustomerProfile) -> None:
        if profile.address == new:
            return
        old, profile.address, profile.address_changed_at = profile.address, new, uow.now()
        audit.record(
            uow,
            customer_id,
            "profile.address_changed",
            channel,
            old=mask_address(old) if old else None,
            new=mask_address(new),
        )

    return _change(uow, customer_id, apply)


def normalise_email(email: str) -> str:
    """A syntactic check only (one @, a dotted domain, no spaces); the domain lower-cased.
    Whether the mailbox is the customer's is for a confirmation e-mail, which the bank does not
    send yet."""
    text = str(email).strip()
    local, at, domain = text.rpartition("@")
    labels = domain.split(".")
    if (
        not at
        or not local
        or len(text) > 254
        or len(local) > 64
        or any(ch.isspace() for ch in text)
        or "@" in local
        or len(labels) < 2
        or not all(labels)
        or not labels[-1].isalpha()
    ):
        raise InvalidEmail("not an e-mail address")
    return f"{local}@{domain.lower()}"


def change_email(uow: SqlUnitOfWork, customer_id: int, email: str, channel: str) -> ProfileView:
    new = normalise_email(email)

    def apply(customer: m.Customer, profile: m.CustomerProfile) -> None:
        if profile.email == new:
            return
        old, profile.email, profile.email_changed_at = profile.email, new, uow.now()
        audit.record(
            uow,
            customer_id,
            "profile.email_changed",
            channel,
            old=mask_email(old) if old else None,
            new=mask_email(new),
        )

    return _change(uow, customer_id, apply)


def set_language(uow: SqlUnitOfWork, customer_id: int, language: str, channel: str) -> ProfileView:
    if language not in LANGUAGES:
        raise InvalidRequest(f"language must be one of {', '.join(LANGUAGES)}")

    def apply(customer: m.Customer, profile: m.CustomerProfile) -> None:
        if customer.language != language:
            old, customer.language = customer.language, language
            audit.record(uow, customer_id, "profile.language_changed", channel, old=old, new=language)

    return _change(uow, customer_id, apply)


def set_preferred_channel(uow: SqlUnitOfWork, customer_id: int, preferred: str, channel: str) -> ProfileView:
    """Where the bank reaches the customer first. Telegram needs a linked chat; e-mail an address."""
    if preferred not in CHANNELS:
        raise InvalidRequest(f"channel must be one of {', '.join(CHANNELS)}")

    def apply(customer: m.Customer, profile: m.CustomerProfile) -> None:
        if preferred == "telegram" and customer.telegram_user_id is None:
            raise InvalidRequest("link Telegram first")
        if preferred == "email" and not profile.email:
            raise InvalidRequest("give an e-mail address first")
        if profile.preferred_channel != preferred:
            old, profile.preferred_channel = profile.preferred_channel, preferred
            audit.record(uow, customer_id, "profile.channel_changed", channel, old=old, new=preferred)

    return _change(uow, customer_id, apply)


def set_segment(uow: SqlUnitOfWork, customer_id: int, segment: str, *, staff: str) -> ProfileView:
    """For staff: a customer becomes premium (fee waivers) or standard."""
    if segment not in SEGMENTS:
        raise InvalidRequest(f"segment must be one of {', '.join(SEGMENTS)}")

    def apply(customer: m.Customer, profile: m.CustomerProfile) -> None:
        if profile.segment != segment:
            old, profile.segment = profile.segment, segment
            audit.record(
                uow,
                None,
                "profile.segment_changed",
                "console",
                customer_id=customer_id,
                old=old,
                new=segment,
                staff=staff,
            )

    return _change(uow, customer_id, apply)


# --- phone number ---------------------------------------------------------------------------


def _phone_change_view(row: m.PhoneChange) -> PhoneChangeView:
    return PhoneChangeView(
        id=row.id,
        status=row.status,
        new_phone_masked=last_four(row.new_phone_e164),
        old_number_verified=row.old_verified_at is not None,
        new_number_verified=row.new_verified_at is not None,
        expires_at=row.expires_at,
    )


def start_phone_change(
    uow: SqlUnitOfWork, customer_id: int, new_phone: str, sender: CodeSender, channel: str
) -> PhoneChangeView:
    """Ask to move the customer to `new_phone`: a code goes to the number they have and one to
    the new number. An earlier request still pending is cancelled. Raises InvalidPhoneNumber,
    PhoneNumberUnavailable (their current number, or one the bank cannot take), TooManyCodes.
    A number typed without its country code is read as one of the current number's country."""

    def work() -> tuple[str, PhoneChangeView]:
        customer = _customer(uow, customer_id, lock=True)
        # A number typed without +country is read as one of the country of the current number.
        region = phonenumbers.region_code_for_number(phonenumbers.parse(customer.phone_e164))
        e164 = customers.normalise_phone(str(new_phone), region)
        holder = uow.customers.by_phone(e164)
        if customer.phone_e164 == e164 or (holder is not None and holder.id != customer_id):
            raise PhoneNumberUnavailable()
        now = uow.now()
        for earlier in uow.phone_changes.pending(customer_id):
            earlier.status = "cancelled"
        row = uow.phone_changes.add(
            m.PhoneChange(
                customer_id=customer_id,
                new_phone_e164=e164,
                status="pending",
                channel=channel,
                created_at=now,
                expires_at=now + PHONE_CHANGE_TTL,
            )
        )
        audit.record(
            uow,
            customer_id,
            "profile.phone_change_started",
            channel,
            change_id=row.id,
            old=last_four(customer.phone_e164),
            new=last_four(e164),
        )
        return row.new_phone_e164, _phone_change_view(row)

    e164, started = in_transaction(uow, work)
    # Each code is saved, then sent (otp.issue_code); the old number's first.
    otp.issue_code(uow, customer_id, PURPOSE_OLD_PHONE, sender, channel)
    otp.issue_code(uow, customer_id, PURPOSE_NEW_PHONE, sender, channel, to_phone=e164)
    return started


def _pending_change(uow: SqlUnitOfWork, customer_id: int) -> m.PhoneChange:
    rows = uow.phone_changes.pending(customer_id)
    if not rows:
        raise PhoneChangeNotFound()
    row = rows[-1]
    if uow.now() >= row.expires_at:
        row.status = "expired"
        uow.commit()
        raise PhoneChangeNotFound()
    return row


def verify_phone_change(
    uow: SqlUnitOfWork, customer_id: int, which: str, code: str, channel: str
) -> PhoneChangeView:
    """The code sent to the `which` ('old' or 'new') number. When both were entered the number
    changes, in that transaction, and the change is audited. Raises PhoneChangeNotFound (none
    pending, or expired), what otp.verify_code raises (CodeInvalid, CodeLocked, CodeExpired),
    PhoneNumberUnavailable (someone took the number meanwhile)."""
    purpose = PURPOSES.get(which)
    if purpose is None:
        raise InvalidRequest("which is 'old' or 'new'")
    with uow:
        _pending_change(uow, customer_id)
    token = otp.verify_code(uow, customer_id, purpose, code, channel)

    def work() -> PhoneChangeView:
        customer = _customer(uow, customer_id, lock=True)
        row = _pending_change(uow, customer_id)
        otp.consume_step_up_token(uow, customer_id, token, purpose)
        now = uow.now()
        if which == "old":
            row.old_verified_at = now
        else:
            row.new_verified_at = now
        if row.old_verified_at is None or row.new_verified_at is None:
            return _phone_change_view(row)
        holder = uow.customers.by_phone(row.new_phone_e164)
        if holder is not None and holder.id != customer_id:
            row.status = "cancelled"
            uow.commit()
            raise PhoneNumberUnavailable()
        old = customer.phone_e164
        customer.phone_e164 = row.new_phone_e164
        profile = uow.profiles.get_or_add(customer_id)
        profile.phone_changed_at = now
        row.status, row.completed_at = "completed", now
        audit.record(
            uow,
            customer_id,
            "profile.phone_changed",
            channel,
            change_id=row.id,
            old=last_four(old),
            new=last_four(row.new_phone_e164),
        )
        return _phone_change_view(row)

    return in_transaction(uow, work)


def cancel_phone_change(uow: SqlUnitOfWork, customer_id: int, channel: str) -> None:
    def work() -> None:
        _customer(uow, customer_id, lock=True)
        for row in uow.phone_changes.pending(customer_id):
            row.status = "cancelled"
            audit.record(uow, customer_id, "profile.phone_change_cancelled", channel, change_id=row.id)

    in_transaction(uow, work)
