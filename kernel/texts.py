"""The one way to write customer-facing words in both languages: a `Catalogue` of entries, each
with its English and Chinese, that a package keeps beside its code (actions/wording/,
channels/texts.py, contact_centre/wording.py); `text(key, language, **values)` picks one
language, `both(key)` joins the two where the customer's language is not known yet (an SMS from
an unknown number, an anonymous REST client). Words that Rasa says are Rasa's responses
(domain.yml, with their language variations), not catalogue entries.

Templates use `str.format` with named values. Pure Python, standard library only: importable from
both runtimes.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"


def language_of(tag: str | None) -> str:
    """One of ours for a language tag: "zh", "zh-TW", "zh_Hant" are Chinese; anything else,
    or nothing, English."""
    return "zh" if (tag or "").lower().startswith("zh") else DEFAULT_LANGUAGE


class Catalogue:
    """Entries key -> {"en": ..., "zh": ...}; every entry has both languages (checked here, at
    import, so a missing translation fails the first test rather than a customer's turn)."""

    def __init__(self, entries: Mapping[str, Mapping[str, str]]) -> None:
        missing = [key for key, entry in entries.items() if any(lang not in entry for lang in LANGUAGES)]
        if missing:
            raise ValueError(f"entries without both English and Chinese: {', '.join(sorted(missing))}")
        self.entries = entries

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def text(self, key: str, language: str, **values: object) -> str:
        """The entry in `language` ("en"; "zh", or any tag starting with it), filled with `values`."""
        return self.entries[key][language_of(language)].format(**values)

    def both(self, key: str, separator: str = " ", **values: object) -> str:
        """English, then Chinese, joined by `separator`: for a reader whose language we do not
        know. Without `values`, the joined template itself (for a caller to fill in later)."""
        entry = self.entries[key]
        joined = f"{entry['en']}{separator}{entry['zh']}"
        return joined.format(**values) if values else joined
