"""The conversation ids, built and read in one place (kernel/identity.py): a known customer has
one conversation on every channel; an unknown contact has one per channel; nothing else is
taken for a customer's."""

import pytest

from kernel.identity import (
    anonymous_contact_of,
    anonymous_conversation_id,
    conversation_id_for,
    customer_id_of,
)


def test_a_customers_conversation_reads_back_as_that_customer():
    assert conversation_id_for(42) == "customer-42"
    assert customer_id_of(conversation_id_for(42)) == 42


@pytest.mark.parametrize(
    "conversation",
    [
        "anon-sms-+14155550101",
        "customer-",
        "customer-4x",
        "customer--4",
        "customer-４２",
        "42",
        "xcustomer-4",
    ],
)
def test_nothing_else_reads_as_a_customer(conversation):
    assert customer_id_of(conversation) is None


def test_an_anonymous_contact_reads_back_on_its_own_channel_only():
    conversation = anonymous_conversation_id("sms", "+14155550101")
    assert conversation == "anon-sms-+14155550101"
    assert anonymous_contact_of(conversation, "sms") == "+14155550101"
    assert anonymous_contact_of(conversation, "telegram") is None
    assert anonymous_contact_of(conversation_id_for(3), "sms") is None
