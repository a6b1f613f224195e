"""Customers: who they are, found by login, phone or Telegram id; linking Telegram."""

from __future__ import annotations

import phonenumbers

from banking_backend import models as m
from banking_backend.domain.errors import (
    CustomerNotFound,
    InvalidPhoneNumber,
    TelegramAlreadyLinked,
)
from banking_backend.domain.views import CustomerView
from banking_backend.services import audit
from banking_backend.unit_of_work import SqlUnitOfWork
from kernel.masking import last_four


def normalise_phone(raw: str, default_region: str | None = None) -> str:
    """E.164 form of `raw`, or InvalidPhoneNumber."""
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        raise InvalidPhoneNumber("not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str) -> str:
    return last_four(e164)


def view(customer: m.Customer, profile: m.CustomerProfile | None = None) -> CustomerView:
    return CustomerView(
        id=customer.id,
        username=customer.username,
        name=customer.display_name,
        language=customer.language,
        phone=customer.phone_e164,
        telegram_id=customer.telegram_user_id,
        status=customer.status,
        vulnerable=customer.vulnerable,
        segment=profile.segment if profile is not None else "standard",
        sessions_valid_after=profile.sessions_valid_after if profile is not None else None,
    )


def _with_profile(uow: SqlUnitOfWork, customer: m.Customer | None) -> CustomerView | None:
    return view(customer, uow.profiles.get(customer.id)) if customer is not None else None


def get_customer(uow: SqlUnitOfWork, customer_id: int) -> CustomerView:
    with uow:
        customer = uow.customers.get(customer_id)
        if customer is None:
            raise CustomerNotFound()
        return view(customer, uow.profiles.get(customer_id))


def find_by_username(uow: SqlUnitOfWork, username: str) -> CustomerView | None:
    with uow:
        return _with_profile(uow, uow.customers.by_username(username.strip().lower()))


def find_by_phone(uow: SqlUnitOfWork, e164: str) -> CustomerView | None:
    try:
        e164 = normalise_phone(e164)
    except InvalidPhoneNumber:
        return None
    with uow:
        return _with_profile(uow, uow.customers.by_phone(e164))


def find_by_telegram_id(uow: SqlUnitOfWork, tg_id: int) -> CustomerView | None:
    with uow:
        return _with_profile(uow, uow.customers.by_telegram_id(int(tg_id)))


def list_customers(uow: SqlUnitOfWork) -> list[CustomerView]:
    with uow:
        return [view(c, uow.profiles.get(c.id)) for c in uow.customers.all()]


def create_customer(
    uow: SqlUnitOfWork,
    username: str,
    name: str,
    phone: str,
    language: str = "en",
    channel: str = "system",
) -> CustomerView:
    with uow:
        customer = uow.customers.add(
            m.Customer(
                username=username.strip().lower(),
                display_name=name,
                language=language,
                phone_e164=normalise_phone(phone),
                telegram_user_id=None,
                status="active",
                vulnerable=False,
                marketing_opt_in=False,
                created_at=uow.now(),
            )
        )
        profile = uow.profiles.get_or_add(customer.id)
        audit.record(uow, customer.id, "customer.created", channel, username=customer.username)
        result = view(customer, profile)
        uow.commit()
        return result


def link_telegram(uow: SqlUnitOfWork, customer_id: int, tg_id: int, channel: str) -> CustomerView:
    """Link a Telegram user to the customer (idempotent). A Telegram id linked to someone
    else raises TelegramAlreadyLinked; relinking the customer replaces the old id."""
    tg_id = int(tg_id)
    with uow:
        customer = uow.customers.get(customer_id)
        if customer is None:
            raise CustomerNotFound()
        holder = uow.customers.by_telegram_id(tg_id)
        if holder is not None and holder.id != customer_id:
            raise TelegramAlreadyLinked()
        if customer.telegram_user_id == tg_id:
            return view(customer, uow.profiles.get(customer_id))
        previous = customer.telegram_user_id
        customer.telegram_user_id = tg_id
        audit.record(
            uow,
            customer_id,
            "customer.telegram_linked",
            channel,
            telegram_id=tg_id,
            replaced=previous is not None,
        )
        result = view(customer, uow.profiles.get(customer_id))
        uow.commit()
        return result


def unlink_telegram(uow: SqlUnitOfWork, customer_id: int, channel: str) -> CustomerView:
    with uow:
        customer = uow.customers.get(customer_id)
        if customer is None:
            raise CustomerNotFound()
        if customer.telegram_user_id is not None:
            customer.telegram_user_id = None
            audit.record(uow, customer_id, "customer.telegram_unlinked", channel)
        result = view(customer, uow.profiles.get(customer_id))
        uow.commit()
        return result
