"""rasa-sdk actions: read slots and the verified customer, call banking_backend, answer.

The action server loads every module of this package (`python -m rasa_sdk --actions actions`).
"""
