"""Pure parsing helpers: customers' words in, plain values out (Decimal, dates, choices)."""
