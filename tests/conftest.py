"""The backing services of the test run. PostgreSQL, Redis or RabbitMQ not reachable at its address
(tests/support/services.py) gets a private server for this run: started in the background as soon
as the collected tests show one needs it (marker `postgres`, `redis` or `rabbitmq`; RabbitMQ takes
seconds to boot), waited for by the test that asks for its address, and stopped when the run ends,
on failure or Ctrl-C too. A run that needs none (tests/unit) starts none."""

from __future__ import annotations

import atexit
import signal
import threading

import pytest

from tests.support import services


def _interrupt(signum, frame) -> None:
    # So that a `kill` of pytest tears down as Ctrl-C does: the stacks the modules started (their
    # fixtures stop them) and the private servers.
    raise KeyboardInterrupt


def pytest_configure(config: pytest.Config) -> None:
    if services.plan_fallbacks():
        atexit.register(services.stop_all)
    if threading.current_thread() is threading.main_thread():
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _interrupt)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return services.summary()


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    wanted = {mark.name for item in session.items for mark in item.iter_markers()}
    services.start_private(wanted & {s.name for s in services.SERVICES})


def pytest_terminal_summary(terminalreporter) -> None:
    for line in services.summary():
        terminalreporter.write_line(line)


def pytest_unconfigure(config: pytest.Config) -> None:
    services.stop_all()


@pytest.fixture(scope="module")
def twilio():
    """The local fake of Twilio's API for a module's tests (see tests/support/twilio.py)."""
    from tests.support.twilio import served_twilio

    with served_twilio() as fake:
        yield fake
