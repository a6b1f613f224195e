"""The NLU report's per-intent figures and confusions, worked by hand on a small file."""

from bench.confusion import (
    accuracy,
    after_fallback,
    caught,
    false_alarms,
    per_intent,
    summary,
    top_confusions,
)

# Four balance questions (one taken for a transfer), two transfers, two out-of-scope messages
# (one caught by the fallback, one pulled into check_balance).
PAIRS = [
    ("check_balance", "check_balance"),
    ("check_balance", "check_balance"),
    ("check_balance", "check_balance"),
    ("check_balance", "transfer_money"),
    ("transfer_money", "transfer_money"),
    ("transfer_money", "transfer_money"),
    ("out_of_scope", "nlu_fallback"),
    ("out_of_scope", "check_balance"),
]


def test_precision_and_recall_per_intent():
    table = per_intent(PAIRS)
    assert table["check_balance"] == {"precision": 0.75, "recall": 0.75, "support": 4}
    assert table["transfer_money"] == {"precision": 0.6667, "recall": 1.0, "support": 2}
    # The fallback on an out_of_scope example counts as catching it.
    assert table["out_of_scope"] == {"precision": 1.0, "recall": 0.5, "support": 2}
    assert "nlu_fallback" not in table


def test_an_intent_never_expected_has_no_recall():
    assert per_intent([("greet", "goodbye")])["goodbye"] == {"precision": 0.0, "recall": None, "support": 0}


def test_the_commonest_confusions_come_first_and_right_answers_are_not_confusions():
    pairs = PAIRS + [("out_of_scope", "check_balance")]
    assert top_confusions(pairs) == [
        ("out_of_scope", "check_balance", 2),
        ("check_balance", "transfer_money", 1),
    ]
    assert top_confusions(pairs, most=1) == [("out_of_scope", "check_balance", 2)]


# Three in-scope messages (one turned away as out of scope, one not understood) and four not ours
# (an out_of_scope caught by the fallback, an unsupported_banking recognised, one predicted
# out_of_scope, one pulled into transfer_money).
WITH_NOT_OURS = [
    ("check_balance", "check_balance"),
    ("check_balance", "out_of_scope"),
    ("transfer_money", "nlu_fallback"),
    ("out_of_scope", "nlu_fallback"),
    ("unsupported_banking", "unsupported_banking"),
    ("unsupported_banking", "out_of_scope"),
    ("unsupported_banking", "transfer_money"),
]


def test_false_alarms_are_in_scope_messages_turned_away_or_not_understood():
    assert false_alarms(WITH_NOT_OURS) == round(2 / 3, 4)
    assert false_alarms([("greet", "unsupported_banking"), ("greet", "greet")]) == 0.5


def test_caught_counts_every_answer_that_does_not_serve_a_not_ours_message_as_our_task():
    assert caught(WITH_NOT_OURS) == 0.75
    assert caught([("check_balance", "check_balance")]) is None


def test_accuracy_takes_the_fallback_as_right_only_for_out_of_scope():
    # right: the balance, the out_of_scope caught by the fallback, the unsupported_banking one.
    assert accuracy(WITH_NOT_OURS) == round(3 / 7, 4)
    assert accuracy([("unsupported_banking", "nlu_fallback")]) == 0.0


def test_the_summary_of_a_file_holds_every_figure():
    figures = summary(WITH_NOT_OURS)
    assert (figures["examples"], figures["accuracy"], figures["caught"]) == (7, round(3 / 7, 4), 0.75)
    assert figures["misses_by_intent"] == {"unsupported_banking": 2, "check_balance": 1, "transfer_money": 1}
    assert figures["per_intent"]["unsupported_banking"]["recall"] == round(1 / 3, 4)


def test_the_fallback_decides_as_rasa_does_below_the_threshold_or_too_close_to_the_runner_up():
    assert after_fallback("check_balance", 0.54, 0.1, threshold=0.55) == "nlu_fallback"
    assert after_fallback("check_balance", 0.55, 0.1, threshold=0.55) == "check_balance"
    assert after_fallback("check_balance", 0.6, 0.55, threshold=0.3, ambiguity=0.1) == "nlu_fallback"
    assert after_fallback("check_balance", 0.6, 0.45, threshold=0.3, ambiguity=0.1) == "check_balance"
    assert after_fallback("check_balance", 0.6, None, threshold=0.3, ambiguity=0.1) == "check_balance"
