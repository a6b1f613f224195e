"""The demo bank's reference data: exchange rates, branches and ATMs with their hours, products
with interest rates, fees. DEMO DATA: plausible figures for a demo, not any real bank's prices or
addresses; docs/bank-reference-data.md says how a bank replaces them. Idempotent: a row the
table already has (same code, or same pair and day) is left as the bank edited it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from banking_backend import models as m
from banking_backend.domain.money import Money
from banking_backend.unit_of_work import SqlUnitOfWork

# --- exchange rates: (base, quote, today's mid rate, yesterday's) ----------------------------
RATES = (
    ("USD", "CNY", "7.1842", "7.1795"),
    ("EUR", "USD", "1.0856", "1.0871"),
    ("GBP", "USD", "1.2687", "1.2702"),
    ("USD", "HKD", "7.7912", "7.7908"),
    ("USD", "JPY", "151.37", "151.02"),
    ("USD", "SGD", "1.3421", "1.3433"),
    ("EUR", "CNY", "7.7994", "7.8047"),
)
RATE_SOURCE = "demo treasury"

# --- branches and ATMs -----------------------------------------------------------------------
WEEKDAYS = tuple(range(5))
ALL_WEEK = tuple(range(7))
BRANCH_SERVICES = (
    "cash_withdrawal",
    "cash_deposit",
    "cheque_deposit",
    "account_opening",
    "card_replacement",
)
ATM_SERVICES = ("cash_withdrawal", "contactless")


@dataclass(frozen=True)
class _Branch:
    code: str
    kind: str
    name: tuple[str, str]  # en, zh
    city: tuple[str, str]
    district: tuple[str, str]
    address: tuple[str, str]
    timezone: str
    phone: str | None
    services: tuple[str, ...]
    hours: tuple[tuple[tuple[int, ...], str, str], ...]  # (weekdays, opens, closes)


SF, NY = ("San Francisco", "旧金山"), ("New York", "纽约")
SH, BJ, SZ = ("Shanghai", "上海"), ("Beijing", "北京"), ("Shenzhen", "深圳")
US_BRANCH_HOURS = ((WEEKDAYS, "09:00", "17:00"), ((5,), "09:00", "13:00"))
CN_BRANCH_HOURS = ((WEEKDAYS, "09:00", "17:00"), ((5, 6), "10:00", "16:00"))
ALL_DAY = ((ALL_WEEK, "00:00", "24:00"),)

BRANCHES = (
    _Branch(
        "SF-FIDI",
        "branch",
        ("Financial District Branch", "金融区支行"),
        SF,
        ("Financial District", "金融区"),
        ("101 Market Street, San Francisco, CA 94105", "加州旧金山市场街101号，邮编94105"),
        "America/Los_Angeles",
        "+14155550188",
        (*BRANCH_SERVICES, "fx_exchange", "safe_deposit_box", "wealth_management"),
        US_BRANCH_HOURS,
    ),
    _Branch(
        "SF-MISSION",
        "branch",
        ("Mission Branch", "教会区支行"),
        SF,
        ("Mission District", "教会区"),
        ("2300 Mission Street, San Francisco, CA 94110", "加州旧金山米慎街2300号，邮编94110"),
        "America/Los_Angeles",
        "+14155550177",
        (*BRANCH_SERVICES, "mortgage_advice"),
        ((WEEKDAYS, "09:30", "17:30"),),
    ),
    _Branch(
        "NY-MIDTOWN",
        "branch",
        ("Midtown Manhattan Branch", "曼哈顿中城支行"),
        NY,
        ("Midtown", "中城"),
        ("350 Fifth Avenue, New York, NY 10118", "纽约州纽约第五大道350号，邮编10118"),
        "America/New_York",
        "+12125550140",
        (*BRANCH_SERVICES, "fx_exchange", "wealth_management"),
        US_BRANCH_HOURS,
    ),
    _Branch(
        "SF-FIDI-ATM",
        "atm",
        ("Financial District ATM", "金融区自动柜员机"),
        SF,
        ("Financial District", "金融区"),
        ("101 Market Street (lobby), San Francisco, CA 94105", "加州旧金山市场街101号大堂"),
        "America/Los_Angeles",
        None,
        (*ATM_SERVICES, "cash_deposit"),
        ALL_DAY,
    ),
    _Branch(
        "SF-UNION-ATM",
        "atm",
        ("Union Square ATM", "联合广场自动柜员机"),
        SF,
        ("Union Square", "联合广场"),
        ("170 O'Farrell Street, San Francisco, CA 94102", "加州旧金山奥法雷尔街170号"),
        "America/Los_Angeles",
        None,
        ATM_SERVICES,
        ((ALL_WEEK, "07:00", "23:00"),),
    ),
    _Branch(
        "SH-LUJIAZUI",
        "branch",
        ("Lujiazui Branch", "陆家嘴支行"),
        SH,
        ("Pudong New Area", "浦东新区"),
        ("100 Century Avenue, Pudong New Area, Shanghai", "上海市浦东新区世纪大道100号"),
        "Asia/Shanghai",
        "+862150550188",
        (*BRANCH_SERVICES, "fx_exchange", "safe_deposit_box", "wealth_management"),
        CN_BRANCH_HOURS,
    ),
    _Branch(
        "SH-NANJINGRD",
        "branch",
        ("Nanjing Road Branch", "南京路支行"),
        SH,
        ("Huangpu District", "黄浦区"),
        ("300 East Nanjing Road, Huangpu District, Shanghai", "上海市黄浦区南京东路300号"),
        "Asia/Shanghai",
        "+862163550166",
        (*BRANCH_SERVICES, "fx_exchange"),
        CN_BRANCH_HOURS,
    ),
    _Branch(
        "BJ-GUOMAO",
        "branch",
        ("Guomao Branch", "国贸支行"),
        BJ,
        ("Chaoyang District", "朝阳区"),
        ("1 Jianguomenwai Avenue, Chaoyang District, Beijing", "北京市朝阳区建国门外大街1号"),
        "Asia/Shanghai",
        "+861065050199",
        (*BRANCH_SERVICES, "fx_exchange", "wealth_management", "mortgage_advice"),
        CN_BRANCH_HOURS,
    ),
    _Branch(
        "BJ-ZHONGGUANCUN",
        "branch",
        ("Zhongguancun Branch", "中关村支行"),
        BJ,
        ("Haidian District", "海淀区"),
        ("27 Zhongguancun Street, Haidian District, Beijing", "北京市海淀区中关村大街27号"),
        "Asia/Shanghai",
        "+861062550177",
        BRANCH_SERVICES,
        ((WEEKDAYS, "09:00", "17:00"),),
    ),
    _Branch(
        "SZ-FUTIAN",
        "branch",
        ("Futian Branch", "福田支行"),
        SZ,
        ("Futian District", "福田区"),
        ("5023 Shennan Avenue, Futian District, Shenzhen", "深圳市福田区深南大道5023号"),
        "Asia/Shanghai",
        "+8675583550155",
        (*BRANCH_SERVICES, "fx_exchange"),
        CN_BRANCH_HOURS,
    ),
    _Branch(
        "SH-LUJIAZUI-ATM",
        "atm",
        ("Lujiazui ATM", "陆家嘴自助银行"),
        SH,
        ("Pudong New Area", "浦东新区"),
        ("100 Century Avenue (ground floor), Pudong New Area, Shanghai", "上海市浦东新区世纪大道100号一楼"),
        "Asia/Shanghai",
        None,
        (*ATM_SERVICES, "cash_deposit"),
        ALL_DAY,
    ),
    _Branch(
        "SH-XUJIAHUI-ATM",
        "atm",
        ("Xujiahui ATM", "徐家汇自助银行"),
        SH,
        ("Xuhui District", "徐汇区"),
        ("1 Hongqiao Road (mall, level B1), Xuhui District, Shanghai", "上海市徐汇区虹桥路1号商场B1层"),
        "Asia/Shanghai",
        None,
        ATM_SERVICES,
        ((ALL_WEEK, "10:00", "22:00"),),
    ),
    _Branch(
        "BJ-SANLITUN-ATM",
        "atm",
        ("Sanlitun ATM", "三里屯自助银行"),
        BJ,
        ("Chaoyang District", "朝阳区"),
        ("19 Sanlitun Road, Chaoyang District, Beijing", "北京市朝阳区三里屯路19号"),
        "Asia/Shanghai",
        None,
        ATM_SERVICES,
        ALL_DAY,
    ),
)

# --- products: (code, kind, en, zh, currency, rate %, rate kind, term months, minimum) -------
PRODUCTS = (
    ("USD-SAVINGS", "savings", "Everyday Savings", "日常储蓄账户", "USD", "0.50", "aer", None, "0"),
    ("USD-HY-SAVINGS", "savings", "High-Yield Savings", "高收益储蓄账户", "USD", "4.10", "aer", None, "1000"),
    ("CNY-SAVINGS", "savings", "Demand Savings", "活期储蓄", "CNY", "0.20", "aer", None, "0"),
    ("USD-TD-3M", "deposit", "3-month Term Deposit", "3个月定期存款", "USD", "4.00", "fixed", 3, "1000"),
    ("USD-TD-6M", "deposit", "6-month Term Deposit", "6个月定期存款", "USD", "4.25", "fixed", 6, "1000"),
    ("USD-TD-12M", "deposit", "12-month Term Deposit", "12个月定期存款", "USD", "4.35", "fixed", 12, "1000"),
    ("CNY-TD-3M", "deposit", "3-month Fixed Deposit", "3个月整存整取", "CNY", "1.05", "fixed", 3, "50"),
    ("CNY-TD-6M", "deposit", "6-month Fixed Deposit", "6个月整存整取", "CNY", "1.25", "fixed", 6, "50"),
    ("CNY-TD-12M", "deposit", "1-year Fixed Deposit", "1年期整存整取", "CNY", "1.35", "fixed", 12, "50"),
    ("CNY-TD-36M", "deposit", "3-year Fixed Deposit", "3年期整存整取", "CNY", "1.75", "fixed", 36, "50"),
    ("USD-PERSONAL-LOAN", "loan", "Personal Loan", "个人贷款", "USD", "8.99", "apr", None, "2000"),
    (
        "USD-MORTGAGE-30Y",
        "loan",
        "30-year Fixed Mortgage",
        "30年固定利率房贷",
        "USD",
        "6.45",
        "fixed",
        360,
        "50000",
    ),
    (
        "CNY-PERSONAL-LOAN",
        "loan",
        "Personal Consumer Loan",
        "个人消费贷款",
        "CNY",
        "3.85",
        "apr",
        None,
        "10000",
    ),
    ("CNY-MORTGAGE", "loan", "Home Mortgage", "个人住房贷款", "CNY", "3.15", "apr", 360, "100000"),
    ("USD-PLATINUM-CARD", "card", "Platinum Credit Card", "白金信用卡", "USD", "21.99", "apr", None, "0"),
    ("USD-CASHBACK-CARD", "card", "Cashback Credit Card", "返现信用卡", "USD", "24.99", "apr", None, "0"),
    ("CNY-CREDIT-CARD", "card", "Credit Card", "信用卡", "CNY", "18.25", "apr", None, "0"),
)

# --- fees: (code, category, en, zh, currency, amount or None, percent or None, min, max, premium waived)
FEES = (
    (
        "monthly_maintenance",
        "account",
        "Monthly account fee",
        "账户管理费（每月）",
        "USD",
        "12",
        None,
        None,
        None,
        True,
    ),
    (
        "monthly_maintenance",
        "account",
        "Monthly account fee",
        "账户管理费（每月）",
        "CNY",
        "10",
        None,
        None,
        None,
        True,
    ),
    ("paper_statement", "account", "Paper statement", "纸质对账单", "USD", "2", None, None, None, True),
    ("paper_statement", "account", "Paper statement", "纸质对账单", "CNY", "5", None, None, None, True),
    ("overdraft", "account", "Overdraft fee", "透支手续费", "USD", "35", None, None, None, False),
    ("card_replacement", "card", "Replacement card", "补换卡", "USD", "10", None, None, None, True),
    ("card_replacement", "card", "Replacement card", "补换卡", "CNY", "20", None, None, None, True),
    (
        "card_annual_platinum",
        "card",
        "Platinum card annual fee",
        "白金卡年费",
        "USD",
        "95",
        None,
        None,
        None,
        True,
    ),
    (
        "card_late_payment",
        "card",
        "Late payment fee",
        "信用卡逾期还款费",
        "USD",
        "39",
        None,
        None,
        None,
        False,
    ),
    (
        "card_foreign_transaction",
        "card",
        "Foreign transaction fee",
        "境外交易手续费",
        "USD",
        None,
        "3",
        None,
        None,
        True,
    ),
    (
        "card_foreign_transaction",
        "card",
        "Foreign transaction fee",
        "境外交易手续费",
        "CNY",
        None,
        "1.5",
        None,
        None,
        True,
    ),
    ("transfer_online", "transfer", "Online transfer", "网上转账", "USD", "0", None, None, None, False),
    ("transfer_online", "transfer", "Online transfer", "网上转账", "CNY", "0", None, None, None, False),
    (
        "transfer_same_day",
        "transfer",
        "Same-day domestic wire",
        "当日国内电汇",
        "USD",
        "25",
        None,
        None,
        None,
        True,
    ),
    (
        "transfer_counter",
        "transfer",
        "Transfer at a branch counter",
        "柜台转账",
        "CNY",
        None,
        "0.5",
        "2",
        "50",
        True,
    ),
    (
        "wire_outgoing",
        "international_wire",
        "Outgoing international wire",
        "境外汇款（汇出）",
        "USD",
        "45",
        None,
        None,
        None,
        True,
    ),
    (
        "wire_incoming",
        "international_wire",
        "Incoming international wire",
        "境外汇款（汇入）",
        "USD",
        "15",
        None,
        None,
        None,
        True,
    ),
    (
        "wire_outgoing",
        "international_wire",
        "Outgoing international wire",
        "境外汇款（汇出）",
        "CNY",
        None,
        "0.1",
        "50",
        "260",
        True,
    ),
    (
        "wire_cable",
        "international_wire",
        "Wire cable charge",
        "电报费",
        "CNY",
        "150",
        None,
        None,
        None,
        False,
    ),
    ("atm_in_network", "atm", "Our ATMs", "本行ATM取款", "USD", "0", None, None, None, False),
    ("atm_in_network", "atm", "Our ATMs", "本行ATM取款", "CNY", "0", None, None, None, False),
    ("atm_out_of_network", "atm", "Other banks' ATMs", "他行ATM取款", "USD", "3", None, None, None, True),
    ("atm_out_of_network", "atm", "Other banks' ATMs", "他行ATM取款", "CNY", "2", None, None, None, True),
    ("atm_abroad", "atm", "ATMs abroad", "境外ATM取款", "USD", "5", None, None, None, True),
    ("atm_abroad", "atm", "ATMs abroad", "境外ATM取款", "CNY", None, "1", "12", None, True),
    ("fx_conversion", "fx", "Currency conversion", "货币兑换", "USD", None, "1", None, None, True),
    ("fx_conversion", "fx", "Currency conversion", "货币兑换", "CNY", None, "1", None, None, True),
    ("fx_cash", "fx", "Foreign cash exchange", "外币现钞兑换", "USD", None, "2", "5", None, False),
)

# Demo customers' profiles: (email, address, preferred channel, segment). DEMO DATA.
PROFILES = {
    "alice": (
        "alice.martin@example.com",
        "1450 Valencia Street, Apt 3\nSan Francisco, CA 94110",
        "web",
        "premium",
    ),
    "bob": (
        "bob.okafor@example.com",
        "88 Howard Street, Apt 1207\nSan Francisco, CA 94105",
        "sms",
        "standard",
    ),
    "wei": ("wangwei@example.cn", "上海市浦东新区张杨路500号8号楼1203室", "web", "standard"),
    "lina": ("lina@example.cn", "北京市朝阳区光华路9号3单元501室", "telegram", "premium"),
}


def seed_reference_data(uow: SqlUnitOfWork, today: date) -> None:
    """Add the demo reference rows the tables do not have yet (rates dated today and yesterday,
    everything else effective from the first of last month). In the caller's unit of work."""
    effective = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    for base, quote, now_rate, before in RATES:
        for day, value in ((today, now_rate), (today - timedelta(days=1), before)):
            found = uow.reference.rate(base, quote, day)
            if found is None or found.as_of != day:
                uow.reference.add(
                    m.ExchangeRate(
                        base_currency=base,
                        quote_currency=quote,
                        rate=Decimal(value),
                        as_of=day,
                        source=RATE_SOURCE,
                    )
                )
    for b in BRANCHES:
        if uow.reference.branch_by_code(b.code) is not None:
            continue
        row = m.Branch(
            code=b.code,
            kind=b.kind,
            name_en=b.name[0],
            name_zh=b.name[1],
            city_en=b.city[0],
            city_zh=b.city[1],
            district_en=b.district[0],
            district_zh=b.district[1],
            address_en=b.address[0],
            address_zh=b.address[1],
            timezone=b.timezone,
            phone=b.phone,
            services=json.dumps(list(b.services)),
            updated_on=effective,
        )
        uow.reference.add(row)
        for days, opens, closes in b.hours:
            for day in days:
                uow.reference.add(m.BranchHours(branch_id=row.id, weekday=day, opens=opens, closes=closes))
    have_products = {p.code for p in uow.reference.products(today)}
    for code, kind, en, zh, currency, rate, rate_kind, term, minimum in PRODUCTS:
        if code not in have_products:
            uow.reference.add(
                m.Product(
                    code=code,
                    kind=kind,
                    name_en=en,
                    name_zh=zh,
                    currency=currency,
                    rate_percent=Decimal(rate),
                    rate_kind=rate_kind,
                    term_months=term,
                    minimum_minor=Money.of(minimum, currency).minor,
                    effective_from=effective,
                )
            )
    have_fees = {(f.code, f.currency) for f in uow.reference.fees(today)}
    for code, category, en, zh, currency, amount, percent, low, high, waived in FEES:
        if (code, currency) in have_fees:
            continue
        uow.reference.add(
            m.Fee(
                code=code,
                category=category,
                name_en=en,
                name_zh=zh,
                currency=currency,
                amount_minor=Money.of(amount, currency).minor if amount is not None else None,
                percent=Decimal(percent) if percent is not None else None,
                minimum_minor=Money.of(low, currency).minor if low is not None else None,
                maximum_minor=Money.of(high, currency).minor if high is not None else None,
                premium_waived=waived,
                effective_from=effective,
            )
        )


def seed_demo_profiles(uow: SqlUnitOfWork) -> None:
    """Give the demo customers their demo contact details and segment, unless their profile
    already has contact details (a demo customer's own changes stay)."""
    for username, (email, address, channel, segment) in PROFILES.items():
        customer = uow.customers.by_username(username)
        if customer is None:
            continue
        profile = uow.profiles.get_or_add(customer.id)
        if profile.email is None and profile.address is None:
            profile.email, profile.address = email, address
            profile.preferred_channel, profile.segment = channel, segment
    uow.session.flush()
