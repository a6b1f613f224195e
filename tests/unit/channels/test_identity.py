"""The signed customer identity that the gateway hands to the actions through Rasa."""

from banking_backend.identity import sign_identity, verify_identity

SECRET = b"shared"


def test_a_signed_identity_is_accepted_for_its_own_conversation():
    statement = sign_identity(3, "rest", "customer-3", now=1000, secret=SECRET)
    identity = verify_identity(statement, "customer-3", now=1010, secret=SECRET)
    assert identity is not None and identity.customer_id == 3 and identity.channel == "rest"


def test_a_customer_id_changed_in_transit_is_refused():
    statement = sign_identity(3, "rest", "customer-3", now=1000, secret=SECRET)
    statement["customer_id"] = 4
    assert verify_identity(statement, "customer-3", now=1010, secret=SECRET) is None


def test_an_identity_for_another_conversation_is_refused():
    statement = sign_identity(3, "rest", "customer-3", now=1000, secret=SECRET)
    assert verify_identity(statement, "customer-4", now=1010, secret=SECRET) is None


def test_a_stale_or_unsigned_identity_is_refused():
    statement = sign_identity(3, "rest", "customer-3", now=1000, secret=SECRET)
    assert verify_identity(statement, "customer-3", now=1000 + 3600, secret=SECRET) is None
    assert verify_identity({"customer_id": 3}, "customer-3", secret=SECRET) is None
    assert verify_identity(None, "customer-3", secret=SECRET) is None
    assert verify_identity(statement, "customer-3", now=1010, secret=b"other") is None
