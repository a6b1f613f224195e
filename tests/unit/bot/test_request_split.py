"""Where a message with several requests is cut, and which requests its pieces make, in which
order (bot/components/request_split.py; the pieces' intents are given here, the model gives them
in the pipeline)."""

from __future__ import annotations

import pytest

from bot.components.request_split import Piece, pieces, requests_in


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("block my card and what's my balance", ["block my card", "what's my balance"]),
        ("I lost my card. Also, show me my transactions", ["I lost my card", "show me my transactions"]),
        (
            "send 1,000.50 to Bob Okafor and then my balance please",
            ["send 1,000.50 to Bob Okafor", "my balance please"],
        ),
        ("我卡丢了，帮我冻结一下，顺便查下余额", ["我卡丢了", "帮我冻结一下", "查下余额"]),
        ("卡被偷了，幫我凍結，順便查一下餘額", ["卡被偷了", "幫我凍結", "查一下餘額"]),  # traditional
        ("我还有多少钱，另外冻结卡", ["我还有多少钱", "冻结卡"]),  # 还有多少 is one question
    ],
)
def test_a_message_is_cut_into_its_clauses(text, expected):
    assert pieces(text) == expected


@pytest.mark.parametrize(
    "text", ["what's my balance", "查一下余额", "", "/affirm", "yes, and", "hi, balance"]
)
def test_a_message_of_one_clause_or_a_button_is_not_cut(text):
    assert pieces(text) == []


def found(*classified: tuple[str, float], whole: str | None = None) -> list[str]:
    return [p.intent for p in requests_in([Piece(i, c) for i, c in classified], 0.8, whole)]


def test_blocking_a_card_comes_first_whatever_the_order_written():
    assert found(("check_balance", 0.99), ("block_card", 0.95)) == ["block_card", "check_balance"]


def test_otherwise_the_order_written_and_each_request_once():
    assert found(("transfer_money", 0.99), ("check_balance", 0.9), ("transfer_money", 0.97)) == [
        "transfer_money",
        "check_balance",
    ]


def test_uncertain_pieces_and_small_talk_make_no_second_request():
    assert found(("block_card", 0.99), ("check_balance", 0.6)) == []
    assert found(("greet", 0.99), ("check_balance", 0.99)) == []
    assert found(("block_card", 0.99), ("nlu_fallback", 0.55)) == []


def test_two_pieces_of_one_card_story_are_the_request_the_whole_message_is():
    # "I blocked it by mistake, please restore it": one request, to unblock.
    assert found(("block_card", 0.9), ("unblock_card", 0.99), whole="unblock_card") == []
    assert found(
        ("block_card", 0.9), ("unblock_card", 0.99), ("check_balance", 0.99), whole="unblock_card"
    ) == [
        "unblock_card",
        "check_balance",
    ]
