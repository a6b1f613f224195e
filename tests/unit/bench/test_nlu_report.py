"""The NLU report covers all four held-out files and holds each to issue 13's bar."""

from bench import nlu


def test_the_report_measures_both_held_out_files_of_each_language():
    assert {name: language for name, (language, _) in nlu.TEST_FILES.items()} == {
        "test_en": "en",
        "test_zh": "zh",
        "forum_en": "en",
        "forum_zh": "zh",
    }
    assert all(path.is_file() for _, path in nlu.TEST_FILES.values())


def test_each_file_is_held_to_accuracy_false_alarms_and_caught():
    figures = {
        "forum_en": {"accuracy": 0.96, "false_alarms": 0.08, "caught": 0.9},
        "test_zh": {"accuracy": 0.9, "false_alarms": 0.05, "caught": None},
    }
    verdicts = {t.name: t.verdict for t in nlu.targets(figures)}
    assert verdicts == {
        "forum_en intent accuracy": "pass",
        "forum_en false alarms": "MISS",
        "forum_en out-of-scope caught": "pass",
        "test_zh intent accuracy": "MISS",
        "test_zh false alarms": "pass",
        "test_zh out-of-scope caught": "not measured",
    }
