"""Quantities written for a reader: amounts with the locale's separators and units in its language.

``format_quantity(quantity, locale)`` is the one function pages, PDFs and e-mails call:
"22,5 t" and "1 200 krabic" in Czech, "22.5 t" and "1,200 box" in English (short, for documents
and form fields), or spelled out for reading ("22,5 tuny", "1,200 boxes": ``length="long"``).
Separators and unit patterns come from CLDR through babel (a no-break space groups thousands in
cs, sk and pl, a point in hr); nothing here writes a separator by hand.
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Protocol

from babel.numbers import parse_pattern
from babel.units import format_unit

from logistics.unit_names import (
    CLDR_UNITS,
    Length,
    catalog,
    cldr_locale,
    language_of,
    plain,
    quantity_pattern,
    unit_label,
)

# Every digit we keep (at most six decimals, units.MAX_DECIMALS), never rounded to CLDR's three.
# Parsed once: babel.numbers.format_decimal parses a pattern string at every call.
_PATTERN = "#,##0.######"
_GROUPED = parse_pattern(_PATTERN)
_PLAIN = parse_pattern("0.######")


class HasAmount(Protocol):
    """A quantity as the layers pass it: units.Quantity or units.Normalized."""

    @property
    def value(self) -> Decimal:
        """Return the exact amount."""

    @property
    def unit(self) -> str:
        """Return the unit's symbol or the pack's name."""


def format_amount(value: Decimal, locale: object, *, grouped: bool = True) -> str:
    """Write an exact amount for a language: 1 200,5 (cs), 1.200,5 (hr), 1,200.5 (en, zh)."""
    pattern = _GROUPED if grouped else _PLAIN
    return pattern.apply(value, cldr_locale(language_of(locale)))


def format_quantity(quantity: HasAmount, locale: object, *, translations: Mapping | None = None,
                    length: Length = "short") -> str:
    """Write a quantity for a reader: "22,5 t", "1 200 krabic" (cs); "22.5 t", "1,200 box" (en).

    ``translations`` is the item's own (``Item.translations``: {"cs": {"packs": {"carton":
    "krabice"}}}), used before the catalog's pack names. ``length="long"`` spells units out
    ("22,5 tuny", "30,000 pieces"), as pages do; the default short form is the documents'.
    """
    language = language_of(locale)
    value = plain(quantity.value)
    if language == "en" and length == "short":  # the tracker's own notation, as typed and in the API
        return f"{format_amount(value, language)} {quantity.unit}"
    if quantity.unit in CLDR_UNITS:
        category = cldr_locale(language).plural_form(value)
        return _unit_pattern(language, quantity.unit, length, category, value).format(
            format_amount(value, language))
    unit = unit_label(quantity.unit, value, language, translations=translations, length=length)
    return quantity_pattern(catalog(language)).format(amount=format_amount(value, language), unit=unit)


_UNIT_PATTERNS: dict[tuple[str, str, str, str], str] = {}  # at most 6 x 7 x 2 x 6 entries


def _unit_pattern(language: str, unit: str, length: Length, category: str, sample: Decimal) -> str:
    """Return CLDR's pattern for a unit in a plural category ("{0} tuny"), read off babel once.

    Kept by category, not by amount: ``sample`` (an amount of that category) is only what babel
    writes the first time, its digits then replaced by the placeholder.
    """
    key = (language, unit, length, category)
    if key not in _UNIT_PATTERNS:
        written = format_unit(sample, CLDR_UNITS[unit], length=length, format=_PATTERN,
                              locale=cldr_locale(language))
        _UNIT_PATTERNS[key] = written.replace(format_amount(sample, language), "{0}", 1)
    return _UNIT_PATTERNS[key]


def form_quantity(quantity: HasAmount, locale: object, *, translations: Mapping | None = None) -> str:
    """Write a quantity as a form field shows it and takes it back: "5760 ks", "22,5 t" (no grouping)."""
    language = language_of(locale)
    amount = format_amount(quantity.value, language, grouped=False)
    if quantity.unit in CLDR_UNITS or language == "en":
        return f"{amount} {quantity.unit}"
    unit = unit_label(quantity.unit, quantity.value, language, translations=translations, length="short")
    return quantity_pattern(catalog(language)).format(amount=amount, unit=unit)
