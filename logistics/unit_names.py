"""Unit and pack names in the reader's language: the ``units`` translation domain, read without Flask.

Pages, PDFs, e-mails and the CLI all need the same names, some outside any request (a document
printed in the consignee's language), so the catalogs are read here with babel's own
``Translations`` instead of through Flask-Babel. Counts and packs are named with ``ngettext``
(the language's plural rules: 1 krabice, 2 krabice, 5 krabic); masses and volumes take CLDR's
names through babel.units (22,5 tuny, 22,5 t).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from babel.units import format_unit

from logistics.domain.languages import LANGUAGES

DOMAIN = "units"
TRANSLATIONS = Path(__file__).with_name("translations")

Names = Callable[[NullTranslations, int], str]
Length = Literal["short", "long"]
LENGTHS: tuple[Length, ...] = ("long", "short")

# Counts and the tracker's units without a CLDR name, named by count (ngettext: plural rules).
_COUNT_UNITS: dict[str, Names] = {
    "piece": lambda t, n: t.ngettext("piece", "pieces", n),
    "pair": lambda t, n: t.ngettext("pair", "pairs", n),
    "dozen": lambda t, n: t.ngettext("dozen", "dozen", n),
    "short_ton": lambda t, n: t.ngettext("short ton", "short tons", n),
    "long_ton": lambda t, n: t.ngettext("long ton", "long tons", n),
}

# Pack names the trade uses; an item's own translation (items.translations) comes first.
PACKS: dict[str, Names] = {
    "box": lambda t, n: t.ngettext("box", "boxes", n),
    "carton": lambda t, n: t.ngettext("carton", "cartons", n),
    "pallet": lambda t, n: t.ngettext("pallet", "pallets", n),
    "bag": lambda t, n: t.ngettext("bag", "bags", n),
    "crate": lambda t, n: t.ngettext("crate", "crates", n),
    "pack": lambda t, n: t.ngettext("pack", "packs", n),
    "roll": lambda t, n: t.ngettext("roll", "rolls", n),
    "drum": lambda t, n: t.ngettext("drum", "drums", n),
    "bottle": lambda t, n: t.ngettext("bottle", "bottles", n),
}

# Our symbols -> CLDR unit codes (babel.units): CLDR's names and plural patterns for these.
CLDR_UNITS = {"kg": "mass-kilogram", "g": "mass-gram", "t": "mass-tonne", "lb": "mass-pound",
              "L": "volume-liter", "mL": "volume-milliliter", "m³": "volume-cubic-meter"}


def piece_abbreviation(t: NullTranslations) -> str:
    """Return how a language abbreviates "piece" after an amount (ks, szt., kom, 件)."""
    return t.pgettext("abbreviation", "piece")


def typed_words(t: NullTranslations) -> dict[str, list[str]]:
    """Return the other words people type for some units, by symbol (pcs; zh 个, 公斤, 吨)."""
    # Translators: each is a list of words typed for the unit, separated by spaces.
    return {"piece": t.pgettext("typed", "pcs").split(), "kg": t.pgettext("typed", "kg").split(),
            "t": t.pgettext("typed", "t").split()}


def quantity_pattern(t: NullTranslations) -> str:
    """Return how an amount and its unit stand together ("{amount} {unit}"; Chinese has no space)."""
    return t.pgettext("quantity", "{amount} {unit}")


def language_of(locale: object) -> str:
    """Return one of LANGUAGES for a locale ("cs", Locale("pl"), "zh_Hans_CN"; anything else: en)."""
    code = str(locale or "en").replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else "en"


@lru_cache(maxsize=len(LANGUAGES))
def catalog(language: str) -> NullTranslations:
    """Return the compiled ``units`` catalog of a language (the English source when none)."""
    if language == "en":
        return NullTranslations()
    po = TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() or not po.exists():
        return Translations.load(str(TRANSLATIONS), [language], domain=DOMAIN)
    # Not compiled yet (a checkout before `make install`): compile the catalog in memory.
    with po.open("rb") as source:
        compiled = BytesIO()
        write_mo(compiled, read_po(source, locale=language, domain=DOMAIN))
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@lru_cache(maxsize=len(LANGUAGES))
def cldr_locale(language: str) -> Locale:
    """Return the CLDR locale whose data formats a language (British English: tonne, litre)."""
    return Locale.parse("en_GB" if language == "en" else language)


def plain(value: Decimal) -> Decimal:
    """Return an amount without trailing zeros or exponent (10500.000000 -> 10500): its plural form
    follows the number as written, and CLDR counts written decimals (10500.0 is 'many' in Czech)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def plural_count(value: Decimal, language: str) -> int:
    """Return the whole number whose gettext plural form suits an amount (a fraction: its category's)."""
    if value == value.to_integral_value():
        return int(min(value, Decimal(10**9)))
    # gettext's plural forms know whole numbers only: pick one of the CLDR category (22,5 krabice).
    category = cldr_locale(language).plural_form(value)
    return {"one": 1, "two": 2, "few": 2}.get(category, 5)


def pack_forms(language: str, name: str, translations: Mapping | None) -> list[str] | None:
    """Return an item's own translated forms of a pack's name in a language, if it has them."""
    entry = (translations or {}).get(language) or {}
    forms = (entry.get("packs") or {}).get(name)
    if not forms:
        return None
    return [forms] if isinstance(forms, str) else list(forms)


def choose_form(forms: list[str], count: int, language: str) -> str:
    """Pick an item's translated form by the language's plural rule (one form serves every count)."""
    if len(forms) == 1:
        return forms[0]
    index = _plural_index(language, count)
    return forms[min(index, len(forms) - 1)]


def _plural_index(language: str, count: int) -> int:
    plural = getattr(catalog(language), "plural", None)  # from the catalog's Plural-Forms header
    return int(plural(count)) if plural is not None else int(count != 1)


def unit_label(unit: str, value: Decimal, locale: object, *, translations: Mapping | None = None,
               length: Length = "long") -> str:
    """Name a unit or pack for an amount in a language: "krabic", "kusů", "t", "tuny", "boxes"."""
    language = language_of(locale)
    value = plain(value)
    count = plural_count(value, language)
    t = catalog(language)
    if (forms := pack_forms(language, unit, translations)) is not None:
        return choose_form(forms, count, language)
    if unit in CLDR_UNITS:  # CLDR's name in the amount's plural form: kilogramů, litara, 公吨
        locale_data = cldr_locale(language)
        written = format_unit(value, CLDR_UNITS[unit], length=length, format="0.######", locale=locale_data)
        return written.replace(format_decimal(value, "0.######", locale=locale_data), "", 1).strip()
    if unit == "piece" and length == "short":
        return piece_abbreviation(t)
    names = _COUNT_UNITS.get(unit) or PACKS.get(unit)
    if names is not None:
        return names(t, count)
    if language == "en" and length == "long" and count != 1:
        return _english_plural(unit)
    return unit  # an item's own pack name with no translation: as the item defines it


def _english_plural(name: str) -> str:
    """Return an English pack name's plural by the spelling rule (sachet -> sachets, case -> cases)."""
    return name + ("es" if name.endswith(("s", "x", "ch", "sh")) else "s")
