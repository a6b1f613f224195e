"""The bank's domain: money, errors, the values services hand out. Imports nothing of ours."""
