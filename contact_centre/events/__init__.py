"""Rasa's events from its event broker (RabbitMQ) into the contact centre's `cc_bot_events`
table, for the figures. `python -m contact_centre.events` runs the consumer; `store` holds the
table's writer and the figures' reader (no RabbitMQ import there)."""
