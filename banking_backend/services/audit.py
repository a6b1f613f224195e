"""The audit log: every change is recorded, in the same transaction as the change itself."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from banking_backend import models as m
from banking_backend.domain.views import AuditView
from banking_backend.unit_of_work import SqlUnitOfWork


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def record(
    uow: SqlUnitOfWork,
    actor_customer_id: int | None,
    action: str,
    channel: str,
    **details: Any,
) -> None:
    """Append one record. Callers pass masked numbers only (the house rule for logs)."""
    uow.audit.add(
        m.AuditRecord(
            at=uow.now(),
            actor_customer_id=actor_customer_id,
            action=action,
            details=json.dumps(details, default=_json_default, ensure_ascii=False, sort_keys=True),
            channel=channel,
        )
    )


def _view(row: m.AuditRecord) -> AuditView:
    return AuditView(
        id=row.id,
        at=row.at,
        actor_customer_id=row.actor_customer_id,
        action=row.action,
        details=json.loads(row.details),
        channel=row.channel,
    )


def list_for_customer(uow: SqlUnitOfWork, customer_id: int, limit: int = 50) -> list[AuditView]:
    with uow:
        return [_view(row) for row in uow.audit.for_actor(customer_id, limit)]


def recent(uow: SqlUnitOfWork, limit: int = 100) -> list[AuditView]:
    """For staff tools (the supervisor console), not for customers."""
    with uow:
        return [_view(row) for row in uow.audit.recent(limit)]
