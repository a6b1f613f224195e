"""Console sessions in the database: the rules of `contact_centre.console_sessions` alone."""

from __future__ import annotations

from datetime import timedelta

from contact_centre import console_sessions as sessions
from contact_centre.console.settings import ConsoleSettings

IDLE, MAX_AGE = timedelta(minutes=30), timedelta(hours=8)


def agent_of(uow, token, touch=True):
    return sessions.agent_of(uow, token, idle=IDLE, max_age=MAX_AGE, touch=touch)


def test_a_live_page_re_reading_in_the_background_does_not_keep_a_session_alive(uow, staff, clock):
    token = sessions.start(uow, staff.ann.id)
    for _ in range(4):  # 40 minutes of background re-reads only
        clock.advance(minutes=10)
        if agent_of(uow, token, touch=False) is None:
            break
    assert agent_of(uow, token) is None


def test_ending_all_of_an_agents_sessions_leaves_the_others_and_counts(uow, staff):
    ann_laptop, ann_phone = sessions.start(uow, staff.ann.id), sessions.start(uow, staff.ann.id)
    sue = sessions.start(uow, staff.supervisor.id)
    assert sessions.live_counts(uow, idle=IDLE, max_age=MAX_AGE) == {staff.ann.id: 2, staff.supervisor.id: 1}
    assert sessions.end_all_for(uow, staff.ann.id, why="test") == 2
    assert agent_of(uow, ann_laptop) is None and agent_of(uow, ann_phone) is None
    assert agent_of(uow, sue) == staff.supervisor.id
    assert sessions.end_all_for(uow, staff.ann.id, why="test") == 0


def test_an_unknown_or_replaced_id_is_no_session(uow, staff):
    first = sessions.start(uow, staff.ann.id)
    second = sessions.start(uow, staff.ann.id, replacing=first)
    assert agent_of(uow, first) is None
    assert agent_of(uow, second) == staff.ann.id
    assert agent_of(uow, sessions.new_token()) is None


def test_the_idle_limit_is_a_setting():
    assert ConsoleSettings.from_env({}).session_idle == 1800
    assert ConsoleSettings.from_env({"BANKBOT_CONSOLE_SESSION_IDLE": "600"}).session_idle == 600
