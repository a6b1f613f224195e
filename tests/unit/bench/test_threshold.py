"""The fallback threshold is chosen on the development split by the stated rule, and the chooser
never opens a held-out test file."""

import json
import sys

import pytest

from bench import threshold
from bench.nlu_examples import load_examples
from bench.threshold import Raw, choose, sweep

IN_SCOPE = (
    [Raw("check_balance", "check_balance", 0.9, 0.05)] * 17
    + [Raw("transfer_money", "transfer_money", 0.5, 0.1)]
    + [Raw("card_pin", "card_limit", 0.33, 0.2), Raw("card_pin", "block_card", 0.36, 0.2)]
)
NOT_OURS = [Raw("out_of_scope", "out_of_scope", 0.9, 0.05)] * 4 + [
    Raw("out_of_scope", "check_balance", c, 0.1) for c in (0.22, 0.28, 0.34, 0.41, 0.48, 0.62)
]


def test_the_rule_takes_the_most_accurate_threshold_that_keeps_false_alarms_within_five_percent():
    rows = {r.threshold: r for r in sweep(IN_SCOPE + NOT_OURS, ambiguity=0.0)}
    # Most accurate overall at 0.50 (27 of 30), but 2 of 20 in-scope messages are turned away there.
    assert (rows[0.5].accuracy, rows[0.5].false_alarms) == (0.9, 0.1)
    assert (rows[0.35].accuracy, rows[0.35].false_alarms, rows[0.35].caught) == (round(25 / 30, 4), 0.05, 0.7)
    chosen, within = choose(list(rows.values()))
    assert (chosen.threshold, within) == (0.35, True)
    # A looser limit lets the more accurate threshold in.
    assert choose(list(rows.values()), max_false_alarms=0.10)[0].threshold == 0.5


def test_on_equal_accuracy_catching_more_of_what_is_not_ours_wins():
    # Raising the threshold turns one more in-scope message away (still wrong either way) and
    # catches one more unsupported_banking message (not right for accuracy either).
    raws = (
        [Raw("greet", "greet", 0.9, 0.05)] * 38
        + [Raw("greet", "thank", 0.42, 0.1)]
        + [Raw("unsupported_banking", "check_balance", 0.43, 0.1)]
    )
    rows = {r.threshold: r for r in sweep(raws, ambiguity=0.0, thresholds=[0.40, 0.45])}
    assert rows[0.40].accuracy == rows[0.45].accuracy
    assert (rows[0.45].caught, rows[0.45].false_alarms) == (1.0, round(1 / 39, 4))
    assert choose(list(rows.values()))[0].threshold == 0.45


def test_when_no_threshold_keeps_the_limit_the_fewest_false_alarms_win_and_it_says_so():
    unsure = [Raw("greet", "greet", 0.1, 0.05)] * 9 + [Raw("greet", "greet", 0.9, 0.05)]
    chosen, within = choose(sweep(unsure, ambiguity=0.0))
    assert (chosen.threshold, within) == (0.2, False)


def test_the_ambiguity_threshold_is_applied_at_every_threshold():
    close = [Raw("greet", "greet", 0.6, 0.55), Raw("thank", "thank", 0.9, 0.05)]
    assert {r.false_alarms for r in sweep(close, ambiguity=0.1, thresholds=[0.2, 0.5])} == {0.5}
    assert {r.false_alarms for r in sweep(close, ambiguity=0.0, thresholds=[0.2, 0.5])} == {0.0}


@pytest.fixture
def opened_files():
    """Every file path this process opens while the test runs."""
    opened, active = [], [True]

    def hook(event, args):
        if active[0] and event == "open" and isinstance(args[0], str | bytes):
            opened.append(str(args[0] if isinstance(args[0], str) else args[0].decode()))

    sys.addaudithook(hook)  # audit hooks cannot be removed: this one goes quiet after the test
    yield opened
    active[0] = False


def test_the_chooser_reads_the_dev_split_and_never_a_held_out_test_file(opened_files, capsys):
    labels = {e.text: e.intent for path in threshold.DEV_SPLIT.values() for e in load_examples(path)}
    opened_files.clear()

    def parse(texts):  # a confident, right classifier on the dev split
        return [(labels[t], 0.9, 0.05) for t in texts]

    assert threshold.main([], parse=parse) == 0
    assert {str(p) for p in threshold.DEV_SPLIT.values()} <= set(opened_files)
    assert not [p for p in opened_files if "tests/nlu" in p]
    assert "config.yml should hold" in capsys.readouterr().out


def test_a_held_out_file_is_refused_before_it_is_opened(opened_files, tmp_path):
    held_out = {"en": threshold.ROOT / "tests/nlu/forum_en.yml"}
    with pytest.raises(ValueError, match="held-out"):
        threshold.dev_raws(lambda texts: [], split=held_out)
    dump = tmp_path / "raw.json"
    dump.write_text(
        json.dumps({"tests/nlu/test_en.yml": [{"text": "hi", "intent": "greet", "raw": ["greet", 0.9]}]})
    )
    with pytest.raises(ValueError, match="held-out"):
        threshold.raws_from_dump(dump)
    assert not [p for p in opened_files if "tests/nlu" in p]


def test_a_dump_of_the_dev_split_is_swept_like_a_parse(tmp_path):
    dump = tmp_path / "raw.json"
    rows = [{"text": "hi", "intent": "greet", "raw": ["greet", 0.3], "runner_up": 0.1}]
    dump.write_text(json.dumps({"bench/nlu_dev/en.yml": rows}))
    assert threshold.raws_from_dump(dump) == [Raw("greet", "greet", 0.3, 0.1)]


def test_on_a_plateau_of_equal_figures_the_middle_threshold_is_chosen():
    # Every threshold from 0.20 to 0.50 scores the same on the dev split: the lowest of them would
    # turn gibberish into some task as readily as the rule allows; the middle is as far as the
    # plateau allows from either edge, where a new model's confidences are likeliest to shift.
    raws = [Raw("greet", "greet", 0.9, 0.05)] * 20 + [Raw("out_of_scope", "out_of_scope", 0.95, 0.01)] * 5
    rows = sweep(raws, ambiguity=0.0, thresholds=[0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50])
    assert len({(r.accuracy, r.caught, r.false_alarms) for r in rows}) == 1
    assert choose(rows)[0].threshold == 0.35
