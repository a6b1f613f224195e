"""Writes rasa_broker_events.json: real Rasa 3.6 events as its event broker publishes them.
Run with the core runtime: `.venv-core/bin/python tests/unit/contact_centre/make_rasa_broker_events.py`."""

import json
from pathlib import Path

from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    SessionStarted,
    SlotSet,
    UserUttered,
)

TS = 1773133200.0  # 2026-03-10 09:00 UTC
META = {"channel": "web", "customer_id": 7}
PARSE = {
    "intent": {"name": "check_balance", "confidence": 0.93},
    "entities": [{"entity": "account", "value": "12345678", "start": 11, "end": 19}],
    "text": "balance of 12345678",
    "message_id": "m1",
    "metadata": META,
    "intent_ranking": [{"name": "check_balance", "confidence": 0.93}, {"name": "greet", "confidence": 0.04}],
}
EVENTS = [
    ActionExecuted("action_session_start", timestamp=TS),
    SessionStarted(timestamp=TS),
    ActionExecuted("action_listen", timestamp=TS),
    SlotSet("language", "en", timestamp=TS + 1),
    UserUttered(
        "balance of 12345678",
        intent=PARSE["intent"],
        entities=PARSE["entities"],
        parse_data=PARSE,
        timestamp=TS + 1,
        input_channel="rest",
        message_id="m1",
        metadata=META,
    ),
    ActionExecuted("action_check_balance", policy="RulePolicy", confidence=1.0, timestamp=TS + 2),
    SlotSet("account_number", "12345678", timestamp=TS + 2),
    BotUttered("Your balance is 1,000.00", metadata={"utter_action": "utter_balance"}, timestamp=TS + 2),
    SlotSet("satisfaction", "4", timestamp=TS + 3),
    ConversationPaused(timestamp=TS + 4),
    ConversationResumed(timestamp=TS + 5),
]

if __name__ == "__main__":
    bodies = [{"sender_id": "customer-1", **event.as_dict()} for event in EVENTS]
    out = Path(__file__).with_name("rasa_broker_events.json")
    out.write_text(json.dumps(bodies, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(bodies)} events to {out}")
