"""Renderers: buttons as numbered options, SMS segments, Telegram keyboards."""

from __future__ import annotations

from channels.base import Button, numbered_options, pick_numbered
from channels.router import to_replies
from channels.sms import split_segments
from channels.telegram import callback_data, keyboard

YES_NO = [Button("Yes", "/affirm"), Button("No", "/deny")]


def test_buttons_become_numbered_options_in_plain_text():
    assert numbered_options("Confirm?", YES_NO) == "Confirm?\n1. Yes\n2. No"


def test_a_number_picks_the_offered_button_and_anything_else_does_not():
    assert pick_numbered("2", YES_NO) == YES_NO[1]
    assert pick_numbered(" 1. ", YES_NO) == YES_NO[0]
    assert pick_numbered("3", YES_NO) is None
    assert pick_numbered("0", YES_NO) is None
    assert pick_numbered("20 dollars", YES_NO) is None
    assert pick_numbered("1", []) is None


def test_long_answers_are_split_at_word_boundaries_within_the_limit():
    text = " ".join(f"word{i}" for i in range(100))
    segments = split_segments(text, 50)
    assert all(len(s) <= 50 for s in segments)
    assert " ".join(segments).split() == text.split()


def test_lines_and_unbroken_runs_are_split_too():
    segments = split_segments("first line\nsecond line\n" + "x" * 120, 50)
    assert all(len(s) <= 50 for s in segments)
    assert "".join(segments).replace("\n", "").replace(" ", "") == "firstlinesecondline" + "x" * 120
    assert split_segments("short", 50) == ["short"]


def test_rasa_answers_become_replies_and_other_payloads_are_dropped():
    replies = to_replies(
        [
            {"text": "Hi", "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "Only title"}]},
            {"image": "https://x/y.png"},
            {"custom": {"something": 1}},
        ]
    )
    assert len(replies) == 1
    assert replies[0].buttons == (Button("Yes", "/affirm"), Button("Only title", "Only title"))


def test_telegram_keyboards_carry_short_payloads_and_index_long_ones():
    long = Button("Long", "/inform" + "x" * 80)
    markup = keyboard([*YES_NO, long]).to_dict()["inline_keyboard"]
    assert [row[0]["callback_data"] for row in markup] == ["/affirm", "/deny", "#2"]
    assert callback_data(Button("Hash", "#3"), 0) == "#0"


def test_the_script_is_read_only_from_characters_that_differ_between_the_two():
    from channels.rendering import writes_traditional

    assert writes_traditional("我的餘額是多少") is True
    assert writes_traditional("我的余额是多少") is False
    # Written alike in both: they say nothing about the script (an answer like "活期" keeps it).
    assert writes_traditional("活期") is None and writes_traditional("取消") is None
    assert writes_traditional("300") is None
