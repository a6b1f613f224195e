"""The signed identity: the gateway's statement about one message, checked by the actions."""

from kernel.identity import sign_identity, verify_identity

SECRET = b"test-secret"
TEXT = "send 50 to Alice"


def _statement(text: str = TEXT, conversation: str = "customer-3", now: int = 1000) -> dict:
    return sign_identity(3, "rest", conversation, text, message_id="m-1", now=now, secret=SECRET)


def test_a_fresh_statement_for_this_message_names_its_customer():
    identity = verify_identity(_statement(), "customer-3", TEXT, now=1010, secret=SECRET)
    assert identity is not None
    assert (identity.customer_id, identity.channel, identity.message_id) == (3, "rest", "m-1")


def test_a_tampered_statement_is_refused():
    statement = {**_statement(), "customer_id": 4}
    assert verify_identity(statement, "customer-3", TEXT, now=1010, secret=SECRET) is None


def test_a_statement_for_conversation_x_is_refused_in_conversation_y():
    assert verify_identity(_statement(), "customer-4", TEXT, now=1010, secret=SECRET) is None


def test_a_statement_for_text_a_is_refused_for_text_b():
    assert verify_identity(_statement(), "customer-3", "send 5000 to Bob", now=1010, secret=SECRET) is None
    assert verify_identity(_statement("yes"), "customer-3", "no", now=1010, secret=SECRET) is None


def test_the_text_is_compared_as_rasa_keeps_it_stripped():
    statement = _statement("  yes\n")
    assert verify_identity(statement, "customer-3", "yes", now=1010, secret=SECRET) is not None


def test_a_statement_with_its_digest_swapped_for_another_text_is_refused():
    other = sign_identity(3, "rest", "customer-3", "send 5000 to Bob", now=1000, secret=SECRET)
    statement = {**_statement(), "text_sha256": other["text_sha256"]}
    assert verify_identity(statement, "customer-3", "send 5000 to Bob", now=1010, secret=SECRET) is None


def test_stale_missing_or_wrongly_signed_statements_are_refused():
    statement = _statement()
    assert verify_identity(statement, "customer-3", TEXT, now=1000 + 3600, secret=SECRET) is None
    assert verify_identity({"customer_id": 3}, "customer-3", TEXT, secret=SECRET) is None
    assert verify_identity(None, "customer-3", TEXT, secret=SECRET) is None
    assert verify_identity(statement, "customer-3", TEXT, now=1010, secret=b"other") is None
    old_shape = {k: v for k, v in statement.items() if k not in ("message_id", "text_sha256")}
    assert verify_identity(old_shape, "customer-3", TEXT, now=1010, secret=SECRET) is None
