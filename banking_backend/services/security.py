"""Account security: sign a customer out everywhere (a lost phone). Web and REST sessions are
signed tokens the gateway checks on every request (channels/sessions.py); from now on it
refuses every token issued before this moment. The Telegram chat is unlinked (a stolen phone's
Telegram no longer speaks for the customer) and operations waiting for a yes are cancelled."""

from __future__ import annotations

from banking_backend.domain.errors import CustomerNotFound
from banking_backend.domain.views import SignedOutEverywhere
from banking_backend.services import audit
from banking_backend.services.retrying import in_transaction
from banking_backend.unit_of_work import SqlUnitOfWork


def sign_out_everywhere(uow: SqlUnitOfWork, customer_id: int, channel: str) -> SignedOutEverywhere:
    def work() -> SignedOutEverywhere:
        customer = uow.customers.get_for_update(customer_id)
        if customer is None:
            raise CustomerNotFound()
        now = uow.now()
        profile = uow.profiles.get_or_add(customer_id)
        profile.sessions_valid_after = now
        unlinked = customer.telegram_user_id is not None
        customer.telegram_user_id = None
        cancelled = 0
        for operation in uow.pending.pending_for_customer(customer_id):
            operation.status = "cancelled"
            cancelled += 1
        audit.record(
            uow,
            customer_id,
            "security.signed_out_everywhere",
            channel,
            telegram_unlinked=unlinked,
            operations_cancelled=cancelled,
        )
        return SignedOutEverywhere(customer_id, now, unlinked)

    return in_transaction(uow, work)
