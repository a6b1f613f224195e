"""An amount written below zero ("-50", "minus 50", "负500"), as the answer to "how much?" in every
form that takes one: refused in the customer's language, the amount asked again, never read as
the positive amount, never left for the NLU's goodbye."""

from __future__ import annotations

from actions.card_limits import ValidateCardLimitForm
from actions.credit_cards import ValidatePayCreditCardForm
from actions.messages import text
from actions.transfers import ValidateTransferForm
from tests.unit.actions.conftest import run_form

REFUSED_EN = "That amount doesn't work (it must be more than zero)."
REFUSED_ZH = "这个金额无法使用（金额必须大于零）。"
TRANSFER_SO_FAR = {
    "transfer_from_account": "1201",
    "transfer_payee": "Bob Okafor",
    "transfer_currency": "USD",
}


def amount_answered(domain, text: str, **said):
    """The transfer form's validation of alice's `text` while it asks her for the amount."""
    slots = {**TRANSFER_SO_FAR, "requested_slot": "transfer_amount"}
    return run_form(ValidateTransferForm(), domain, "alice", text=text, slots=slots, **said)


def test_a_bare_minus_50_the_nlu_took_for_a_goodbye_is_refused_and_the_amount_asked_again(bank_url, domain):
    # No mapping fills the slot from a goodbye; the answer is the form's to refuse, or Rasa would
    # hand the turn to the goodbye rule ("Goodbye, and have a good day!" in the middle of the form).
    ran = amount_answered(domain, "-50", intent="goodbye")
    assert ran.text == REFUSED_EN
    assert "transfer_amount" in ran.slots and ran.slots["transfer_amount"] is None
    assert ran.slots["requested_slot"] == "transfer_amount"


def test_minus_50_whose_sign_the_nlu_dropped_is_not_offered_as_50(bank_url, domain):
    # What the NLU's amount entity holds: 50.
    ran = amount_answered(domain, "minus 50", candidates={"transfer_amount": "50"})
    assert ran.text == REFUSED_EN
    assert ran.slots["transfer_amount"] is None
    assert ran.slots["requested_slot"] == "transfer_amount"


def test_a_chinese_negative_amount_is_refused_in_chinese(bank_url, domain):
    for said, entity in [("负500", "500"), ("負五百", "五百")]:
        ran = run_form(
            ValidateTransferForm(),
            domain,
            "wei",
            text=said,
            slots={"requested_slot": "transfer_amount"},
            candidates={"transfer_amount": entity},
            language="zh",
        )
        assert ran.text == REFUSED_ZH, said
        assert ran.slots["transfer_amount"] is None


def test_a_negative_amount_in_the_request_that_starts_the_transfer_is_refused(bank_url, domain):
    ran = run_form(
        ValidateTransferForm(),
        domain,
        "alice",
        text="send minus 50 to Bob Okafor from checking",
        intent="transfer_money",
        candidates={
            "transfer_amount": "50",
            "transfer_payee": "Bob Okafor",
            "transfer_from_account": "checking",
        },
    )
    assert REFUSED_EN in ran.text
    assert ran.slots["transfer_amount"] is None
    assert ran.slots["requested_slot"] == "transfer_amount"


def test_a_real_goodbye_while_the_amount_is_asked_is_not_taken_for_an_answer(bank_url, domain):
    ran = amount_answered(domain, "bye", intent="goodbye")
    # Not the amount: the form says nothing was done yet and asks for it again (forms_base).
    assert ran.slots.get("transfer_amount") is None
    assert ran.text == text("form_side_goodbye", "en")


def test_a_bare_positive_amount_read_as_another_intent_is_still_the_answer(bank_url, domain):
    ran = amount_answered(domain, "$50", intent="thank")
    assert ran.slots["transfer_amount"] == "50"
    assert ran.slots["requested_slot"] == "transfer_confirmed"


def test_a_negative_other_amount_for_the_credit_card_is_refused_and_asked_again(bank_url, domain):
    ran = run_form(
        ValidatePayCreditCardForm(),
        domain,
        "alice",
        text="-50",
        intent="goodbye",
        slots={"pay_option": "amount", "requested_slot": "pay_amount"},
    )
    assert ran.text == REFUSED_EN
    # Set (to nothing), so Rasa's form does not reject the turn, and asks the empty amount again.
    assert "pay_amount" in ran.slots and ran.slots["pay_amount"] is None


def test_a_negative_amount_given_as_the_repayment_option_is_refused_and_the_amount_asked(bank_url, domain):
    ran = run_form(
        ValidatePayCreditCardForm(),
        domain,
        "wei",
        text="负五百",
        slots={"requested_slot": "pay_option"},
        candidates={"pay_option": "负五百", "pay_amount": "五百"},
        language="zh",
    )
    assert ran.text == REFUSED_ZH
    assert ran.slots["pay_option"] == "amount" and ran.slots["pay_amount"] is None


def test_a_negative_card_limit_is_refused_and_asked_again(bank_url, domain):
    ran = run_form(
        ValidateCardLimitForm(),
        domain,
        "alice",
        text="minus 2000",
        slots={"limit_card": "4821", "requested_slot": "limit_amount"},
        candidates={"limit_amount": "2000"},
    )
    assert ran.text == REFUSED_EN
    assert ran.slots["limit_amount"] is None


def test_a_bare_minus_5000_the_nlu_took_for_a_goodbye_is_refused_as_a_card_limit(bank_url, domain):
    ran = run_form(
        ValidateCardLimitForm(),
        domain,
        "wei",
        text="-5000",
        intent="goodbye",
        slots={"limit_card": "6688", "requested_slot": "limit_amount"},
        language="zh",
    )
    assert ran.text == REFUSED_ZH
    assert "limit_amount" in ran.slots and ran.slots["limit_amount"] is None


def test_a_bare_negative_amount_at_the_summary_is_refused_as_a_new_limit_not_a_goodbye(bank_url, domain):
    asked = {"limit_card": "4821", "limit_amount": "2000", "requested_slot": "limit_confirmed"}
    ran = run_form(ValidateCardLimitForm(), domain, "alice", text="-5000", intent="goodbye", slots=asked)
    assert ran.text == REFUSED_EN
    assert ran.slots["limit_amount"] is None  # asked again, then the summary again


def test_a_bare_positive_number_at_the_summary_is_left_to_the_nlu(bank_url, domain):
    # Only what the NLU takes as an amount corrects it there ("make it 300"): a lone "1" may be a
    # choice, a yes, anything.
    asked = {"limit_card": "4821", "limit_amount": "2000", "requested_slot": "limit_confirmed"}
    ran = run_form(ValidateCardLimitForm(), domain, "alice", text="1", intent="affirm", slots=asked)
    assert "limit_amount" not in ran.slots
