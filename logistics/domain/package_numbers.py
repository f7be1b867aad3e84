"""Package numbers: SSCC-18 built and checked (GS1 mod-10 via python-stdnum), or an internal number.

An SSCC is the extension digit, the GS1 company prefix (7-10 digits), a serial reference
(16 digits less the prefix's) and a check digit. The extension digit is the company's to
assign, so the serial counter runs over both: counter ``n`` gives extension ``n // 10**k``
and serial ``n % 10**k`` (k = 16 - prefix length), ten times the room of a fixed digit.
Without a prefix a package gets ``PKG-`` and its id, zero-padded to eight digits.
"""
from __future__ import annotations

import re

from stdnum import ean

from logistics.domain.texts import E_, TextError, figure

SSCC_DIGITS = 18
PREFIX_RE = re.compile(r"[0-9]{7,10}")
INTERNAL_PREFIX = "PKG-"
_SSCC_INPUT = re.compile(r"(?:\(00\)|00(?=[0-9]{18}$))?([0-9]{18})")  # ASCII digits only


class NumberError(TextError, ValueError):
    """An SSCC or company prefix that cannot be accepted; the message says what would be right."""


def check_company_prefix(text: str) -> str:
    """Return a GS1 company prefix (7-10 digits 0-9), or refuse it."""
    prefix = text.strip()
    if not PREFIX_RE.fullmatch(prefix):
        raise NumberError(E_("a GS1 company prefix is 7 to 10 digits 0-9 (got %(length)s characters)",
                             length=len(prefix)))
    return prefix


def capacity(prefix: str) -> int:
    """Return how many SSCCs a company prefix can number (extension digit included)."""
    return 10 ** (SSCC_DIGITS - 1 - len(prefix))


def sscc_of(prefix: str, counter: int) -> str:
    """Return the SSCC-18 numbered ``counter`` (0-based) under a company prefix, check digit included."""
    room = 10 ** (SSCC_DIGITS - 2 - len(prefix))
    if not 0 <= counter < 10 * room:
        raise NumberError(E_("the company prefix %(prefix)s has no SSCC serials left (%(used)s used)",
                             prefix=prefix, used=figure(10 * room)))
    extension, serial = divmod(counter, room)
    body = f"{extension}{prefix}{serial:0{SSCC_DIGITS - 2 - len(prefix)}d}"
    return body + ean.calc_check_digit(body)


def check_sscc(text: str) -> str:
    """Return an SSCC as its 18 digits (spaces, "(00)" or "00" in front allowed), or refuse it."""
    compact = re.sub(r"[ \u00a0]", "", str(text))
    match = _SSCC_INPUT.fullmatch(compact)
    if not match:
        raise NumberError(E_("an SSCC is 18 digits 0-9 (optionally after \"(00)\"), e.g. 340123450000000017"))
    digits = match.group(1)
    expected = ean.calc_check_digit(digits[:-1])
    if digits[-1] != expected:
        raise NumberError(E_("the check digit of this SSCC is wrong: it ends in %(given)s, "
                             "the GS1 check digit of its first 17 digits is %(expected)s",
                             given=digits[-1], expected=expected))
    return digits


def internal_number(package_id: int) -> str:
    """Return the internal number of a package without an SSCC: PKG- and its id (at least 8 digits)."""
    return f"{INTERNAL_PREFIX}{package_id:08d}"


def looks_like_number(text: str) -> bool:
    """Say whether a key could be a package number or an SSCC (short, ASCII letters, digits, - ( ))."""
    return len(text) <= 40 and re.fullmatch(r"[A-Za-z0-9() -]+", text) is not None
