"""rasa-sdk actions: read slots and the verified customer, call banking_backend, answer.

The action server loads every module of this package (`python -m actions.server`, rasa-sdk's server
behind Rasa's token).
"""

from kernel.masking import mask_log_records

# Whichever server loads the actions, what it logs is masked by the house rule (rasa_sdk sets up
# its own handlers, so the records are masked where they are made).
mask_log_records()
