"""The gateway's own small tables: handled message ids, SMS opt-outs, offered buttons,
pending Telegram links, the conversations written in traditional characters and the agents'
replies waiting for their customer. Shared by every gateway instance, so N gateways behave
as one. Plain synchronous SQLAlchemy Core; async code calls it through
`starlette.concurrency.run_in_threadpool`. Made by the gateway's own Alembic environment
(`channels/migrations`), apart from the bank's history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from banking_backend.db import make_engine

metadata = MetaData()

handled_messages = Table(
    "channels_handled_messages",
    metadata,
    Column("channel", String(16), primary_key=True),
    Column("external_id", String(128), primary_key=True),
    Column("handled_at", DateTime(timezone=True), nullable=False),
    # A web message's answer (JSON list of messages), for a resend that reaches another gateway.
    Column("answer_json", Text, nullable=True),
)

sms_opt_outs = Table(
    "channels_sms_opt_outs",
    metadata,
    Column("phone", String(32), primary_key=True),
    Column("opted_out_at", DateTime(timezone=True), nullable=False),
)

offered_buttons = Table(
    "channels_offered_buttons",
    metadata,
    Column("channel", String(16), primary_key=True),
    Column("contact", String(128), primary_key=True),
    Column("buttons_json", Text, nullable=False),
    Column("offered_at", DateTime(timezone=True), nullable=False),
)

telegram_link_requests = Table(
    "channels_telegram_link_requests",
    metadata,
    Column("telegram_user_id", String(32), primary_key=True),
    # None: a decoy, for a number that is not a customer's or was refused a code (see
    # TelegramLinking.code): it answers guesses like a real request.
    Column("customer_id", Integer, nullable=True),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
)

traditional_conversations = Table(
    "channels_traditional_conversations",
    metadata,
    Column("conversation_id", String(128), primary_key=True),
    Column("noted_at", DateTime(timezone=True), nullable=False),
)

pending_replies = Table(
    "channels_pending_replies",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("conversation_id", String(128), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class PendingLink:
    """A Telegram user's `/link` waiting for its `/code`; customer_id None for a decoy."""

    customer_id: int | None
    requested_at: datetime
    attempts: int


def _handled(channel: str, external_id: str) -> Any:
    """The row of one handled message (ids are stored cut to the column's 128 characters)."""
    return and_(handled_messages.c.channel == channel, handled_messages.c.external_id == external_id[:128])


def _now() -> datetime:
    return datetime.now(UTC)


class GatewayStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)

    def migrate(self) -> None:
        """Only these tables; the deployment's start migrates everything (`migrate.migrate_all`)."""
        from channels.migrate import upgrade

        upgrade(self.url)

    def close(self) -> None:
        self.engine.dispose()

    def claim(self, channel: str, external_id: str) -> bool:
        """True the first time (channel, id) is seen, False ever after: a replay does nothing."""
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(handled_messages).values(
                        channel=channel, external_id=external_id[:128], handled_at=_now()
                    )
                )
        except IntegrityError:
            return False
        return True

    def record_answer(self, channel: str, external_id: str, answer: list[dict[str, Any]]) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(handled_messages)
                .where(_handled(channel, external_id))
                .values(answer_json=json.dumps(answer, ensure_ascii=False))
            )

    def answer_of(self, channel: str, external_id: str) -> list[dict[str, Any]] | None:
        """The answer recorded for a claimed message, or None while there is none."""
        with self.engine.begin() as conn:
            raw = conn.execute(
                select(handled_messages.c.answer_json).where(_handled(channel, external_id))
            ).scalar()
        return json.loads(raw) if raw else None

    def was_claimed(self, channel: str, external_id: str) -> bool:
        with self.engine.begin() as conn:
            row = conn.execute(
                select(handled_messages.c.channel).where(_handled(channel, external_id))
            ).first()
        return row is not None

    def opt_out(self, phone: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sms_opt_outs).where(sms_opt_outs.c.phone == phone))
            conn.execute(insert(sms_opt_outs).values(phone=phone, opted_out_at=_now()))

    def opt_in(self, phone: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sms_opt_outs).where(sms_opt_outs.c.phone == phone))

    def opted_out(self, phone: str) -> bool:
        with self.engine.begin() as conn:
            row = conn.execute(select(sms_opt_outs.c.phone).where(sms_opt_outs.c.phone == phone))
            return row.first() is not None

    def remember_buttons(self, channel: str, contact: str, buttons: list[dict[str, Any]]) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                delete(offered_buttons).where(
                    offered_buttons.c.channel == channel, offered_buttons.c.contact == contact
                )
            )
            if buttons:
                conn.execute(
                    insert(offered_buttons).values(
                        channel=channel,
                        contact=contact,
                        buttons_json=json.dumps(buttons, ensure_ascii=False),
                        offered_at=_now(),
                    )
                )

    def offered(self, channel: str, contact: str) -> list[dict[str, Any]]:
        with self.engine.begin() as conn:
            row = conn.execute(
                select(offered_buttons.c.buttons_json).where(
                    offered_buttons.c.channel == channel, offered_buttons.c.contact == contact
                )
            ).first()
        return json.loads(row[0]) if row else []

    def request_telegram_link(self, telegram_user_id: int, customer_id: int | None) -> None:
        key = str(telegram_user_id)
        with self.engine.begin() as conn:
            conn.execute(
                delete(telegram_link_requests).where(telegram_link_requests.c.telegram_user_id == key)
            )
            conn.execute(
                insert(telegram_link_requests).values(
                    telegram_user_id=key, customer_id=customer_id, requested_at=_now()
                )
            )

    def pending_telegram_link(self, telegram_user_id: int) -> PendingLink | None:
        with self.engine.begin() as conn:
            row = conn.execute(
                select(
                    telegram_link_requests.c.customer_id,
                    telegram_link_requests.c.requested_at,
                    telegram_link_requests.c.attempts,
                ).where(telegram_link_requests.c.telegram_user_id == str(telegram_user_id))
            ).first()
        if row is None:
            return None
        requested_at = row[1] if row[1].tzinfo else row[1].replace(tzinfo=UTC)  # SQLite drops it
        return PendingLink(customer_id=row[0], requested_at=requested_at, attempts=row[2])

    def count_telegram_link_guess(self, telegram_user_id: int) -> int:
        """One more guess at a decoy link request; how many it has had."""
        key = str(telegram_user_id)
        with self.engine.begin() as conn:
            conn.execute(
                update(telegram_link_requests)
                .where(telegram_link_requests.c.telegram_user_id == key)
                .values(attempts=telegram_link_requests.c.attempts + 1)
            )
            row = conn.execute(
                select(telegram_link_requests.c.attempts).where(
                    telegram_link_requests.c.telegram_user_id == key
                )
            ).first()
        return row[0] if row else 0

    def forget_telegram_link(self, telegram_user_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                delete(telegram_link_requests).where(
                    telegram_link_requests.c.telegram_user_id == str(telegram_user_id)
                )
            )

    # --- the script a conversation is written in ----------------------------------------
    def note_script(self, conversation_id: str, traditional: bool | None) -> bool:
        """Remember what the customer's last Chinese message showed (None: no Chinese in it, keep
        what was known); True when the conversation is now answered in traditional characters."""
        table = traditional_conversations
        found = select(table.c.conversation_id).where(table.c.conversation_id == conversation_id)
        with self.engine.connect() as conn:  # most messages change nothing: read before writing
            known = conn.execute(found).first() is not None
        if traditional is None or traditional == known:
            return known
        with self.engine.begin() as conn:
            conn.execute(delete(table).where(table.c.conversation_id == conversation_id))
            if traditional:
                conn.execute(insert(table).values(conversation_id=conversation_id, noted_at=_now()))
        return traditional

    # --- agents' replies waiting for their customer -------------------------------------
    def put_reply(self, conversation_id: str, text: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(pending_replies).values(conversation_id=conversation_id, text=text, created_at=_now())
            )

    def take_replies(self, conversation_id: str) -> list[str]:
        """The waiting replies, oldest first, deleted in the same statement (DELETE ... RETURNING):
        whichever gateway the customer comes back to, each reply is handed over once; a gateway
        taking at the same moment waits for the rows' locks and then finds them gone."""
        table = pending_replies
        waiting = select(table.c.id).where(table.c.conversation_id == conversation_id).limit(1)
        with self.engine.connect() as conn:  # nearly always none: no write transaction per message
            if conn.execute(waiting).first() is None:
                return []
        taking = delete(table).where(table.c.conversation_id == conversation_id)
        with self.engine.begin() as conn:
            rows = conn.execute(taking.returning(table.c.id, table.c.text)).all()
        return [text for _, text in sorted(rows)]


class StoredOutbox:
    """The router's and the deliverer's outbox on the gateway's tables (the `channels.ports.Outbox`)."""

    def __init__(self, store: GatewayStore) -> None:
        self._store = store

    def put(self, conversation_id: str, text: str) -> None:
        self._store.put_reply(conversation_id, text)

    def take(self, conversation_id: str) -> list[dict[str, Any]]:
        return [{"text": text} for text in self._store.take_replies(conversation_id)]


class StoredScripts:
    """The router's memory of conversations written in traditional characters, shared by all gateways."""

    def __init__(self, store: GatewayStore) -> None:
        self._store = store

    def note(self, conversation_id: str, traditional: bool | None) -> bool:
        return self._store.note_script(conversation_id, traditional)
