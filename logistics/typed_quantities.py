"""Quantities typed on a page in the reader's language, read strictly, or refused saying why.

The JSON API stays locale-neutral (``units.parse_quantity``: a point for decimals). A page reads
what its reader types the way their language writes numbers, and refuses what could be misread:

- a space (ordinary, no-break or narrow no-break) groups thousands in every language;
- English and Chinese: a point for decimals, a comma groups thousands ("1,200.5");
- Czech, Slovak, Polish: a comma for decimals ("22,5"); a point is refused;
- Croatian: a comma for decimals, a point groups thousands ("1.200.000,5");
- in those four, one separator followed by exactly three digits ("1,200", "1.200") is refused:
  the operator's English papers write 1,200 for twelve hundred and 1.250 t for a tonne and a
  quarter, so either reading could be meant;
- ASCII digits only, groups of three, at most six decimals, at most 64 characters.

Unit words: the language's names and abbreviations (ks, szt., kom, 件) and the item's pack names
in that language, from the ``units`` catalog and the item's own translations, beside the
tracker's symbols (kg, piece, box), which every language accepts.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache

from babel.units import format_unit

from logistics.domain.inputs import excerpt, non_ascii_digit
from logistics.local_quantities import format_amount
from logistics.unit_names import (
    CLDR_UNITS,
    LENGTHS,
    catalog,
    cldr_locale,
    language_of,
    pack_forms,
    piece_abbreviation,
    unit_label,
)
from logistics.unit_names import typed_words as unit_words
from logistics.units import MAX_DECIMALS, Quantity

MAX_TYPED = 64
_SPACES = re.compile(r"[ \t\u00a0\u2007\u2009\u202f]+")
_SHAPE = re.compile(r"(?P<number>[0-9]+(?:[ .,][0-9]+)*)\s*(?P<unit>.*)")
_TOKEN = re.compile(r"[^\W\d][\w³^]*")  # a symbol or pack name, as units.py reads it
_WORDS = re.compile(r"[^\W\d_][\w³.\- ]{0,39}")  # a local word or two: "szt.", "kartonová krabice"
_AMBIGUOUS = re.compile(r"[0-9]{1,3}[.,][0-9]{3}")
_COUNTS = (Decimal(1), Decimal(2), Decimal(5), Decimal(21), Decimal(22), Decimal("1.5"))
_COUNT_UNITS = ("piece", "pair", "dozen", "short_ton", "long_ton")


class TypedQuantityError(ValueError):
    """A typed quantity that is refused; the message is in the reader's language."""


def typed_words(locale: object, packs: Iterable[str] = (), translations: Mapping | None = None
                ) -> dict[str, str]:
    """Return the words a language types for units and an item's packs, each to its symbol.

    A word two units share (it could name either) maps to "" and is refused as ambiguous.
    """
    language = language_of(locale)
    words = dict(_unit_words(language))
    for symbol in packs:
        for word in _pack_words(language, symbol):
            _add(words, word, symbol)
        for form in pack_forms(language, symbol, translations) or ():
            _add(words, form, symbol)
    return words


def _add(words: dict[str, str], word: str, symbol: str) -> None:
    key = word.casefold().strip()
    if key and key != symbol.casefold():
        words[key] = symbol if words.get(key, symbol) == symbol else ""


@lru_cache(maxsize=256)
def _pack_words(language: str, symbol: str) -> tuple[str, ...]:
    """Return every way the catalog writes a unit or pack in a language (its forms, long and short)."""
    return tuple(dict.fromkeys(unit_label(symbol, count, language, length=length)
                               for count in _COUNTS for length in LENGTHS))


@lru_cache(maxsize=8)
def _unit_words(language: str) -> dict[str, str]:
    """Return the words a language types for the tracker's units (cached: built from CLDR and the catalog)."""
    t = catalog(language)
    words: dict[str, str] = {}
    _add(words, piece_abbreviation(t), "piece")
    for symbol, typed in unit_words(t).items():
        for word in typed:
            _add(words, word, symbol)
    for symbol in _COUNT_UNITS:
        for word in _pack_words(language, symbol):
            _add(words, word, symbol)
    if language != "en":
        for symbol, code in CLDR_UNITS.items():
            for count in _COUNTS:
                for length in LENGTHS:
                    text = format_unit(count, code, length=length, format="0.#",
                                       locale=cldr_locale(language))
                    _add(words, text.replace(format_amount(count, language), "", 1), symbol)
    return words


def parse_typed(text: object, locale: object, words: Mapping[str, str] | None = None) -> Quantity:
    """Read a typed quantity ("5 760 szt.", "22,5 t") in a language into a neutral Quantity."""
    language = language_of(locale)
    t = catalog(language)
    if not isinstance(text, str):
        raise TypedQuantityError(t.gettext("a quantity is required"))
    if len(text) > MAX_TYPED:
        raise TypedQuantityError(t.gettext("a quantity has at most {limit} characters").format(
            limit=MAX_TYPED))
    typed = _SPACES.sub(" ", text).strip()
    shown = excerpt(typed)
    if not typed:
        raise TypedQuantityError(t.gettext("a quantity is required"))
    if digit := non_ascii_digit(typed.replace("³", "")):  # m³ is a unit, not a digit
        raise TypedQuantityError(t.gettext(
            "{text} has the digit {digit}: write amounts with the digits 0-9 only").format(
                text=shown, digit=repr(digit)))
    if typed.startswith("-"):
        raise TypedQuantityError(t.gettext("the amount must be greater than zero"))
    match = _SHAPE.fullmatch(typed)
    if match is None:
        raise TypedQuantityError(_not_a_quantity(t, shown, language))
    value = _amount(match["number"], language, shown)
    if not match["unit"]:
        raise TypedQuantityError(t.gettext("{text} has no unit: write e.g. {example}").format(
            text=shown, example=f"{match['number']} kg"))
    return Quantity(value, _unit(match["unit"], words or {}, language, shown))


def _amount(number: str, language: str, shown: str) -> Decimal:
    """Read the digits and separators of an amount in a language, or refuse them."""
    t = catalog(language)
    comma_decimal = language not in ("en", "zh")
    if comma_decimal and _AMBIGUOUS.fullmatch(number):
        whole, fraction = re.split(r"[.,]", number)
        raise TypedQuantityError(t.gettext(
            "{text} is ambiguous: it could be read as {thousands} or as {fraction}; "
            "type the one you mean as shown here").format(
                text=shown, thousands=format_amount(Decimal(whole + fraction), language, grouped=False),
                fraction=format_amount(Decimal(f"{whole}.{fraction}"), language)))
    decimal = "," if comma_decimal else "."
    groups = {" ", "."} if language == "hr" else ({" "} if comma_decimal else {" ", ","})
    whole, _, fraction = number.partition(decimal)
    parts = re.split(r"([ .,])", whole)
    marks = set(parts[1::2])
    well_grouped = not marks or (len(marks) == 1 and marks <= groups and len(parts[0]) <= 3
                                 and all(len(group) == 3 for group in parts[2::2]))
    if not well_grouped or not re.fullmatch(r"[0-9]*", fraction):
        raise TypedQuantityError(t.gettext(
            "{text} is not an amount as written here: write e.g. {decimals} or {thousands}").format(
                text=shown, decimals=format_amount(Decimal("22.5"), language),
                thousands=format_amount(Decimal(1200000), language)))
    digits = "".join(parts[0::2])
    if len(fraction) > MAX_DECIMALS:
        raise TypedQuantityError(t.gettext("at most {places} decimal places are accepted").format(
            places=MAX_DECIMALS))
    if len(digits.lstrip("0")) > 13:
        raise TypedQuantityError(t.gettext("the amount is too large: at most 10^12 per quantity"))
    value = Decimal(f"{digits}.{fraction}" if fraction else digits)
    if value == 0:
        raise TypedQuantityError(t.gettext("the amount must be greater than zero"))
    return value


def _unit(typed: str, words: Mapping[str, str], language: str, shown: str) -> str:
    """Return the symbol a typed unit word stands for (a tracker symbol passes as typed)."""
    t = catalog(language)
    key = typed.casefold()
    for candidate in (key, key.rstrip(".")):
        if candidate in words:
            if not words[candidate]:
                raise TypedQuantityError(t.gettext(
                    "{word} could name more than one unit here: write the unit's symbol").format(
                        word=excerpt(typed)))
            return words[candidate]
    if _TOKEN.fullmatch(typed):
        return typed
    if not _WORDS.fullmatch(typed):
        raise TypedQuantityError(_not_a_quantity(t, shown, language))
    raise TypedQuantityError(t.gettext("{word} is not a unit of this item").format(word=excerpt(typed)))


def _not_a_quantity(t, shown: str, language: str) -> str:
    example = format_amount(Decimal("22.5"), language)
    return t.gettext("{text} is not a quantity: write an amount and a unit, e.g. {example}").format(
        text=shown, example=f"{example} t")

