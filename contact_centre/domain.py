"""The queue's rules: reasons, priorities, SLAs, states and the moves allowed between them;
typed errors that the console and the desk turn into words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

REASONS = ("requested", "misunderstood", "complaint_high", "auth_failed", "fraud")
ROLES = ("supervisor", "agent")

WAITING = "waiting"
CLAIMED = "claimed"
RESOLVED = "resolved"
RETURNED_TO_BOT = "returned_to_bot"
STATES = (WAITING, CLAIMED, RESOLVED, RETURNED_TO_BOT)
OPEN_STATES = (WAITING, CLAIMED)

# 0 is the most urgent. Money the customer did not authorise (reason "fraud") comes before
# everything: it may still be leaving. Then a high-severity complaint, then a failed
# authentication (possible fraud, a customer locked out), then a plain request for a person.
TOP, URGENT, HIGH, NORMAL = 0, 1, 2, 3
BASE_PRIORITY = {
    "fraud": TOP,
    "complaint_high": URGENT,
    "auth_failed": HIGH,
    "requested": NORMAL,
    "misunderstood": NORMAL,
}
SLA = {
    TOP: timedelta(minutes=1),
    URGENT: timedelta(minutes=2),
    HIGH: timedelta(minutes=5),
    NORMAL: timedelta(minutes=10),
}


def priority_for(reason: str, *, vulnerable: bool = False) -> int:
    """The reason's priority, one step more urgent for a customer flagged vulnerable (up to
    URGENT: TOP is fraud's alone)."""
    if reason not in BASE_PRIORITY:
        raise UnknownReason(reason)
    base = BASE_PRIORITY[reason]
    return max(min(base, URGENT), base - 1) if vulnerable else base


def sla_due(created_at: datetime, priority: int) -> datetime:
    return created_at + SLA[priority]


# Which states each action may start from.
ALLOWED_FROM = {
    "claim": (WAITING, CLAIMED),
    "reassign": (WAITING, CLAIMED),
    "reply": (CLAIMED,),
    "customer_message": (WAITING, CLAIMED),
    "resolve": (CLAIMED,),
    "return_to_bot": (CLAIMED,),
}


@dataclass(frozen=True, slots=True)
class HandoffView:
    id: int
    conversation_id: str
    customer_id: int | None
    channel: str
    reason: str
    priority: int
    state: str
    created_at: datetime
    sla_due_at: datetime
    claimed_by: int | None
    claimed_by_name: str | None
    claimed_at: datetime | None
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def waited(self, now: datetime) -> timedelta:
        return (self.claimed_at or now) - self.created_at

    def overdue(self, now: datetime) -> bool:
        return self.state == WAITING and now > self.sla_due_at


@dataclass(frozen=True, slots=True)
class NoteView:
    id: int
    agent: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TurnView:
    id: int
    author: str  # customer | agent
    agent: str | None
    channel: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AgentView:
    id: int
    username: str
    name: str
    role: str
    active: bool

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


class CentreError(Exception):
    """Base of every error the contact centre raises on purpose."""


class UnknownReason(CentreError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"unknown handoff reason {reason!r}; one of {', '.join(REASONS)}")
        self.reason = reason


class HandoffNotFound(CentreError):
    pass


class IllegalTransition(CentreError):
    def __init__(self, action: str, state: str) -> None:
        super().__init__(f"cannot {action.replace('_', ' ')} a handoff that is {state.replace('_', ' ')}")
        self.action = action
        self.state = state


class ClaimedByAnother(CentreError):
    def __init__(self, holder: str | None) -> None:
        super().__init__(f"claimed by {holder or 'another agent'}")
        self.holder = holder


class NotPermitted(CentreError):
    def __init__(self, action: str) -> None:
        super().__init__(f"only a supervisor may {action}")
        self.action = action


class AgentNotFound(CentreError):
    pass


class AgentExists(CentreError):
    pass


class InvalidCredentials(CentreError):
    """Wrong username or password: deliberately does not say which."""


class InvalidInput(CentreError):
    pass
