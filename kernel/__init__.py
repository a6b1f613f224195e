"""The shared kernel: what every package of ours may import. Pure Python, standard library only,
importing nothing else of ours, and so importable in either runtime (our Python 3.11 code and
Rasa's 3.10): the identity contract and conversation ids, the one masking rule, the deployment's
secrets, the text catalogues. Except two modules for our 3.11 code only, which Rasa never imports
(they need SQLAlchemy 2 and Alembic): `kernel.db` and `kernel.migrations`."""
