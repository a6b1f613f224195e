"""What the bank's own tables say after a fault: transfers made, balances, and whether the ledger
is whole (read straight from the database the stack used, not through the bot)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from sqlalchemy import Connection, create_engine, text


@contextmanager
def bank(url: str) -> Iterator[Connection]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def transfer_count(url: str, username: str) -> int:
    with bank(url) as db:
        return db.execute(
            text(
                "SELECT count(*) FROM transfers t JOIN customers c ON c.id = t.customer_id "
                "WHERE c.username = :u AND t.status = 'completed'"
            ),
            {"u": username},
        ).scalar_one()


def balance(url: str, username: str, kind: str = "checking") -> Decimal:
    with bank(url) as db:
        minor = db.execute(
            text(
                "SELECT a.balance_minor FROM accounts a JOIN customers c ON c.id = a.customer_id "
                "WHERE c.username = :u AND a.kind = :k"
            ),
            {"u": username, "k": kind},
        ).scalar_one()
    return Decimal(minor) / 100


def total_by_currency(url: str) -> dict[str, int]:
    """Every account's balance, the bank's own included, summed per currency: no transfer changes it."""
    with bank(url) as db:
        rows = db.execute(text("SELECT currency, sum(balance_minor) FROM accounts GROUP BY currency"))
        return {currency: int(total) for currency, total in rows}


def ledger_faults(url: str) -> list[str]:
    """What is half-written, if anything: entries that do not balance, balances that are not the
    sum of their postings, completed transfers without their two legs."""
    with bank(url) as db:
        unbalanced = db.execute(
            text("SELECT entry_id FROM postings GROUP BY entry_id HAVING sum(amount_minor) <> 0")
        ).all()
        drifted = db.execute(
            text(
                "SELECT a.id FROM accounts a LEFT JOIN postings p ON p.account_id = a.id "
                "GROUP BY a.id, a.balance_minor HAVING a.balance_minor <> coalesce(sum(p.amount_minor), 0)"
            )
        ).all()
        legless = db.execute(
            text(
                "SELECT t.id FROM transfers t LEFT JOIN postings p ON p.entry_id = t.journal_entry_id "
                "WHERE t.status = 'completed' GROUP BY t.id HAVING count(p.id) <> 2"
            )
        ).all()
    return (
        [f"journal entry {r[0]} does not balance" for r in unbalanced]
        + [f"account {r[0]}'s balance is not the sum of its postings" for r in drifted]
        + [f"transfer {r[0]} does not have two legs" for r in legless]
    )
