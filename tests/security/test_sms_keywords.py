"""SMS keywords must not swallow the dialogue's answers: the rules (Twilio's standard list, YES an
opt-in only for a number that opted out), and what a customer sees on the gateway (signed Twilio
webhooks, the local Twilio fake, a Rasa that echoes)."""

from __future__ import annotations

import itertools

import pytest

from channels.sms_keywords import Keyword, keyword_of
from tests.fakes.server import wait_for
from tests.integration.channels.helpers import ALICE_PHONE, BOB_PHONE, WEI_PHONE, post_sms

_sids = itertools.count(1)


@pytest.mark.parametrize(
    "word", ["STOP", "stop", " Stop ", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]
)
def test_twilios_opt_out_words_opt_out_whatever_the_case(word):
    assert keyword_of(word, opted_out=False) is Keyword.OPT_OUT
    assert keyword_of(word, opted_out=True) is Keyword.OPT_OUT


@pytest.mark.parametrize("word", ["START", "unstop"])
def test_start_and_unstop_opt_in(word):
    assert keyword_of(word, opted_out=True) is Keyword.OPT_IN


def test_yes_opts_in_a_number_that_opted_out():
    assert keyword_of("yes", opted_out=True) is Keyword.OPT_IN


def test_yes_from_an_opted_in_number_is_words_for_the_bot():
    assert keyword_of("yes", opted_out=False) is None
    assert keyword_of("YES", opted_out=False) is None


@pytest.mark.parametrize("text", ["cancel the transfer", "stop please", "1", "2", "no", "yes please"])
def test_only_a_whole_message_is_a_keyword(text):
    assert keyword_of(text, opted_out=False) is None


@pytest.mark.parametrize("word", ["HELP", "info"])
def test_help_words(word):
    assert keyword_of(word, opted_out=False) is Keyword.HELP


def _say(edges, phone: str, text: str) -> str:
    twilio = edges["twilio"]
    before = len(twilio.to(phone))
    assert post_sms(edges["url"], phone, text, f"SMkw{next(_sids):06d}").status_code == 200
    return "\n".join(wait_for(lambda: twilio.to(phone)[before:], timeout=30))


def test_yes_from_an_opted_in_customer_reaches_the_bot(edges):
    reply = _say(edges, ALICE_PHONE, "yes")
    assert reply == "you said yes"
    assert edges["rasa"].received[-1]["message"] == "yes"
    assert not edges["app"].state.store.opted_out(ALICE_PHONE)


def test_cancel_opts_out_and_the_reply_says_so_and_how_to_opt_in(edges):
    reply = _say(edges, BOB_PHONE, "cancel")
    assert edges["app"].state.store.opted_out(BOB_PHONE)
    assert "START" in reply and "no more" in reply
    assert all(r["message"] != "cancel" for r in edges["rasa"].received)
    back = _say(edges, BOB_PHONE, "yes")  # YES for an opted-out number: back in
    assert not edges["app"].state.store.opted_out(BOB_PHONE)
    assert "again" in back


def test_choices_on_sms_say_to_reply_with_the_number(edges):
    from channels.base import Button, Contact

    store, sms = edges["app"].state.store, edges["app"].state.adapters["sms"]
    twilio = edges["twilio"]
    before = len(twilio.to(WEI_PHONE))
    buttons = [Button("Yes", "/affirm"), Button("No", "/deny")]
    import asyncio

    asyncio.run_coroutine_threadsafe(
        sms.deliver(Contact("sms", WEI_PHONE), "Please confirm: send $5?", buttons), edges["app"].state.loop
    ).result(timeout=30)
    shown = "\n".join(wait_for(lambda: twilio.to(WEI_PHONE)[before:]))
    assert "1. Yes" in shown and "2. No" in shown and "Reply 1 or 2" in shown
    assert [b["payload"] for b in store.offered("sms", WEI_PHONE)] == ["/affirm", "/deny"]
    _say(edges, WEI_PHONE, "2")
    assert edges["rasa"].received[-1]["message"] == "/deny"
