"""Declared values: an exact amount in an ISO 4217 currency, stored as an integer of minor units.

The one home of everything about money: the currency list and each currency's minor units (from
the ``iso4217`` package, ISO's own table; pycountry has no minor units and babel's CLDR data
differs from ISO for some, e.g. HUF), parsing an amount ("1250.50", at most the currency's minor
units, never a float), storing it exactly (SQLite's NUMERIC is a float), formatting, and totals
per currency (never added across currencies). No Flask, no database.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from iso4217 import Currency

from logistics.domain.texts import E_, EN_, TextError

# Currencies without minor units (gold, SDR, test codes: "N.A." in ISO's table) are no currency a
# declared value can be given in.
CURRENCIES: dict[str, int] = {c.code: c.exponent for c in Currency if c.exponent is not None}
CURRENCY_CODES = tuple(sorted(CURRENCIES))
_QUANTA = {places: Decimal(1).scaleb(-places) for places in set(CURRENCIES.values())}  # 2: Decimal("0.01")
MAX_DIGITS = 15  # whole digits: 10^15 - 1 in any currency fits a 64-bit integer of minor units
AMOUNT_PATTERN = rf"^(\d{{1,3}}(,\d{{3}})+|\d{{1,{MAX_DIGITS}}})(\.\d{{1,4}})?$"
# re.ASCII: \d is 0-9 only, so fullwidth or Arabic-Indic digits are refused
_AMOUNT = re.compile(r"^(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?$", re.ASCII)


class MoneyError(TextError, ValueError):
    """An amount or currency that cannot be a declared value; the message says what would be right."""

    def __init__(self, message: str, field: str = "amount"):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, order=True)
class Money:
    """An exact amount in one currency (ISO 4217 code)."""

    currency: str
    amount: Decimal

    @property
    def minor(self) -> int:
        """Return the amount as an integer of the currency's minor units (cents), as stored."""
        return int(self.amount.scaleb(minor_units(self.currency)))

    def __str__(self) -> str:
        return format_money(self)


def minor_units(currency: str) -> int:
    """Return how many decimals a currency has (EUR 2, JPY 0, KWD 3), or raise MoneyError."""
    try:
        return CURRENCIES[currency]
    except KeyError:
        raise MoneyError(currency_message(currency), "currency") from None


def currency_message(currency: object) -> str:
    """Say why a text is not a currency a value may be declared in."""
    shown = str(currency)[:12]
    return E_("%(code)s is not an ISO 4217 currency code with minor units (e.g. EUR, CZK, PLN, CNY, USD)",
              code=repr(shown))


def check_currency(text: object) -> str:
    """Return a currency code upper-cased and checked, or raise MoneyError naming ``currency``."""
    code = str(text).strip().upper() if isinstance(text, str) else ""
    if code not in CURRENCIES:
        raise MoneyError(currency_message(text), "currency")
    return code


def money(amount: object, currency: object) -> Money:
    """Return a checked Money from an amount ("1250.50", "1,250.5", 1250) and a currency code."""
    code = check_currency(currency)
    places = CURRENCIES[code]
    if isinstance(amount, bool) or not isinstance(amount, (str, int, Decimal)):
        raise MoneyError(E_('give the amount as a string of digits, e.g. "1250.50" %(currency)s',
                            currency=code))
    text = str(amount).strip()
    match = _AMOUNT.match(text)
    if not match:
        raise MoneyError(E_('%(text)s is not an amount: write digits 0-9 with a point for decimals, '
                            'e.g. "1250.50" (no sign, no currency sign, no decimal comma)',
                            text=repr(text[:20])))
    whole, frac = match["whole"].replace(",", ""), match["frac"] or ""
    if len(whole.lstrip("0")) > MAX_DIGITS:
        raise MoneyError(E_("%(text)s is more than 10^%(digits)s %(currency)s: check the amount",
                            text=repr(text[:20]), digits=MAX_DIGITS, currency=code))
    if len(frac.rstrip("0")) > places:
        unit = E_("no decimals") if places == 0 else \
            EN_("at most %(n)s decimal", "at most %(n)s decimals", places)
        raise MoneyError(E_("%(text)s: %(currency)s has %(places)s", text=repr(text[:20]), currency=code,
                            places=unit))
    return Money(code, Decimal(f"{whole}.{frac or '0'}").quantize(_QUANTA[places]))


def from_minor(minor: int, currency: str) -> Money:
    """Return a stored value (integer of minor units and currency) as Money."""
    places = minor_units(currency)
    return Money(currency, Decimal(minor).scaleb(-places).quantize(Decimal(1).scaleb(-places)))


def format_amount(value: Money) -> str:
    """Return the amount with its minor units and thousands separators: "1,250.50"."""
    places = minor_units(value.currency)
    whole, _, frac = f"{value.amount:.{places}f}".partition(".")
    grouped = f"{int(whole):,}"
    return f"{grouped}.{frac}" if frac else grouped


def format_money(value: Money) -> str:
    """Return "1,250.50 EUR": the amount as the currency writes it, then the ISO code."""
    return f"{format_amount(value)} {value.currency}"


def plain_amount(value: Money) -> str:
    """Return the amount as the API and sheets exchange it: "1250.50" (no grouping, all minor units)."""
    return f"{value.amount:.{minor_units(value.currency)}f}"


def totals_by_currency(values: Iterable[Money | None]) -> tuple[Money, ...]:
    """Return one total per currency, in code order: amounts in different currencies are never added."""
    sums: dict[str, Decimal] = {}
    for value in values:
        if value is not None:
            sums[value.currency] = sums.get(value.currency, Decimal(0)) + value.amount
    return tuple(Money(code, sums[code]) for code in sorted(sums))
