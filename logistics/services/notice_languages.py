"""The language a recipient reads notifications in, and the translator of the ``notifications`` domain."""
from __future__ import annotations

from logistics.domain.notice_texts import ENGLISH, Translator

LANGUAGES = ("en",)


def language_of(user, organization) -> str:
    """Return a recipient's language: the user's setting, else the organisation's, else English."""
    for holder in (user, organization):
        language = getattr(holder, "language", None) if holder is not None else None
        if language in LANGUAGES:
            return language
    return "en"


def translator(language: str) -> Translator:
    """Return the notifications' translator for a language (English: the messages as written)."""
    return ENGLISH
