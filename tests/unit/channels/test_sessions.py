"""Session tokens for the web and REST channels."""

import time

import pytest

from channels.sessions import InvalidSession, SessionTokens


def test_a_token_names_the_customer_it_was_issued_for():
    tokens = SessionTokens("secret", 60)
    session = tokens.read(tokens.issue(7, "alice"))
    assert (session.customer_id, session.username) == (7, "alice")


def test_a_token_signed_with_another_secret_is_refused():
    forged = SessionTokens("attacker", 60).issue(7, "alice")
    with pytest.raises(InvalidSession) as info:
        SessionTokens("secret", 60).read(forged)
    assert not info.value.expired


def test_a_tampered_token_is_refused():
    token = SessionTokens("secret", 60).issue(7, "alice")
    with pytest.raises(InvalidSession):
        SessionTokens("secret", 60).read(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))


def test_an_expired_token_is_refused_as_expired(monkeypatch):
    tokens = SessionTokens("secret", 1)
    token = tokens.issue(7, "alice")
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 5)
    with pytest.raises(InvalidSession) as info:
        tokens.read(token)
    assert info.value.expired
