"""Pure parsing helpers: amounts, periods and choices, in English and Chinese."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from actions.parsing.amounts import currency_in, is_amount_alone, parse_amount, states_negative_amount
from actions.parsing.choices import (
    account_kind,
    block_reason,
    card_kind,
    complaint_category,
    last_digits,
    one_time_code,
    pay_option,
    stated_block_reason,
    wants_to_stop,
)
from actions.parsing.periods import parse_period


@pytest.mark.parametrize(
    ("said", "amount", "currency"),
    [
        ("500", "500", None),
        ("1.5k", "1500", None),
        ("10k", "10000", None),
        ("$45.60", "45.60", "USD"),
        ("$ 20", "20", "USD"),
        ("1,200.50", "1200.50", None),
        ("2,000 rmb", "2000", "CNY"),
        ("€50", "50", "EUR"),
        ("£12.5", "12.5", "GBP"),
        ("¥88.88", "88.88", "CNY"),
        ("800 dollars", "800", "USD"),
        ("250 bucks", "250", "USD"),
        ("make it 300", "300", None),
        ("transfer 500 to Bob", "500", None),
        ("pay 1.5k now", "1500", None),
        ("three hundred", "300", None),
        ("a thousand", "1000", None),
        ("two hundred fifty dollars", "250", "USD"),
        ("两千五", "2500", None),
        ("三百块", "300", "CNY"),
        ("五百元", "500", "CNY"),
        ("1.5万", "15000", None),
        ("一万五", "15000", None),
        ("两千块钱", "2000", "CNY"),
        ("七百塊", "700", "CNY"),
        ("100美元", "100", "USD"),
        ("3000人民币", "3000", "CNY"),
        ("一千二百五十点五", "1250.5", None),
        ("二十块五", "20.5", "CNY"),
        ("给王五转两千五", "2500", None),
        ("改成三百块", "300", "CNY"),
        ("５００元", "500", "CNY"),
    ],
)
def test_amounts_are_read_as_decimal(said, amount, currency):
    parsed = parse_amount(said)
    assert parsed is not None
    assert isinstance(parsed.amount, Decimal)
    assert parsed.amount == Decimal(amount)
    assert parsed.currency == currency


@pytest.mark.parametrize("said", ["", None, "send it to bob", "-50", "0", "A123", "没有金额"])
def test_no_amount_is_no_amount(said):
    assert parse_amount(said) is None


NEGATIVE_AMOUNTS = [
    "-50",
    "−50",  # the minus sign of typesetting, U+2212
    "－５０",  # full-width, as a Chinese keyboard types it
    "- 50",
    "-$50",
    "$-50",
    "-50 dollars",
    "-0.01",
    "minus 50",
    "Minus $1.5k",
    "negative 50",
    "minus fifty",
    "negative three hundred",
    "负500",
    "负五百",
    "负 500 元",
    "負500",
    "負五百塊",
    "减50",
    "減五十",
    "send -50 to Bob",
    "给王五转负两千",
    "转-50",
]


@pytest.mark.parametrize("said", NEGATIVE_AMOUNTS)
def test_an_amount_written_below_zero_is_no_amount_and_is_said_to_be_negative(said):
    # Never read as the positive amount: "minus 50" once offered a transfer of 50.00.
    assert parse_amount(said) is None
    assert states_negative_amount(said)


@pytest.mark.parametrize(
    "said",
    ["50", "$50", "五百", "account 1234-5678", "send 50 to Bob - thanks", "1-2k", "ref A-50", "", None],
)
def test_a_dash_that_is_no_minus_sign_states_no_negative_amount(said):
    assert not states_negative_amount(said)


@pytest.mark.parametrize(
    "said",
    ["-50", "minus 50", "$1.5k", "50 dollars", "负五百", "五百块", "three hundred", " 250. ", "負 500"],
)
def test_a_message_that_is_only_an_amount_is_an_amount_alone(said):
    assert is_amount_alone(said)


@pytest.mark.parametrize(
    "said", ["send 50 to bob", "block card 1234", "bye", "", None, "给王五转500", "no", "minus"]
)
def test_a_message_with_more_than_an_amount_is_not_an_amount_alone(said):
    assert not is_amount_alone(said)


def test_currency_words_are_found_in_either_language():
    assert currency_in("in us dollars") == "USD"
    assert currency_in("三百欧元") == "EUR"
    assert currency_in("plain 300") is None


NOW = datetime(2025, 5, 21, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("said", "start", "end"),
    [
        ("last week", "2025-05-12", "2025-05-19"),
        ("上周", "2025-05-12", "2025-05-19"),
        ("上個月", "2025-04-01", "2025-05-01"),
        ("上个月", "2025-04-01", "2025-05-01"),
        ("last month", "2025-04-01", "2025-05-01"),
        ("in October", "2024-10-01", "2024-11-01"),
        ("10月", "2024-10-01", "2024-11-01"),
        ("2024年10月", "2024-10-01", "2024-11-01"),
        ("yesterday", "2025-05-20", "2025-05-21"),
        ("昨天", "2025-05-20", "2025-05-21"),
        ("last year", "2024-01-01", "2025-01-01"),
        ("去年", "2024-01-01", "2025-01-01"),
        ("2024年", "2024-01-01", "2025-01-01"),
        ("this month", "2025-05-01", "2025-05-21"),
        ("本月", "2025-05-01", "2025-05-21"),
        ("今年", "2025-01-01", "2025-05-21"),
        ("since March 3", "2025-03-03", "2025-05-21"),
        ("3月5日以来", "2025-03-05", "2025-05-21"),
        ("past 30 days", "2025-04-21", "2025-05-21"),
        ("过去30天", "2025-04-21", "2025-05-21"),
        ("最近一周", "2025-05-14", "2025-05-21"),
        ("the last 3 months", "2025-02-20", "2025-05-21"),
    ],
)
def test_periods_become_date_ranges(said, start, end):
    period = parse_period(said, NOW)
    assert period is not None
    assert period.start.date().isoformat() == start
    assert period.end.date().isoformat() == end
    assert period.end <= NOW or period.end.date() <= NOW.date()


@pytest.mark.parametrize("said", ["", None, "blah", "bob"])
def test_no_period_is_no_period(said):
    assert parse_period(said, NOW) is None


def test_choices_in_both_languages():
    assert account_kind("my savings account") == "savings"
    assert account_kind("活期账户") == "checking"
    assert account_kind("儲蓄帳戶") == "savings"
    assert account_kind("credit_card") == "credit_card"
    assert card_kind("尾号4821的借记卡") == "debit"
    assert card_kind("the visa") == "credit"
    assert last_digits("ending in 4821") == "4821"
    assert last_digits("card 12345") is None
    assert block_reason("I lost it") == "lost"
    assert block_reason("卡被偷了") == "stolen"
    assert block_reason("someone skimmed it") == "compromised"
    assert block_reason("just temporarily please") == "temporary"
    assert block_reason("卡丢了") == "lost"
    # The words for blocking itself give no reason; a reason said with them does.
    assert stated_block_reason("freeze my card") is None and stated_block_reason("冻结我的卡") is None
    assert stated_block_reason("freeze it, it was stolen") == "stolen"
    assert stated_block_reason("I lost my debit card") == "lost"
    assert stated_block_reason("信用卡盗刷了，帮我冻结") == "compromised"
    assert stated_block_reason("just temporarily please") == "temporary"
    assert pay_option("the minimum") == "minimum"
    assert pay_option("全额还款") == "statement"
    assert pay_option("300") == "amount"
    assert pay_option("其他金额") == "amount"
    assert complaint_category("app") == "service"
    assert complaint_category("手续费") == "fees"
    assert complaint_category("盗刷") == "fraud"
    assert one_time_code("my code is 123 456") == "123456"
    assert one_time_code("12345") is None


@pytest.mark.parametrize(
    ("said", "stops"),
    [
        ("cancel", True),
        ("Cancel please", True),
        ("never mind", True),
        ("nvm", True),
        ("stop it!", True),
        ("I changed my mind", True),
        ("取消", True),
        ("算了吧", True),
        ("不用了，谢谢", True),
        ("no", False),  # a no answers a step; only "stop this" stops it
        ("cancel that payment", False),  # may be the answer: the payment to dispute
        ("取消这笔交易", False),
    ],
)
def test_a_message_that_only_asks_to_stop(said, stops):
    assert wants_to_stop(said) is stops
