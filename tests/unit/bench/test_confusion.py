"""The NLU report's per-intent figures and confusions, worked by hand on a small file."""

from bench.confusion import per_intent, top_confusions

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
