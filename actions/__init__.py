"""rasa-sdk actions: read slots and the verified customer, call banking_backend, answer.

The action server loads every module of this package (`python -m actions.server`, rasa-sdk's server
behind Rasa's token).
"""
