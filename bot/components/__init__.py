"""Rasa 3.6 graph components of our own (loaded by Rasa in the core runtime, .venv-core)."""
