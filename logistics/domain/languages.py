"""The languages pages, messages and documents come in: codes, names in their own language, HTML tags."""
from __future__ import annotations

from logistics.domain.texts import E_, TextError

# English is the source language; the others have catalogs (logistics/translations/<code>/).
LANGUAGES: tuple[str, ...] = ("en", "cs", "sk", "pl", "hr", "zh")
DEFAULT_LANGUAGE = "en"

# Each language named in itself, as a switcher shows it (a reader finds their own language).
NATIVE_NAMES: dict[str, str] = {"en": "English", "cs": "Čeština", "sk": "Slovenčina", "pl": "Polski",
                                "hr": "Hrvatski", "zh": "简体中文"}

# The BCP 47 tag for <html lang>: "zh" alone does not say which script, and ours is Simplified.
_HTML_TAGS = {"zh": "zh-Hans"}


def html_tag(code: str) -> str:
    """Return the <html lang> value of a language code: zh -> zh-Hans, the others unchanged."""
    return _HTML_TAGS.get(code, code)


class LanguageError(TextError, ValueError):
    """A language code that is not one of ours; the message names the choices."""


def check_language(value: object) -> str | None:
    """Return the code if it is one of ours (None stays None), else raise ValueError naming the choices."""
    if value is None:
        return None
    if isinstance(value, str) and value in LANGUAGES:
        return value
    raise LanguageError(E_("choose one of %(choices)s", choices=", ".join(LANGUAGES)))


def sql_check(column: str) -> str:
    """Return the CHECK constraint text that keeps a column to our language codes (or null)."""
    return f"{column} IS NULL OR {column} IN ({', '.join(repr(code) for code in LANGUAGES)})"
