"""D11: one masking rule (kernel/masking.py) for logs, transcripts and stores. Card, account and
phone numbers show their last four digits; references, dates, times and amounts are spared; a
one-time code is hidden where it answers a code question. What a customer types reaches Rasa's
tracker store masked (bot/tracker_masking.py) while the turn itself saw it in clear."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from datetime import UTC, datetime

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kernel.identity import conversation_id_for
from kernel.masking import mask_code, mask_log_records, mask_text

CARD = "4000 0000 0001 4821"  # passes the Luhn check; alice's debit card ends 4821 in the demo bank


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("my card is 4000 0000 0001 4821", "my card is ••••4821"),
        ("card 4000-0000-0001-4821.", "card ••••4821."),
        ("card4000000000014821", "card••••4821"),
        ("reference 1234567812345678", "reference 1234567812345678"),  # 16 digits, not a card
        ("ticket CMP-20261129-0001 please", "ticket CMP-20261129-0001 please"),
        ("your transfer T1234567 went through", "your transfer T1234567 went through"),
        (
            "A colleague will reply by 2026-11-29 14:27 UTC.",
            "A colleague will reply by 2026-11-29 14:27 UTC.",
        ),
        ("charged on 29/11/2026 at 9:05", "charged on 29/11/2026 at 9:05"),
        ("account 12345678 on 2026-11-29", "account ••••5678 on 2026-11-29"),
        ("account 620000044201, send 500", "account ••••4201, send 500"),
        ("call me on +1 (415) 555-0101", "call me on ••••0101"),
        ("or 415-555-0101", "or ••••0101"),
        ("send 800", "send 800"),
        ("500", "500"),
        ("Done: $8,009.29 sent", "Done: $8,009.29 sent"),
        ("a limit of 1,000.00 or 1000000.00", "a limit of 1,000.00 or 1000000.00"),
        ("I've sent a code to ••••0101", "I've sent a code to ••••0101"),
        ("我的手机号是+86 138 0013 8000", "我的手机号是••••8000"),
        ("打电话给13800138000", "打电话给••••8000"),
        ("转500到6222 0210 0112 3456 7890", "转500到••••7890"),
        ("转500到6222 0210 0112 3456 789", "转500到••••6789"),  # a 19-digit UnionPay card
        ("账号620000044201转¥500", "账号••••4201转¥500"),
        ("转账1000000元", "转账1000000元"),
        ("您的投诉已记录，编号 CMP-2026-000123。", "您的投诉已记录，编号 CMP-2026-000123。"),
        ("我们的同事会在 2026-11-29 14:27 UTC 前回复您", "我们的同事会在 2026-11-29 14:27 UTC 前回复您"),
        ("2026年11月29日扣了两次", "2026年11月29日扣了两次"),
    ],
)
def test_the_one_rule_masks_customers_numbers_and_spares_references_dates_and_amounts(typed, stored):
    assert mask_text(typed) == stored


def _luhn_completed(body: str) -> str:
    """`body` and the check digit that makes it pass the Luhn check."""
    for check in "0123456789":
        digits = [int(d) for d in body + check][::-1]
        if sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits)) % 10 == 0:
            return body + check
    raise AssertionError("unreachable")


@given(
    body=st.text(alphabet="0123456789", min_size=12, max_size=18),
    separator=st.sampled_from(["", " ", "-"]),
)
def test_any_card_number_keeps_only_its_last_four_digits_however_it_is_grouped(body, separator):
    number = _luhn_completed(body)
    grouped = separator.join(number[i : i + 4] for i in range(0, len(number), 4))
    assert mask_text(f"card {grouped}, please") == f"card ••••{number[-4:]}, please"
    assert mask_text(f"卡号{grouped}。") == f"卡号••••{number[-4:]}。"


def test_a_code_is_hidden_only_where_it_answers_a_code_question():
    assert mask_text("483920") == "483920"  # out of context, a short number is a number
    assert mask_code("483920") == "••••"
    assert mask_code("验证码是 483920") == "验证码是 ••••"


def test_every_log_record_of_a_process_is_masked_whoever_logs_it(caplog):
    previous = logging.getLogRecordFactory()
    try:
        mask_log_records()
        mask_log_records()  # idempotent: one masking, not two
        with caplog.at_level(logging.INFO):
            logging.getLogger("rasa_sdk.somewhere").info("card %s by %s", CARD, "2026-11-29 14:27")
        assert caplog.records[-1].getMessage() == "card ••••4821 by 2026-11-29 14:27"
    finally:
        logging.setLogRecordFactory(previous)


@pytest.mark.parametrize(
    "setup",
    [
        "from channels.masking import configure_gateway_logging; configure_gateway_logging()",
        "import actions",  # what the action server loads, whichever server it is
    ],
)
def test_the_gateways_and_the_action_servers_logs_are_masked(setup):
    import subprocess
    import sys

    from bankbot_cli.paths import ROOT

    script = (
        f"{setup}\nimport logging\n"
        "record = logging.getLogger('any.logger').makeRecord("
        "'any.logger', logging.INFO, 'f', 1, 'from %s on %s', ('+8613800138000', '2026-11-29'), None)\n"
        "print(record.getMessage())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "from ••••8000 on 2026-11-29"


def test_the_demo_code_sender_logs_without_the_code_and_with_the_phone_masked(caplog, monkeypatch, tmp_path):
    from banking_backend.code_senders import DemoFileCodeSender
    from banking_backend.domain.views import CustomerView

    monkeypatch.setenv("BANKBOT_DEMO", "1")
    customer = CustomerView(7, "alice", "Alice", "en", "+14155550101", None, "active", False)
    with caplog.at_level(logging.INFO, logger="banking_backend.code_senders"):
        DemoFileCodeSender(tmp_path / "codes").send_code(customer, "483920", "transfer")
    logged = "\n".join(r.getMessage() for r in caplog.records).replace(str(tmp_path), "")
    assert "••••0101" in logged
    assert re.findall(r"\d+", logged) == ["7", "0101", "7"]  # the customer, the phone's last four, the file


def test_a_transcript_keeps_references_and_dates_and_masks_the_card():
    from contact_centre.tracker_store import TrackerEvent
    from contact_centre.transcript import merge

    at = datetime(2026, 11, 29, 14, 0, tzinfo=UTC)
    said = (
        "I've recorded your complaint as CMP-20261129-0001. A colleague will reply by 2026-11-30 14:27 UTC."
    )
    events = [
        TrackerEvent(1, "c", "user", at, "report_complaint", None, {"text": f"card {CARD} charged twice"}),
        TrackerEvent(2, "c", "bot", at, None, None, {"text": said}),
    ]
    lines = [line.text for line in merge(events, [])]
    assert lines == ["card ••••4821 charged twice", said]


def test_every_start_mode_keeps_rasas_conversations_in_the_masking_store(tmp_path):
    from bankbot_cli.paths import ROOT
    from bankbot_cli.rasa_endpoints import TRACKER_STORE_TYPE, sql_tracker_store
    from bankbot_cli.scale import ScaleConfig, endpoints
    from bankbot_cli.services import tracker_store_url

    # The tests' stacks (bankbot_cli/launched_stack.py) write their store with sql_tracker_store.
    assert TRACKER_STORE_TYPE == "bot.tracker_masking.MaskingSQLTrackerStore"
    assert sql_tracker_store("sqlite", str(tmp_path / "t.db"))["type"] == TRACKER_STORE_TYPE
    assert yaml.safe_load((ROOT / "endpoints.yml").read_text())["tracker_store"]["type"] == TRACKER_STORE_TYPE
    env = {
        "DATABASE_URL": "postgresql+psycopg://bot:pw@127.0.0.1:5432/bank",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    cfg = ScaleConfig.from_env(2, 8000, env=env)
    assert endpoints(cfg, 0)["tracker_store"]["type"] == TRACKER_STORE_TYPE
    # The console reads the store that Rasa writes: our type is an SQL store too.
    assert tracker_store_url("endpoints.yml") == f"sqlite:///{ROOT / 'var/rasa_tracker.db'}"


STORE_SCRIPT = r"""
import asyncio, json, sqlite3, sys
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered, BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.core.tracker_store import TrackerStore
from rasa.utils.endpoints import EndpointConfig

db, card = sys.argv[1], sys.argv[2]
domain = Domain.load("domain.yml")
# Rasa builds the store from the endpoints as it does in `rasa run` (a custom type, SQL settings).
store = TrackerStore.create(
    EndpointConfig(type="bot.tracker_masking.MaskingSQLTrackerStore", dialect="sqlite", db=db), domain
)
tracker = DialogueStateTracker("customer-1", domain.slots)
card_entity = {"entity": "card", "value": card, "start": 9, "end": 28}
for event in [
    SessionStarted(), ActionExecuted("action_listen"),
    UserUttered(f"block my {card}", {"name": "block_card", "confidence": 1.0}, [card_entity]),
    SlotSet("block_card", card), SlotSet("block_card", "4821"),
    BotUttered(f"Which card, {card}?"),
    SlotSet("requested_slot", "transfer_amount"),
    UserUttered("1000000", {"name": "inform", "confidence": 1.0}),
    SlotSet("transfer_amount", "1000000"),
    SlotSet("requested_slot", "transfer_otp"),
    UserUttered("483920", {"name": "inform", "confidence": 1.0},
                [{"entity": "amount", "value": "483920", "start": 0, "end": 6}]),
    SlotSet("transfer_otp", "483920"), SlotSet("transfer_amount", "483920"),
    SlotSet("transfer_amount", "1000000"), SlotSet("transfer_otp", "verified"),
    SlotSet("requested_slot", None),
    UserUttered("send 500 on 2026-11-29", {"name": "transfer_money", "confidence": 1.0}),
]:
    tracker.update(event)
asyncio.run(store.save(tracker))
in_memory = [e.as_dict() for e in tracker.events]
rows = sqlite3.connect(db).execute("select data from events order by id").fetchall()
stored = [json.loads(r[0]) for r in rows]
# A second save stores nothing twice: the masked events count as the stored ones.
asyncio.run(store.save(tracker))
count = sqlite3.connect(db).execute("select count(*) from events").fetchone()[0]
from bot.tracker_masking import CODE_SLOTS
print(json.dumps({"stored": stored, "memory": in_memory, "count": count, "type": type(store).__name__,
                  "code_slots": sorted(CODE_SLOTS)}))
"""


def _visible(event: dict) -> object:
    if event["event"] == "user":
        return (
            event["text"],
            event["parse_data"]["text"],
            [e["value"] for e in event["parse_data"]["entities"]],
        )
    if event["event"] == "slot":
        return (event["name"], event["value"])
    if event["event"] == "bot":
        return event["text"]
    return None


def test_rasas_tracker_store_keeps_what_customers_typed_masked_and_the_turn_keeps_it_clear(tmp_path):
    import subprocess

    from bankbot_cli.paths import CORE_VENV, ROOT
    from bankbot_cli.training import core_env

    done = subprocess.run(
        [str(CORE_VENV / "bin" / "python"), "-c", STORE_SCRIPT, str(tmp_path / "tracker.db"), CARD],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=core_env(),
        timeout=300,
        check=True,
    )
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["type"] == "MaskingSQLTrackerStore"
    stored = [v for v in map(_visible, outcome["stored"]) if v is not None]
    assert stored == [
        ("block my ••••4821", "block my ••••4821", ["••••4821"]),
        ("block_card", "••••4821"),
        ("block_card", "4821"),
        "Which card, ••••4821?",
        ("requested_slot", "transfer_amount"),
        ("••••0000", "••••0000", []),  # a bare 7-digit number typed: masked as an account would be
        ("transfer_amount", "1000000"),  # the amount the validator made of it: money, spared
        ("requested_slot", "transfer_otp"),
        ("••••", "••••", ["••••"]),  # the answer to the code question
        ("transfer_otp", "••••"),
        ("transfer_amount", "••••"),  # the code taken for an amount in the same turn
        ("transfer_amount", "1000000"),
        ("transfer_otp", "verified"),
        ("requested_slot", None),
        ("send 500 on 2026-11-29", "send 500 on 2026-11-29", []),
    ]
    memory = [v for v in map(_visible, outcome["memory"]) if v is not None]
    assert (
        memory[0] == (f"block my {CARD}", f"block my {CARD}", [CARD]) and ("transfer_otp", "483920") in memory
    )
    assert outcome["count"] == len(outcome["stored"])
    # The store knows every slot that the actions check as a one-time code.
    checked = {
        slot
        for source in (ROOT / "actions").glob("*.py")
        for slot in re.findall(r'code_slots\([^)]*?"(\w+)"', source.read_text())
    }
    # and the phone change's two codes (actions/profile.py checks them with the bank's phone change)
    from actions.profile import CODE_SLOTS as PHONE_CHANGE_CODES

    checked |= set(PHONE_CHANGE_CODES)
    assert outcome["code_slots"] == sorted(checked)
    assert sorted(checked) == ["profile_new_code", "profile_old_code", "transfer_otp", "unblock_otp"]


# --- through the real stack ---------------------------------------------------------------


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from tests.e2e.handoff_support import stack_env
    from tests.support.stack import start_stack

    tmp = tmp_path_factory.mktemp("masking")
    running = start_stack(
        tmp, extra_env={"BANKBOT_DEMO": "1", "BANKBOT_DEMO_CODES_DIR": str(tmp / "codes"), **stack_env(tmp)}
    )
    running.codes_dir = tmp / "codes"
    running.tracker_db = tmp / "tracker.db"
    yield running
    running.stop()


def ticket_description(stack, username: str, reference: str) -> str:
    from banking_backend.db import make_engine, make_session_factory
    from banking_backend.services import tickets
    from banking_backend.unit_of_work import SqlUnitOfWork
    from tests.integration.channels.helpers import customer_id

    engine = make_engine(stack.env["DATABASE_URL"])
    try:
        uow = SqlUnitOfWork(make_session_factory(engine))
        return tickets.get_ticket(uow, customer_id(stack, username), reference).description
    finally:
        engine.dispose()


def _appears(digits: str, text: str) -> bool:
    """`digits` as a number of its own in `text`, however it is grouped (spaces, dashes)."""
    spaced = r"[ \-]?".join(digits)
    return re.search(rf"(?<![0-9A-Za-z.]){spaced}(?![0-9A-Za-z])", text) is not None


@pytest.mark.stack
@pytest.mark.slow
def test_a_typed_card_number_and_code_are_kept_masked_while_the_turns_worked(stack):
    from actions.code_delivery import read_demo_code
    from tests.e2e.handoff_support import ASK_FOR_A_HUMAN, ConsoleClient
    from tests.e2e.test_conversation import card_statuses
    from tests.integration.channels.helpers import customer_id
    from tests.support.chat import Customer

    alice = customer_id(stack, "alice")
    chat = Customer(stack, "alice")
    chat.converse(
        "block my card",
        {"Which card": f"card {CARD}", "Why should": "temporary block", "Please confirm": "yes"},
        done="is blocked now",
    )
    assert card_statuses(stack, "alice")["4821"] == "blocked"  # the card was recognised
    chat.converse("unblock my card", {"Which card": f"card {CARD}"}, done="one-time code")
    code = read_demo_code(alice, stack.codes_dir)
    assert "works again" in chat.say(code)  # the code was accepted
    assert card_statuses(stack, "alice")["4821"] == "active"
    reply = chat.converse(
        "I want to make a complaint",
        {
            "What is the complaint about": "A card",
            "what happened": f"My card {CARD} was charged twice on 2026-11-28",
            "Shall I record": "yes",
        },
        done="I've recorded your complaint as",
    )
    found = re.search(r"as (\S+)\. A colleague will reply by (\d{4}-\d\d-\d\d \d\d:\d\d UTC)", reply)
    assert found, reply
    reference, due = found.groups()
    # The ticket is opened on the turn after the description: from the masked tracker.
    assert "••••4821" in ticket_description(stack, "alice", reference)
    chat.say(ASK_FOR_A_HUMAN)

    rows = sqlite3.connect(stack.tracker_db).execute("select data from events").fetchall()
    stored = "\n".join(json.dumps(json.loads(data), ensure_ascii=False) for (data,) in rows)
    assert not _appears(CARD.replace(" ", ""), stored) and not _appears(code, stored)
    assert "••••4821" in stored and "2026-11-28" in stored

    console = ConsoleClient(stack)
    try:
        handoff = console.open_handoff(conversation_id_for(alice))
        assert handoff is not None
        transcript = console.transcript(handoff["id"])
    finally:
        console.close()
    assert reference in transcript and due in transcript and "2026-11-28" in transcript
    assert "••••4821" in transcript
    assert not _appears(CARD.replace(" ", ""), transcript) and not _appears(code, transcript)
