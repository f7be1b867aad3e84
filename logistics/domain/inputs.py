"""What raw input may look like before it reaches a rule or a query: ids, whole numbers, characters.

The one home of these shape rules; routes, schemas, page forms, the JSON loader and the import
all ask here. Python's own tests are too lenient for input: ``str.isdigit()`` and ``\\d`` accept
"²", "٣" and "２", ``int()`` reads the last two as 3 and 2 and refuses more than 4,300 digits,
and PostgreSQL refuses a NUL character in text with an error. So ids, amounts and line numbers
are ASCII digits 0-9 only, and short; text holds no control characters and no unpaired
surrogates (which no database can store).
"""
from __future__ import annotations

import re

from logistics.domain.texts import E_

MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL: a larger one names no row
ID_DIGITS = 10      # len(str(MAX_ID)); more digits can never name a row
PAGE_DIGITS = 30    # a page number past the last page answers an empty page, up to this many digits
MAX_JSON_DEPTH = 20  # our deepest body nests four levels (a shipment's lines' quantities)
EXCERPT = 40        # characters of a refused value echoed back in a message

_DIGITS = re.compile(r"[0-9]+")
# NUL and the other C0 control characters but tab, line feed and carriage return; DEL; and the
# surrogate code points, which JSON can escape ("\ud800") but UTF-8 cannot encode alone.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")  # the URL-safe alphabet of secrets.token_urlsafe


def whole_number(text: object, *, max_digits: int = ID_DIGITS) -> int | None:
    """Return the number an ASCII digit string of at most ``max_digits`` digits names, else None."""
    if not isinstance(text, str) or not 0 < len(text) <= max_digits or not _DIGITS.fullmatch(text):
        return None
    return int(text)


def parse_id(text: object) -> int | None:
    """Return the id a text names (1 to MAX_ID, ASCII digits, surrounding blanks ignored), else None."""
    number = whole_number(text.strip() if isinstance(text, str) else text)
    return number if number is not None and 0 < number <= MAX_ID else None


def page_number(text: str) -> int:
    """Return the page a query's ``page`` names, or raise ValueError (for ``request.args.get(type=...)``)."""
    number = whole_number(text)
    if number is None:
        raise ValueError("not a page number")
    return number


def looks_like_id(text: object) -> bool:
    """Say whether a text is written as an id (ASCII digits only), whatever its size."""
    return isinstance(text, str) and _DIGITS.fullmatch(text) is not None


def forbidden_character(text: str) -> str | None:
    """Describe the first character no text may hold (NUL, a control character, a lone surrogate)."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    char = found.group()
    if char == "\x00":
        kind = E_("a NUL character")
    elif "\ud800" <= char <= "\udfff":
        kind = E_("an unpaired surrogate")
    else:
        kind = E_("a control character")
    return E_("%(kind)s (U+%(code)s) at position %(position)s", kind=kind, code=format(ord(char), "04X"),
              position=found.start() + 1)


def non_ascii_digit(text: str) -> str | None:
    """Return the first digit that is not one of 0-9 ("٢", "２", "²"), if the text has one."""
    return next((char for char in text if char.isdigit() and not "0" <= char <= "9"), None)


def is_token(text: object, *, min_length: int, max_length: int) -> bool:
    """Say whether a text could be one of our random tokens (URL-safe alphabet, length in range)."""
    return isinstance(text, str) and min_length <= len(text) <= max_length \
        and _TOKEN.fullmatch(text) is not None


def excerpt(value: object, limit: int = EXCERPT, *, quote: bool = True) -> str:
    """Return a value as a message may echo it: quoted (unless not asked), cut to ``limit`` characters."""
    text = str(value)
    shown = text if len(text) <= limit else text[:limit]
    shown = repr(shown) if quote else shown
    return shown if len(text) <= limit else f"{shown}… ({len(text):,} characters)"
