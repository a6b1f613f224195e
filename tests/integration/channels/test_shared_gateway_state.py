"""What N gateways share in their tables, on SQLite and PostgreSQL: the conversations written
in traditional characters, and the outbox of agents' replies, whose every reply is taken once
even when two gateways take at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from channels.store import GatewayStore, StoredOutbox, StoredScripts
from tests.support.postgres import fresh_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'channels.db'}"
        return
    with fresh_database("channels_it") as url:
        yield url


@pytest.fixture
def two_gateways(store_url):
    """Two gateway processes' stores on one database (each with its own engine and pool)."""
    first, second = GatewayStore(store_url), GatewayStore(store_url)
    first.migrate()
    second.migrate()  # the second finds the schema at head: nothing to do
    yield first, second
    first.close()
    second.close()


def test_a_script_noted_by_one_gateway_is_known_to_the_other(two_gateways):
    first, second = (StoredScripts(s) for s in two_gateways)
    assert first.note("customer-7", True) is True
    assert second.note("customer-7", None) is True, "a message without Chinese keeps the script"
    assert second.note("customer-7", False) is False
    assert first.note("customer-7", None) is False
    assert first.note("customer-8", None) is False


def test_a_reply_put_on_one_gateway_is_taken_once_on_the_other(two_gateways):
    first, second = (StoredOutbox(s) for s in two_gateways)
    first.put("customer-7", "one")
    first.put("customer-7", "two")
    first.put("customer-9", "someone else's")
    assert second.take("customer-7") == [{"text": "one"}, {"text": "two"}]
    assert first.take("customer-7") == []
    assert second.take("customer-9") == [{"text": "someone else's"}]


def test_gateways_taking_at_the_same_moment_never_show_a_reply_twice(two_gateways):
    """Replies arrive one by one while both gateways keep taking: each is shown once, none lost."""
    outboxes = [StoredOutbox(s) for s in two_gateways]
    texts = [f"reply {i}" for i in range(150)]
    taken: list[list[str]] = [[], []]
    done = threading.Event()

    def put_all() -> None:
        for text in texts:
            outboxes[0].put("customer-7", text)
        done.set()

    def take_all(i: int) -> None:
        while not done.is_set():
            taken[i] += [r["text"] for r in outboxes[i].take("customer-7")]
        taken[i] += [r["text"] for r in outboxes[i].take("customer-7")]

    threads = [threading.Thread(target=put_all)] + [
        threading.Thread(target=take_all, args=(i,)) for i in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shown = taken[0] + taken[1]
    assert sorted(shown) == sorted(texts), "every reply shown exactly once"
    assert taken[0] == sorted(taken[0], key=texts.index), "oldest first"
    print(f"taken by gateway 0: {len(taken[0])}, by gateway 1: {len(taken[1])}")
