"""The language a recipient reads notifications in, and the ``notifications`` catalog of each language."""
from __future__ import annotations

from functools import lru_cache
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from logistics.domain.languages import DEFAULT_LANGUAGE, LANGUAGES
from logistics.domain.notice_texts import Translator

DOMAIN = "notifications"
CATALOGS = Path(__file__).resolve().parent.parent / "translations"


def language_of(user_language: str | None, organization_language: str | None) -> str:
    """Return a recipient's language: the user's setting, else their organisation's, else English.

    A message is written long before anyone reads it, so the browser's language (which pages
    fall back to) cannot be asked.
    """
    for language in (user_language, organization_language):
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=len(LANGUAGES))
def translator(language: str) -> Translator:
    """Return the notifications' catalog of a language (English: the messages as written).

    Compiled catalogs (.mo, built at install) are read; a checkout where they were not built
    yet compiles the .po in memory, as the units catalog does.
    """
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return NullTranslations()
    po = CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po.with_suffix(".mo").exists() or not po.exists():
        return Translations.load(str(CATALOGS), [language], domain=DOMAIN)
    compiled = BytesIO()
    with po.open("rb") as source:
        write_mo(compiled, read_po(source, locale=language, domain=DOMAIN))
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
