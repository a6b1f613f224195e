"""Which language and script a customer's message shows (bot/components/scripts.py)."""

import pytest

from bot.components.scripts import detect_language, is_traditional, to_simplified


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("what's my balance?", "en"),
        ("balance please", "en"),
        ("我的余额是多少", "zh"),
        ("我的餘額是多少", "zh"),
        ("帮我查下checking余额", "zh"),  # mixed script: the Chinese wins
        ("转500 USD给Bob", "zh"),
    ],
)
def test_language_of_a_message(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["2", "ok", "500", "👍", "", "4821"])
def test_messages_without_a_language_signal_keep_the_previous_language(text):
    assert detect_language(text) is None


def test_traditional_characters_are_recognised():
    assert is_traditional("我的餘額是多少")
    assert is_traditional("幫我轉賬")
    assert not is_traditional("我的余额是多少")
    assert not is_traditional("hello")


def test_conversion_to_simplified_keeps_every_offset():
    text = "信用卡帳單還款：轉賬給李娜500元"
    simplified = to_simplified(text)
    assert len(simplified) == len(text)
    assert simplified == "信用卡帐单还款：转账给李娜500元"
