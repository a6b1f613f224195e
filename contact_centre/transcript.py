"""The whole conversation for the console: the bot's side from the tracker store and the
human side from the queue, in time order, each line with its channel, numbers masked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from contact_centre.domain import TurnView
from contact_centre.tracker_store import TrackerEvent
from kernel.masking import mask_text


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    at: datetime
    speaker: str  # customer | bot | agent | event
    channel: str | None
    text: str
    detail: str | None = None  # the intent of a customer's turn to the bot, the agent's name


def merge(bot_events: list[TrackerEvent], human_turns: list[TurnView]) -> list[TranscriptLine]:
    lines: list[TranscriptLine] = []
    channel: str | None = None
    for e in bot_events:
        if e.type_name == "user":
            channel = e.channel or channel
            lines.append(TranscriptLine(e.at, "customer", channel, mask_text(e.text or ""), e.intent_name))
        elif e.type_name == "bot" and e.text:
            # Rasa's bot events carry no channel: the bot answers where the customer wrote.
            lines.append(TranscriptLine(e.at, "bot", channel, mask_text(e.text)))
        elif e.type_name in ("pause", "resume", "session_started"):
            label = {
                "pause": "paused for a human",
                "resume": "back to the bot",
                "session_started": "new session",
            }
            lines.append(TranscriptLine(e.at, "event", channel, label[e.type_name]))
    for t in human_turns:
        speaker = "customer" if t.author == "customer" else "agent"
        lines.append(TranscriptLine(t.created_at, speaker, t.channel, mask_text(t.text), t.agent))
    # Stable sort: equal times keep the bot-then-human order.
    return sorted(lines, key=lambda line: line.at)
