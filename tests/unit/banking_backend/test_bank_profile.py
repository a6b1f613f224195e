"""The customer's profile: contact details, preferences and segment; address and e-mail changes
audited with masked values; a phone change needs a code from the old number and one from the new."""

import pytest

from banking_backend.code_senders import AlsoToLinkedChat
from banking_backend.domain.errors import (
    CodeInvalid,
    InvalidAddress,
    InvalidEmail,
    InvalidPhoneNumber,
    InvalidRequest,
    PhoneChangeNotFound,
    PhoneNumberUnavailable,
)
from banking_backend.services import audit, customers, profile
from tests.unit.banking_backend.helpers import Phones


def _last(uow, customer_id, action):
    return next(r for r in audit.list_for_customer(uow, customer_id) if r.action == action)


def test_the_demo_profiles_have_contact_details_and_a_segment(uow, demo):
    alice = profile.get_profile(uow, demo.alice)
    assert alice.email == "alice.martin@example.com" and alice.segment == "premium"
    assert "San Francisco" in alice.address and alice.phone == "+14155550101"
    wei = profile.get_profile(uow, demo.wei)
    assert wei.language == "zh" and wei.segment == "standard" and wei.address.startswith("上海市")
    assert customers.get_customer(uow, demo.alice).segment == "premium"


def test_an_address_change_applies_and_the_audit_keeps_only_its_last_four(uow, demo, clock):
    changed = profile.change_address(uow, demo.alice, "  22 Oak Street\n  Oakland, CA   94607 ", "web")
    assert changed.address == "22 Oak Street\nOakland, CA 94607" and changed.address_changed_at == clock.now
    record = _last(uow, demo.alice, "profile.address_changed")
    assert record.details == {"old": "••••4110", "new": "••••4607"}
    assert "Oak" not in str(record.details) and "Valencia" not in str(record.details)
    for bad in ("", "12", "12345 67890"):
        with pytest.raises(InvalidAddress):
            profile.change_address(uow, demo.alice, bad, "web")


def test_an_email_change_is_checked_and_audited_masked(uow, demo):
    changed = profile.change_email(uow, demo.wei, "Wei.Wang@Example.COM", "web")
    assert changed.email == "Wei.Wang@example.com"
    assert _last(uow, demo.wei, "profile.email_changed").details == {
        "old": "w••••@example.cn",
        "new": "W••••@example.com",
    }
    for bad in ("wei", "wei@", "@example.com", "wei@example", "wei wang@example.com", "a@b@c.com"):
        with pytest.raises(InvalidEmail):
            profile.change_email(uow, demo.wei, bad, "web")


def test_language_and_preferred_channel(uow, demo):
    assert profile.set_language(uow, demo.alice, "zh", "web").language == "zh"
    assert customers.get_customer(uow, demo.alice).language == "zh"
    with pytest.raises(InvalidRequest):
        profile.set_language(uow, demo.alice, "fr", "web")
    with pytest.raises(InvalidRequest):  # no Telegram linked yet
        profile.set_preferred_channel(uow, demo.alice, "telegram", "web")
    customers.link_telegram(uow, demo.alice, 4242, "telegram")
    assert profile.set_preferred_channel(uow, demo.alice, "telegram", "web").preferred_channel == "telegram"
    assert _last(uow, demo.alice, "profile.channel_changed").details == {"old": "web", "new": "telegram"}


def test_a_phone_change_needs_the_code_sent_to_the_old_number_and_the_one_sent_to_the_new(uow, demo, clock):
    phones = Phones()
    started = profile.start_phone_change(uow, demo.alice, "+1 415 555 0199", phones, "web")
    assert started.new_phone_masked == "••••0199" and started.status == "pending"
    assert {(phone, purpose) for phone, _, purpose in phones.texts} == {
        ("+14155550101", "phone_change_old"),
        ("+14155550199", "phone_change_new"),
    }
    after_old = profile.verify_phone_change(uow, demo.alice, "old", phones.code_to("+14155550101"), "web")
    assert after_old.old_number_verified and not after_old.new_number_verified
    assert customers.get_customer(uow, demo.alice).phone == "+14155550101"  # not yet

    done = profile.verify_phone_change(uow, demo.alice, "new", phones.code_to("+14155550199"), "web")
    assert done.status == "completed"
    assert customers.get_customer(uow, demo.alice).phone == "+14155550199"
    assert customers.find_by_phone(uow, "+14155550101") is None
    assert profile.get_profile(uow, demo.alice).phone_changed_at == clock.now
    assert _last(uow, demo.alice, "profile.phone_changed").details["old"] == "••••0101"
    assert _last(uow, demo.alice, "profile.phone_changed").details["new"] == "••••0199"


def test_the_new_numbers_code_does_not_count_for_the_old_one(uow, demo):
    phones = Phones()
    profile.start_phone_change(uow, demo.bob, "+14155550177", phones, "web")
    with pytest.raises(CodeInvalid):
        profile.verify_phone_change(uow, demo.bob, "old", phones.code_to("+14155550177"), "web")
    assert customers.get_customer(uow, demo.bob).phone == "+14155550102"


def test_a_number_without_country_code_is_read_in_the_current_numbers_country(uow, demo):
    phones = Phones()
    started = profile.start_phone_change(uow, demo.wei, "139 1234 5678", phones, "web")
    assert started.new_phone_masked == "••••5678"
    assert ("+8613912345678", phones.code_to("+8613912345678"), "phone_change_new") in phones.texts


def test_a_number_that_is_theirs_already_or_another_customers_cannot_be_used(uow, demo):
    phones = Phones()
    for number in ("+14155550101", "+86 139 0013 9000"):  # alice's own, lina's
        with pytest.raises(PhoneNumberUnavailable):
            profile.start_phone_change(uow, demo.alice, number, phones, "web")
    with pytest.raises(InvalidPhoneNumber):
        profile.start_phone_change(uow, demo.alice, "12", phones, "web")
    assert phones.texts == []


def test_a_phone_change_not_finished_in_time_expires(uow, demo, clock):
    phones = Phones()
    profile.start_phone_change(uow, demo.alice, "+14155550199", phones, "web")
    profile.verify_phone_change(uow, demo.alice, "old", phones.code_to("+14155550101"), "web")
    clock.advance(minutes=16)
    with pytest.raises(PhoneChangeNotFound):
        profile.verify_phone_change(uow, demo.alice, "new", phones.code_to("+14155550199"), "web")
    assert customers.get_customer(uow, demo.alice).phone == "+14155550101"


def test_the_new_numbers_code_is_never_copied_to_the_linked_chat(uow, demo):
    sms, chat = Phones(), Phones()
    customers.link_telegram(uow, demo.alice, 5151, "telegram")
    profile.start_phone_change(uow, demo.alice, "+14155550199", AlsoToLinkedChat(sms, chat), "web")
    # The old number's code may go to the chat too; the new number's proves the number, so only SMS.
    assert [purpose for _, _, purpose in chat.texts] == ["phone_change_old"]
    assert [purpose for _, _, purpose in sms.texts] == ["phone_change_old", "phone_change_new"]
