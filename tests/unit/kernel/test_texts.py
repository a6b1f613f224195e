"""One way to write customer-facing words (kernel/texts.py): each entry in both languages, one
picked by the customer's language, both joined where the language is not known yet."""

import pytest

from kernel.texts import Catalogue

CATALOGUE = Catalogue({"wait": {"en": "Try again in {wait}.", "zh": "请在 {wait} 后再试。"}})


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Try again in 5 s."),
        ("zh", "请在 5 s 后再试。"),
        ("zh-TW", "请在 5 s 后再试。"),
        ("fr", "Try again in 5 s."),
    ],
)
def test_text_is_in_the_customers_language_english_otherwise(language, expected):
    assert CATALOGUE.text("wait", language, wait="5 s") == expected


def test_both_joins_english_then_chinese_and_stays_a_template_until_filled():
    assert CATALOGUE.both("wait") == "Try again in {wait}. 请在 {wait} 后再试。"
    assert CATALOGUE.both("wait", wait="1 min") == "Try again in 1 min. 请在 1 min 后再试。"
    assert CATALOGUE.both("wait", separator="\n", wait="1 min") == "Try again in 1 min.\n请在 1 min 后再试。"


def test_an_entry_without_its_chinese_is_refused_when_the_catalogue_is_made():
    with pytest.raises(ValueError, match="hello"):
        Catalogue({"hello": {"en": "Hello"}, "bye": {"en": "Bye", "zh": "再见"}})


def test_every_catalogue_of_ours_has_both_languages():
    # Made at import: importing them is the check.
    from actions.messages import CATALOGUE as actions_words
    from channels.texts import CATALOGUE as gateway_words
    from contact_centre.wording import CATALOGUE as centre_words

    assert "sign_in_needed" in actions_words and "sms_help" in gateway_words and "waiting" in centre_words
