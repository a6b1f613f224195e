"""The customer's language for this turn, as the NLU pipeline set it in the `language` slot."""

from __future__ import annotations

from rasa_sdk import Tracker

SUPPORTED = ("en", "zh")


def language_of(tracker: Tracker) -> str:
    language = tracker.get_slot("language")
    return language if language in SUPPORTED else "en"
