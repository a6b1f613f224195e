"""The day a branch-hours question asks about: named in either language or script, as a weekend
or as tomorrow; words that only look like a day's short name are not one."""

import pytest

from actions.parsing.weekdays import days_asked

MONDAY = 0


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("r u open on saturday?", (5,)),
        ("Saturdays hours pls", (5,)),
        ("are you open mon-fri?", (0, 4)),
        ("周六网点开门吗", (5,)),
        ("禮拜天有開嗎", (6,)),
        ("星期3几点关门", (2,)),
        ("are you open this weekend", (5, 6)),
        ("周末营业吗", (5, 6)),
        ("open tomorrow?", (1,)),
        ("明天開嗎", (1,)),
        ("what time do you open", ()),
        ("I sat down with the sun in my eyes on wed", ()),
    ],
)
def test_the_days_a_question_names(question, days):
    assert days_asked(question, today=MONDAY) == days


def test_tomorrow_on_a_sunday_is_monday():
    assert days_asked("tomorrow?", today=6) == (0,)
