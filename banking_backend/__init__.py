"""The bank behind the bot: customers, accounts, a double-entry ledger, transfers, cards,
credit-card statements, one-time codes, complaint tickets and an append-only audit log."""
