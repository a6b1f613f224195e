"""The profile form, viewing the profile and a lost phone, run as Rasa runs them on a real bank
(tests/unit/actions/conftest.py): what the customer is told and what the bank then holds."""

from __future__ import annotations

import pytest

from actions.bank import unit_of_work
from actions.code_delivery import read_demo_code
from actions.lost_phone import ActionLostPhoneDeclined, ActionSignOutEverywhere
from actions.parsing.profile_fields import field_named, value_given
from actions.profile import (
    ActionAskProfileConfirmed,
    ActionProfileSubmit,
    ActionViewProfile,
    ValidateProfileForm,
    stop_in_the_bank,
)
from banking_backend.services import audit, profile
from tests.unit.actions.conftest import customer_id, make_tracker, run, run_form

FORM = "profile_form"


@pytest.mark.parametrize(
    ("said", "field", "value"),
    [
        ("i moved house, need to update my address", "address", None),
        ("new email", "email", None),
        ("my new email is Jo.Tan@Example.com.", "email", "Jo.Tan@Example.com"),
        ("I changed my number", "phone", None),
        ("change my number to +65 9123 4567", "phone", "+65 9123 4567"),
        ("改一下手机号", "phone", None),
        ("搬家了地址要改", "address", None),
        ("以后用中文", "language", "zh"),
        ("switch to english pls", "language", "en"),
        ("send me texts instead of telegram", "channel", "sms"),
        ("不要telegram了，发短信", "channel", "sms"),
        ("please contact me by email from now on", "channel", "email"),
        ("update my email address", "email", None),
    ],
)
def test_the_detail_and_the_value_are_read_from_the_customers_words(said, field, value):
    assert field_named(said) == field
    assert value_given(field, said) == value


def started(username: str, said: str, language: str = "en", intent: str = "update_profile"):
    """The form's first validation, on the message that started it."""
    tracker = make_tracker(username, said, intent=intent, language=language)
    tracker.events.append({"event": "active_loop", "name": FORM, "timestamp": 1700000001.0})
    tracker.active_loop = {"name": FORM}
    return tracker


def test_an_address_change_shows_a_summary_and_changes_only_after_the_yes(bank_url, domain):
    alice = customer_id("alice")
    first = run(ValidateProfileForm(), started("alice", "i moved house, need to update my address"), domain)
    assert first.slots["profile_field"] == "address"
    assert first.slots["requested_slot"] == "profile_value"
    new = "22 Baker Street\nLondon NW1 6XE"
    given = run_form(
        ValidateProfileForm(),
        domain,
        "alice",
        text=new,
        slots={"profile_field": "address", "requested_slot": "profile_value"},
        candidates={"profile_value": new},
    )
    assert given.slots["profile_value"] == new
    assert given.slots["requested_slot"] == "profile_confirmed"
    slots = {"profile_field": "address", "profile_value": new}
    summary = run(ActionAskProfileConfirmed(), make_tracker("alice", slots=slots), domain)
    assert "Alice, please confirm: change your address from ••••4110 to 22 Baker Street" in summary.text
    assert profile.get_profile(unit_of_work(), alice).address.endswith("94110")  # nothing before the yes
    done = run(
        ActionProfileSubmit(),
        make_tracker("alice", "yes", slots={**slots, "profile_confirmed": True}),
        domain,
    )
    assert done.text == f"Done, Alice: your address is now {new}."
    assert profile.get_profile(unit_of_work(), alice).address == new
    record = next(
        a for a in audit.list_for_customer(unit_of_work(), alice) if a.action == "profile.address_changed"
    )
    assert record.details["new"] == "••••6XE" or record.details["new"].endswith("6XE")


def test_a_no_to_the_summary_changes_nothing_and_says_so(bank_url, domain):
    alice = customer_id("alice")
    slots = {
        "profile_field": "email",
        "profile_value": "new@example.com",
        "requested_slot": "profile_confirmed",
    }
    no = run_form(
        ValidateProfileForm(),
        domain,
        "alice",
        text="no",
        intent="deny",
        slots=slots,
        candidates={"profile_confirmed": False},
    )
    assert no.slots["form_outcome"] == "cancelled"
    done = run(ActionProfileSubmit(), make_tracker("alice", "no", slots={**slots, **no.slots}), domain)
    assert done.text == "All right, I haven't changed anything."
    assert profile.get_profile(unit_of_work(), alice).email == "alice.martin@example.com"


def test_a_malformed_email_is_refused_and_asked_again(bank_url, domain):
    ran = run_form(
        ValidateProfileForm(),
        domain,
        "alice",
        text="alice at gmail",
        slots={"profile_field": "email", "requested_slot": "profile_value"},
        candidates={"profile_value": "alice at gmail"},
    )
    assert ran.slots["profile_value"] is None
    assert "doesn't look like an e-mail address" in ran.text


def test_a_phone_change_needs_both_codes_and_a_wrong_one_is_said_clearly(bank_url, domain, tmp_path):
    wei = customer_id("wei")
    codes = tmp_path / "codes"
    asked = {"profile_field": "phone", "requested_slot": "profile_value"}
    sent = run_form(
        ValidateProfileForm(),
        domain,
        "wei",
        text="13912345678",
        language="zh",
        slots=asked,
        candidates={"profile_value": "13912345678"},
    )
    assert sent.slots["profile_value"] == "••••5678"
    assert "••••8000" in sent.text and "••••5678" in sent.text and "验证码" in sent.text
    assert sent.slots["requested_slot"] == "profile_old_code"
    old = read_demo_code(wei, codes, "phone_change_old")
    new = read_demo_code(wei, codes, "phone_change_new")
    slots = {"profile_field": "phone", "profile_value": "••••5678", "requested_slot": "profile_old_code"}
    wrong = "000000" if old != "000000" else "111111"
    bad = run_form(
        ValidateProfileForm(),
        domain,
        "wei",
        text=wrong,
        language="zh",
        slots=slots,
        candidates={"profile_old_code": wrong},
    )
    assert bad.slots["profile_old_code"] is None and "验证码不正确（还可以试2次）" in bad.text
    ok = run_form(
        ValidateProfileForm(),
        domain,
        "wei",
        text=old,
        language="zh",
        slots=slots,
        candidates={"profile_old_code": old},
    )
    assert ok.slots["profile_old_code"] == "verified"
    assert ok.slots["requested_slot"] == "profile_new_code"
    assert profile.get_profile(unit_of_work(), wei).phone == "+8613800138000"  # one code is not enough
    slots = {**slots, "profile_old_code": "verified", "requested_slot": "profile_new_code"}
    both = run_form(
        ValidateProfileForm(),
        domain,
        "wei",
        text=new,
        language="zh",
        slots=slots,
        candidates={"profile_new_code": new},
    )
    assert both.slots["profile_new_code"] == "verified"
    assert profile.get_profile(unit_of_work(), wei).phone == "+8613912345678"
    done = run(
        ActionProfileSubmit(),
        make_tracker("wei", new, language="zh", slots={**slots, "profile_new_code": "verified"}),
        domain,
    )
    assert "王伟" in done.text and "••••5678" in done.text


def test_cancelling_a_phone_change_cancels_it_in_the_bank(bank_url, domain, tmp_path):
    wei = customer_id("wei")
    run_form(
        ValidateProfileForm(),
        domain,
        "wei",
        text="13912345678",
        slots={"profile_field": "phone", "requested_slot": "profile_value"},
        candidates={"profile_value": "13912345678"},
    )
    old = read_demo_code(wei, tmp_path / "codes", "phone_change_old")
    stop_in_the_bank(
        make_tracker(
            "wei", "cancel", intent="deny", slots={"profile_field": "phone", "profile_value": "••••5678"}
        )
    )
    late = run_form(
        ValidateProfileForm(),
        domain,
        "wei",
        text=old,
        slots={"profile_field": "phone", "profile_value": "••••5678", "requested_slot": "profile_old_code"},
        candidates={"profile_old_code": old},
    )
    assert late.slots["form_outcome"] == "nothing_to_do" and "expired" in late.text
    assert profile.get_profile(unit_of_work(), wei).phone == "+8613800138000"


def test_the_language_is_read_from_the_first_message_and_the_answer_comes_in_it(bank_url, domain):
    wei = customer_id("wei")
    profile.set_language(unit_of_work(), wei, "en", "test")
    first = run(ValidateProfileForm(), started("wei", "以后用中文", language="zh"), domain)
    assert first.slots["profile_field"] == "language" and first.slots["profile_value"] == "zh"
    assert first.slots["requested_slot"] == "profile_confirmed"
    slots = {"profile_field": "language", "profile_value": "zh", "profile_confirmed": True}
    done = run(ActionProfileSubmit(), make_tracker("wei", "好", language="zh", slots=slots), domain)
    assert done.text == "王伟，已为您修改：您的语言现在是「中文」。"
    assert profile.get_profile(unit_of_work(), wei).language == "zh"


def test_telegram_as_channel_without_a_linked_chat_is_refused_before_any_summary(bank_url, domain):
    first = run(ValidateProfileForm(), started("bob", "send me stuff on telegram instead of texts"), domain)
    assert first.slots["profile_field"] == "channel"
    assert first.slots["form_outcome"] == "nothing_to_do"
    assert "link your Telegram first" in first.text


def test_the_profile_is_shown_masked_by_the_house_rule(bank_url, domain):
    shown = run(ActionViewProfile(), make_tracker("alice", "what address do you have for me"), domain).text
    assert shown.startswith("Here's what we have for you, Alice:")
    assert "••••0101" in shown and "a••••@example.com" in shown and "••••4110" in shown
    assert "alice.martin" not in shown and "Valencia" not in shown and "5550101" not in shown


def test_signing_out_everywhere_ends_the_sessions_and_offers_cards_and_a_person(bank_url, domain):
    wei = customer_id("wei")
    ran = run(ActionSignOutEverywhere(), make_tracker("wei", "是的", intent="affirm", language="zh"), domain)
    assert "已退出" in ran.text and "冻结" in ran.text
    assert [b["payload"] for b in ran.buttons] == ["/block_card", "/request_human", "/deny"]
    record = next(
        a
        for a in audit.list_for_customer(unit_of_work(), wei)
        if a.action == "security.signed_out_everywhere"
    )
    assert record.channel == "rest"
    assert profile_sessions_valid_after("wei") is not None  # the gateway refuses older tokens


def test_the_customers_words_name_the_detail_before_the_nlus_entity(bank_url, domain):
    tracker = started("alice", "new email")
    tracker.events.append({"event": "slot", "name": "profile_field", "value": "channel"})
    tracker.slots["profile_field"] = "channel"
    first = run(ValidateProfileForm(), tracker, domain)
    assert first.slots["profile_field"] == "email"


def test_a_lost_phone_at_the_address_step_is_not_taken_as_the_address(bank_url, domain):
    said = "lost my phone, can someone get into my app??"
    ran = run_form(
        ValidateProfileForm(),
        domain,
        "alice",
        text=said,
        intent="lost_phone",
        slots={"profile_field": "address", "requested_slot": "profile_value"},
        candidates={"profile_value": said},
    )
    assert any(e.get("event") == "action_execution_rejected" for e in ran.events)
    assert ran.slots["profile_value"] is None


def test_the_profile_in_chinese_greets_by_name_and_masks(bank_url, domain):
    shown = run(ActionViewProfile(), make_tracker("wei", "我登记的邮箱是哪个", language="zh"), domain).text
    assert shown.startswith("王伟，您登记的资料如下：")
    assert "w••••@example.cn" in shown and "••••8000" in shown and "wangwei@" not in shown


def test_a_no_to_signing_out_signs_nothing_out(bank_url, domain):
    ran = run(ActionLostPhoneDeclined(), make_tracker("alice", "no", intent="deny"), domain)
    assert "I haven't signed anything out" in ran.text
    assert profile_sessions_valid_after("alice") is None


def profile_sessions_valid_after(username: str):
    from banking_backend.services import customers

    return customers.get_customer(unit_of_work(), customer_id(username)).sessions_valid_after
