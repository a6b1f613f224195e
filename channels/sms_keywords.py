"""The SMS keywords, as Twilio applies them by default: a message that is only the keyword (any
case, spaces around ignored) opts the number out, back in, or asks for help.

Twilio acts on these before the webhook sees them: an opt-out word puts the number on Twilio's
block list (Twilio replies itself; later sends fail with error 21610) and START/YES/UNSTOP lift
it; the message still reaches the webhook. So the gateway follows the same list, to record what
Twilio has done, with one exception of its own: YES is also the natural answer to a question, so
for a number that has not opted out it is words for the bot (Twilio has nothing to lift then).
The bot's SMS questions offer numbered replies ("1. Yes / 2. No"), so no one needs these words
to answer it."""

from __future__ import annotations

import enum


class Keyword(enum.Enum):
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"


# Twilio's default opt-out list. 退订 ("unsubscribe"), which Chinese carriers expect, is ours:
# Twilio does not act on it, and no one says it to answer a question.
OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "退订"})
OPT_IN_WORDS = frozenset({"START", "UNSTOP"})
OPT_IN_WHEN_OPTED_OUT = frozenset({"YES"})
HELP_WORDS = frozenset({"HELP", "INFO", "帮助"})


def keyword_of(text: str, opted_out: bool) -> Keyword | None:
    """The keyword a whole message is, for a number that has (or has not) opted out; None when
    it is words for the bot."""
    word = text.strip().upper()
    if word in OPT_OUT_WORDS:
        return Keyword.OPT_OUT
    if word in OPT_IN_WORDS or (opted_out and word in OPT_IN_WHEN_OPTED_OUT):
        return Keyword.OPT_IN
    if word in HELP_WORDS:
        return Keyword.HELP
    return None
