"""The demo bank: four customers with accounts, 90 days of history, payees, cards, a
credit-card statement and a profile each, and the reference data (seed_reference.py).
Deterministic for a given `today`, and idempotent: a customer who already exists is left as is."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from banking_backend import models as m
from banking_backend.domain.ledger import EntryDraft
from banking_backend.domain.money import Money
from banking_backend.domain.views import CustomerView
from banking_backend.seed_reference import seed_demo_profiles, seed_reference_data
from banking_backend.services import audit, customers, ledger
from banking_backend.services.cards import pan_hash
from banking_backend.unit_of_work import SqlUnitOfWork

HISTORY_DAYS = 90


@dataclass(frozen=True)
class _Payee:
    name: str
    number: str  # an account number; internal when it is one of ours
    bank: str | None = None
    trusted: bool = True


@dataclass(frozen=True)
class _Profile:
    username: str
    name: str
    language: str
    phone: str
    currency: str
    numbers: tuple[str, str, str]  # checking, savings, credit card
    names: tuple[str, str, str]
    opening: int
    salary: int  # per half month
    rent: int
    credit_limit: int
    overdraft: int
    cards: tuple[tuple[str, str, str], ...]  # (kind, last4, status)
    payees: tuple[_Payee, ...]
    words: dict[str, tuple[str, str]] = field(default_factory=dict)  # kind -> (text, merchant)


_EN_WORDS = {
    "opening": ("Opening deposit", "Martin & Co. Payroll"),
    "salary": ("Salary", "Northwind Traders Payroll"),
    "rent": ("Rent", "Landlord Properties"),
    "groceries": ("Groceries", "Whole Foods Market"),
    "coffee": ("Coffee", "Blue Bottle Coffee"),
    "utilities": ("Electricity bill", "City Power & Light"),
    "phone": ("Mobile phone bill", "T-Mobile"),
    "savings": ("Transfer to savings", None),
    "dining": ("Dinner", "The Cheesecake Factory"),
    "online": ("Online shopping", "Amazon.com"),
    "taxi": ("Ride", "Uber"),
    "card_payment": ("Credit card payment", None),
}
_ZH_WORDS = {
    "opening": ("开户存款", "星辰科技有限公司"),
    "salary": ("工资", "星辰科技有限公司"),
    "rent": ("房租", "链家租房"),
    "groceries": ("超市购物", "盒马鲜生"),
    "coffee": ("咖啡", "星巴克"),
    "utilities": ("电费", "国家电网"),
    "phone": ("话费", "中国移动"),
    "savings": ("转入储蓄账户", None),
    "dining": ("外卖", "美团外卖"),
    "online": ("网购", "京东商城"),
    "taxi": ("打车", "滴滴出行"),
    "card_payment": ("信用卡还款", None),
}

PROFILES: tuple[_Profile, ...] = (
    _Profile(
        "alice",
        "Alice Martin",
        "en",
        "+14155550101",
        "USD",
        ("620000011201", "620000011302", "620000011458"),
        ("Everyday Checking", "High-Yield Savings", "Platinum Credit Card"),
        opening=3200,
        salary=2600,
        rent=1850,
        credit_limit=5000,
        overdraft=500,
        cards=(("debit", "4821", "active"), ("credit", "7315", "active")),
        payees=(
            _Payee("Bob Okafor", "620000022201"),
            _Payee("Landlord Properties", "021000021-4432109876", "Chase"),
        ),
        words=_EN_WORDS,
    ),
    _Profile(
        "bob",
        "Bob Okafor",
        "en",
        "+14155550102",
        "USD",
        ("620000022201", "620000022302", "620000022458"),
        ("Checking", "Savings", "Cashback Credit Card"),
        opening=1800,
        salary=2100,
        rent=1400,
        credit_limit=3000,
        overdraft=0,
        cards=(("debit", "1174", "active"), ("credit", "9902", "inactive")),
        payees=(
            _Payee("Alice Martin", "620000011201"),
            _Payee("City Power & Light", "121000248-5512", "Wells Fargo"),
        ),
        words=_EN_WORDS,
    ),
    _Profile(
        "wei",
        "王伟 Wang Wei",
        "zh",
        "+8613800138000",
        "CNY",
        ("620000033201", "620000033302", "620000033458"),
        ("活期账户", "储蓄账户", "信用卡"),
        opening=20000,
        salary=9000,
        rent=4500,
        credit_limit=30000,
        overdraft=0,
        cards=(("debit", "6688", "active"), ("credit", "3521", "active")),
        payees=(
            _Payee("李娜", "620000044201"),
            _Payee("王五", "6225880137421234", "招商银行", trusted=False),
            _Payee("张三", "6217000010012345", "中国建设银行"),
        ),
        words=_ZH_WORDS,
    ),
    _Profile(
        "lina",
        "李娜 Li Na",
        "zh",
        "+8613900139000",
        "CNY",
        ("620000044201", "620000044302", "620000044458"),
        ("活期账户", "储蓄账户", "信用卡"),
        opening=15000,
        salary=7500,
        rent=3800,
        credit_limit=20000,
        overdraft=0,
        cards=(("debit", "2046", "active"), ("credit", "5130", "active")),
        payees=(_Payee("王伟", "620000033201"),),
        words=_ZH_WORDS,
    ),
)
DEMO_USERNAMES: tuple[str, ...] = tuple(p.username for p in PROFILES)

# Everyday spending: kind -> (USD low, USD high); CNY amounts are scaled by 7.
_SPEND = {
    "groceries": (35, 140),
    "coffee": (4, 7),
    "dining": (18, 75),
    "online": (15, 120),
    "taxi": (9, 32),
}


def seed_demo_bank(uow: SqlUnitOfWork, today: date | None = None) -> list[CustomerView]:
    """Create the demo customers that do not exist yet; return all demo customers."""
    today = today or datetime.now(UTC).date()
    with uow:
        created: list[tuple[_Profile, m.Customer, list[m.Account]]] = []
        for profile in PROFILES:
            if uow.customers.by_username(profile.username) is None:
                customer, accounts = _create_customer(uow, profile, today)
                created.append((profile, customer, accounts))
        for profile, customer, accounts in created:
            _create_payees(uow, profile, customer, today)
            _create_cards(uow, profile, customer, accounts, today)
            _create_history(uow, profile, accounts, today)
            _create_statement(uow, profile, accounts[2], today)
            audit.record(uow, None, "seed.customer_created", "system", username=profile.username)
        seed_demo_profiles(uow)
        seed_reference_data(uow, today)
        result = [customers.get_customer(uow, uow.customers.by_username(p.username).id) for p in PROFILES]
        uow.commit()
        return result


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _create_customer(uow: SqlUnitOfWork, p: _Profile, today: date) -> tuple[m.Customer, list[m.Account]]:
    opened = _at(today - timedelta(days=HISTORY_DAYS + 30), 9)
    customer = uow.customers.add(
        m.Customer(
            username=p.username,
            display_name=p.name,
            language=p.language,
            phone_e164=p.phone,
            telegram_user_id=None,
            status="active",
            vulnerable=False,
            marketing_opt_in=False,
            created_at=opened,
        )
    )
    accounts = []
    kinds = ("checking", "savings", "credit_card")
    for kind, number, name in zip(kinds, p.numbers, p.names, strict=True):
        limit = {"checking": p.overdraft, "savings": 0, "credit_card": p.credit_limit}[kind]
        limit_minor = Money.of(limit, p.currency).minor
        accounts.append(
            uow.accounts.add(
                m.Account(
                    customer_id=customer.id,
                    kind=kind,
                    name=name,
                    number=number,
                    currency=p.currency,
                    status="open",
                    overdraft_allowed=limit_minor > 0,
                    overdraft_limit_minor=limit_minor,
                    balance_minor=0,
                    internal_code=None,
                    opened_at=opened,
                )
            )
        )
    return customer, accounts


def _create_payees(uow: SqlUnitOfWork, p: _Profile, customer: m.Customer, today: date) -> None:
    for payee in p.payees:
        target = uow.accounts.by_number(payee.number)
        uow.payees.add(
            m.Payee(
                customer_id=customer.id,
                name=payee.name,
                account_number=payee.number,
                bank_name=payee.bank if target is None else None,
                internal_account_id=target.id if target is not None else None,
                trusted_at=_at(today - timedelta(days=HISTORY_DAYS), 10) if payee.trusted else None,
                created_at=_at(today - timedelta(days=HISTORY_DAYS + 10), 10),
            )
        )


def _create_cards(
    uow: SqlUnitOfWork, p: _Profile, customer: m.Customer, accounts: list[m.Account], today: date
) -> None:
    from banking_backend.domain.products import card_limit_bounds

    rng = random.Random(f"cards:{p.username}")
    for kind, last4, status in p.cards:
        account = accounts[0] if kind == "debit" else accounts[2]
        pan = "4" + "".join(rng.choice("0123456789") for _ in range(11)) + last4
        bounds = card_limit_bounds(kind, p.currency)
        uow.cards.add(
            m.Card(
                customer_id=customer.id,
                account_id=account.id,
                kind=kind,
                brand="Visa" if p.currency == "USD" else "UnionPay",
                last4=last4,
                pan_hash=pan_hash(pan),
                expiry_month=(today.month % 12) + 1,
                expiry_year=today.year + 3,
                status=status,
                block_reason=None,
                daily_limit_minor=Money.of(bounds.maximum.amount / 5, p.currency).minor,
                replacement_ordered_at=None,
                replaces_card_id=None,
                created_at=_at(today - timedelta(days=HISTORY_DAYS + 20), 9),
            )
        )


def _create_history(uow: SqlUnitOfWork, p: _Profile, accounts: list[m.Account], today: date) -> None:
    rng = random.Random(f"history:{p.username}")
    checking, savings, card = accounts
    funding = ledger.internal_account(uow, ledger.FUNDING, p.currency)
    clearing = ledger.internal_account(uow, ledger.CLEARING, p.currency)
    merchants = ledger.internal_account(uow, ledger.MERCHANT_SETTLEMENT, p.currency)
    locked = uow.accounts.lock([checking.id, savings.id, card.id, funding.id, clearing.id, merchants.id])
    scale = 1 if p.currency == "USD" else 7

    def book(
        when: datetime,
        kind: str,
        source: m.Account,
        target: m.Account,
        amount: int | Decimal,
        entry_kind: str,
    ) -> None:
        money = Money.of(Decimal(amount).quantize(Decimal("0.01")), p.currency)
        available = source.balance_minor + (
            source.overdraft_limit_minor if source.kind != "internal" else 10**15
        )
        if source.kind != "internal" and money.minor > available:
            return  # the demo customer would not have had the money: skip, as a bank would
        text, merchant = p.words[kind]
        draft = EntryDraft(description=text, kind=entry_kind, merchant=merchant)
        ledger.post(uow, draft.move(source.id, target.id, money), locked, "seed", posted_at=when)

    start = today - timedelta(days=HISTORY_DAYS)
    book(_at(start, 9), "opening", funding, checking, p.opening, "deposit")
    book(_at(start, 9, 5), "opening", funding, savings, p.opening * 2, "deposit")
    for offset in range(1, HISTORY_DAYS):  # up to yesterday: nothing in the future
        day = start + timedelta(days=offset)
        if day.day in (1, 15):
            book(_at(day, 8), "salary", funding, checking, p.salary, "salary")
        if day.day == 1:
            book(_at(day, 10), "rent", checking, clearing, p.rent, "payment")
            book(_at(day, 11), "savings", checking, savings, p.salary // 5, "transfer")
        if day.day == 5:
            book(
                _at(day, 9),
                "utilities",
                checking,
                clearing,
                rng.randint(60, 140) * scale,
                "payment",
            )
            owed = -card.balance_minor // 100
            if owed > 0:
                book(_at(day, 12), "card_payment", checking, card, owed, "repayment")
        if day.day == 20:
            book(_at(day, 9), "phone", checking, clearing, 45 * scale, "payment")
        if day.weekday() == 5:
            low, high = _SPEND["groceries"]
            book(
                _at(day, 17),
                "groceries",
                checking,
                merchants,
                Decimal(rng.randint(low * 100, high * 100)) / 100 * scale,
                "card_purchase",
            )
        if day.weekday() < 5 and rng.random() < 0.6:
            low, high = _SPEND["coffee"]
            book(
                _at(day, 8, 30),
                "coffee",
                checking,
                merchants,
                Decimal(rng.randint(low * 100, high * 100)) / 100 * scale,
                "card_purchase",
            )
        for kind in ("dining", "online", "taxi"):
            if rng.random() < 0.18:
                low, high = _SPEND[kind]
                book(
                    _at(day, rng.randint(12, 21), rng.randint(0, 59)),
                    kind,
                    card,
                    merchants,
                    Decimal(rng.randint(low * 100, high * 100)) / 100 * scale,
                    "card_purchase",
                )


def _create_statement(uow: SqlUnitOfWork, p: _Profile, card: m.Account, today: date) -> None:
    """A statement closed ten days ago, due in the future (relative to the real today too)."""
    period_end = today - timedelta(days=10)
    period_start = period_end - timedelta(days=30)
    cutoff = _at(period_end + timedelta(days=1), 0)
    rows = uow.ledger.history([card.id], until=cutoff, limit=10_000)
    owed_minor = max(0, -sum(posting.amount_minor for posting, _ in rows))
    minimum_floor = Money.of(25 if p.currency == "USD" else 100, p.currency).minor
    minimum = min(owed_minor, max(minimum_floor, owed_minor * 3 // 100))
    due = max(today, datetime.now(UTC).date()) + timedelta(days=15)
    uow.statements.add(
        m.Statement(
            account_id=card.id,
            period_start=period_start,
            period_end=period_end,
            statement_balance_minor=owed_minor,
            minimum_due_minor=minimum,
            due_date=due,
            paid_minor=0,
            issued_at=_at(period_end + timedelta(days=1), 6),
        )
    )
