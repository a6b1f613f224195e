"""The service's figures over a period, from the tracker store's events, the queue and the
bank's tickets.

Definitions (the dashboard and its tests hold to these):
- a conversation is one Rasa session (from a `session_started` event to the next) that
  started in the period and has at least one user message; its channel is that of its first
  user message, its language the first value of the `language` slot in it;
- it was handed off when the queue holds a handoff of its sender created during the session;
  containment rate = conversations not handed off / conversations; handoff rate = the rest;
- handoff reasons, waits and handling times count the handoffs created in the period: wait is
  claim time - creation time (claimed ones), handling is close time - claim time (closed ones);
- fallback rate = user turns whose intent is nlu_fallback / user turns (of those conversations);
  top intents leave nlu_fallback out (it has its own rate);
- complaint categories count the bank's tickets opened in the period;
- satisfaction is the last `satisfaction` slot (an integer 1-5) of each conversation.

The bot's events come from one of two sources behind `BotEventSource`, chosen by
BANKBOT_FIGURES_SOURCE: `tracker_store` (the default: Rasa's SQL tracker store) or `events`
(`cc_bot_events`, filled from Rasa's event broker by `python -m contact_centre.events`). The
figures are computed by the same code from either.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from statistics import fmean
from typing import Any, Protocol

from contact_centre import queue
from contact_centre.bank import BankLookup, TicketSummary
from contact_centre.domain import HandoffView
from contact_centre.events.store import BotEventsReader
from contact_centre.unit_of_work import CentreUnitOfWork

FALLBACK_INTENT = "nlu_fallback"
TOP_INTENTS = 10
SESSION_SLACK = timedelta(hours=1)
SOURCES = ("tracker_store", "events")


class BotEvent(Protocol):
    """What the figures read of one of Rasa's events (TrackerEvent and FeedEvent have it)."""

    @property
    def id(self) -> int: ...
    @property
    def sender_id(self) -> str: ...
    @property
    def type_name(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def intent_name(self) -> str | None: ...
    @property
    def channel(self) -> str | None: ...
    @property
    def slot(self) -> tuple[str, Any] | None: ...


class BotEventSource(Protocol):
    def between(self, since: datetime, until: datetime) -> Iterable[BotEvent]: ...


def figures_source(env: dict[str, str] | None = None) -> str:
    """`tracker_store` unless BANKBOT_FIGURES_SOURCE says `events`; anything else is an error,
    so that a typo does not silently show the other source's figures."""
    env = dict(os.environ if env is None else env)
    source = env.get("BANKBOT_FIGURES_SOURCE", "").strip() or "tracker_store"
    if source not in SOURCES:
        raise ValueError(f"BANKBOT_FIGURES_SOURCE must be one of {', '.join(SOURCES)}, not {source!r}")
    return source


@dataclass(frozen=True, slots=True)
class Conversation:
    sender_id: str
    started_at: datetime
    ended_at: datetime
    channel: str
    language: str
    user_turns: int
    fallback_turns: int
    intents: tuple[str, ...]
    satisfaction: int | None
    handed_off: bool = False


@dataclass(frozen=True)
class Figures:
    since: datetime
    until: datetime
    conversations: int
    by_channel: dict[str, int]
    by_language: dict[str, int]
    handed_off: int
    containment_rate: float | None
    handoff_rate: float | None
    handoffs: int
    handoff_reasons: dict[str, int]
    user_turns: int
    fallback_turns: int
    fallback_rate: float | None
    top_intents: list[tuple[str, int]]
    complaint_categories: dict[str, int]
    average_wait_seconds: float | None
    average_handle_seconds: float | None
    satisfaction_average: float | None
    satisfaction_count: int
    satisfaction_distribution: dict[int, int] = field(default_factory=dict)


def _rating(value: object) -> int | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    if number.is_integer() and 1 <= number <= 5:
        return int(number)
    return None


def sessions(events: Iterable[BotEvent], until: datetime) -> list[Conversation]:
    """Split each sender's events into sessions; keep those begun before `until` with a user turn.
    Events before a sender's first `session_started` belong to a session begun earlier: skipped."""
    by_sender: dict[str, list[BotEvent]] = {}
    for e in events:
        by_sender.setdefault(e.sender_id, []).append(e)
    result = []
    for sender, evs in by_sender.items():
        evs.sort(key=lambda e: (e.at, e.id))
        current: list[BotEvent] | None = None
        groups: list[list[BotEvent]] = []
        for e in evs:
            if e.type_name == "session_started":
                current = [e]
                groups.append(current)
            elif current is not None:
                current.append(e)
        for group in groups:
            if group[0].at >= until:
                continue
            conversation = _conversation(sender, group)
            if conversation is not None:
                result.append(conversation)
    return sorted(result, key=lambda c: (c.started_at, c.sender_id))


def _conversation(sender: str, group: list[BotEvent]) -> Conversation | None:
    users = [e for e in group if e.type_name == "user"]
    if not users:
        return None
    language = next((str(e.slot[1]) for e in group if e.slot and e.slot[0] == "language" and e.slot[1]), None)
    ratings = [r for e in group if e.slot and e.slot[0] == "satisfaction" if (r := _rating(e.slot[1]))]
    return Conversation(
        sender_id=sender,
        started_at=group[0].at,
        ended_at=group[-1].at,
        channel=users[0].channel or "unknown",
        language=language or "unknown",
        user_turns=len(users),
        fallback_turns=sum(1 for e in users if e.intent_name == FALLBACK_INTENT),
        intents=tuple(e.intent_name for e in users if e.intent_name),
        satisfaction=ratings[-1] if ratings else None,
    )


def _mark_handoffs(conversations: list[Conversation], handoffs: list[HandoffView]) -> list[Conversation]:
    by_sender: dict[str, list[Conversation]] = {}
    for c in conversations:
        by_sender.setdefault(c.sender_id, []).append(c)
    marked = []
    for sender, convs in by_sender.items():
        convs.sort(key=lambda c: c.started_at)
        for i, c in enumerate(convs):
            next_start = convs[i + 1].started_at if i + 1 < len(convs) else None
            handed = any(
                h.conversation_id == sender
                and h.created_at >= c.started_at
                and (next_start is None or h.created_at < next_start)
                for h in handoffs
            )
            marked.append(_replace_handed(c, handed))
    return sorted(marked, key=lambda c: (c.started_at, c.sender_id))


def _replace_handed(c: Conversation, handed: bool) -> Conversation:
    return replace(c, handed_off=handed)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def compute(
    since: datetime,
    until: datetime,
    events: Iterable[BotEvent],
    handoffs: list[HandoffView],
    tickets: list[TicketSummary],
) -> Figures:
    """The figures of [since, until) from already-read events, handoffs and tickets."""
    conversations = _mark_handoffs(sessions(events, until), handoffs)
    conversations = [c for c in conversations if since <= c.started_at < until]
    total = len(conversations)
    handed = sum(1 for c in conversations if c.handed_off)
    user_turns = sum(c.user_turns for c in conversations)
    fallback_turns = sum(c.fallback_turns for c in conversations)
    intents = Counter(i for c in conversations for i in c.intents if i != FALLBACK_INTENT)
    in_period = [h for h in handoffs if since <= h.created_at < until]
    waits = [(h.claimed_at - h.created_at).total_seconds() for h in in_period if h.claimed_at]
    handles = [
        (h.closed_at - h.claimed_at).total_seconds() for h in in_period if h.claimed_at and h.closed_at
    ]
    ratings = [c.satisfaction for c in conversations if c.satisfaction is not None]
    return Figures(
        since=since,
        until=until,
        conversations=total,
        by_channel=dict(Counter(c.channel for c in conversations).most_common()),
        by_language=dict(Counter(c.language for c in conversations).most_common()),
        handed_off=handed,
        containment_rate=_ratio(total - handed, total),
        handoff_rate=_ratio(handed, total),
        handoffs=len(in_period),
        handoff_reasons=dict(Counter(h.reason for h in in_period).most_common()),
        user_turns=user_turns,
        fallback_turns=fallback_turns,
        fallback_rate=_ratio(fallback_turns, user_turns),
        top_intents=intents.most_common(TOP_INTENTS),
        complaint_categories=dict(
            Counter(t.category for t in tickets if since <= t.created_at < until).most_common()
        ),
        average_wait_seconds=fmean(waits) if waits else None,
        average_handle_seconds=fmean(handles) if handles else None,
        satisfaction_average=fmean(ratings) if ratings else None,
        satisfaction_count=len(ratings),
        satisfaction_distribution={n: ratings.count(n) for n in range(1, 6)},
    )


def to_csv(figures: Figures) -> str:
    """One figure per row: section, key, value (rates as fractions, times in seconds)."""
    out = io.StringIO()
    w = _SafeWriter(csv.writer(out, lineterminator="\n"))
    w.writerow(["section", "key", "value"])
    w.writerow(["period", "since", figures.since.isoformat()])
    w.writerow(["period", "until", figures.until.isoformat()])

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")

    w.writerow(["conversations", "total", figures.conversations])
    for key, n in figures.by_channel.items():
        w.writerow(["conversations_by_channel", key, n])
    for key, n in figures.by_language.items():
        w.writerow(["conversations_by_language", key, n])
    w.writerow(["rates", "containment", number(figures.containment_rate)])
    w.writerow(["rates", "handoff", number(figures.handoff_rate)])
    w.writerow(["rates", "fallback", number(figures.fallback_rate)])
    w.writerow(["handoffs", "total", figures.handoffs])
    for key, n in figures.handoff_reasons.items():
        w.writerow(["handoff_reasons", key, n])
    for key, n in figures.top_intents:
        w.writerow(["top_intents", key, n])
    for key, n in figures.complaint_categories.items():
        w.writerow(["complaint_categories", key, n])
    w.writerow(["times", "average_wait_seconds", number(figures.average_wait_seconds)])
    w.writerow(["times", "average_handle_seconds", number(figures.average_handle_seconds)])
    w.writerow(["satisfaction", "average", number(figures.satisfaction_average)])
    w.writerow(["satisfaction", "count", figures.satisfaction_count])
    for key, n in figures.satisfaction_distribution.items():
        w.writerow(["satisfaction_distribution", key, n])
    return out.getvalue()


class _SafeWriter:
    """Keeps a spreadsheet from reading a cell (a channel or intent name) as a formula."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([_cell(v) for v in row])


def _cell(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def gather(
    since: datetime,
    until: datetime,
    reader: BotEventSource,
    centre_uow: CentreUnitOfWork,
    bank: BankLookup | None,
    source: str | None = None,
) -> Figures:
    """Read the period's events, handoffs and tickets, and compute the figures (blocking I/O).
    `reader` is the tracker store's; with the `events` source (`source`, else the environment)
    the bot's events are read from the contact centre's `cc_bot_events` instead."""
    if (source or figures_source()) == "events":
        reader = BotEventsReader(centre_uow)
    # Sessions begun in the period may have handoffs up to the end of their last event;
    # handoffs of the period itself are filtered again in compute().
    handoffs = queue.handoffs_between(centre_uow, since, until + SESSION_SLACK)
    return compute(
        since,
        until,
        reader.between(since, until),
        handoffs,
        bank.tickets_between(since, until) if bank is not None else [],
    )
