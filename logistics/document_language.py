"""The language a shipment document prints in: its wording (the `documents` catalog) and its figures.

A document prints in one language (the consignee's, chosen per organisation and per print), or
bilingual: English with that language under each heading, as customs papers often are; values
(numbers, dates, quantities, statuses) are in the document's language either way. Flask-free, so
the services, the CLI and a worker render the same bytes: the gettext catalog is read with babel
itself, not through a request's locale.
"""
from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal as babel_decimal
from babel.support import NullTranslations, Translations

from logistics.countries import country_name
from logistics.domain.languages import DEFAULT_LANGUAGE, LANGUAGES
from logistics.local_quantities import format_quantity
from logistics.money import Money, format_money, minor_units
from logistics.units import format_grouped

DOCUMENT_LANGUAGES = LANGUAGES  # every language of the pages prints documents too
ENGLISH = DEFAULT_LANGUAGE
DOMAIN = "documents"
TRANSLATIONS = Path(__file__).with_name("translations")


def D_(message: str) -> str:
    """Mark a printed string for the `documents` catalog; it is translated where it is laid out."""
    return message


class InContext(str):
    """A marked string whose translation depends on where it is printed (gettext's message context)."""

    context: str


def DC_(context: str, message: str) -> str:
    """Mark a printed string that reads differently by context ("Origin" of a route or of goods)."""
    marked = InContext(message)
    marked.context = context
    return marked


def DN_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a printed string with a plural for the `documents` catalog (translated with Wording.n)."""
    return singular, plural


def language_message(given: object) -> str:
    """Say which document languages there are (for a refused ?lang= or --lang)."""
    return f"{str(given)[:12]!r} is not a document language: use one of {', '.join(DOCUMENT_LANGUAGES)}"


@lru_cache(maxsize=len(DOCUMENT_LANGUAGES))
def _translations(language: str) -> NullTranslations:
    """Return the language's compiled catalog; compiled in memory from the .po when no .mo is built."""
    if language == ENGLISH:
        return NullTranslations()
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if not po.exists():
        raise LookupError(f"no {DOMAIN} catalog for {language!r} in {folder}")
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def local_money(value: Money, language: str) -> str:
    """Return "1 250,50 EUR" (pl), "1.250,50 EUR" (hr), "1,250.50 EUR" (en): documents and pages alike."""
    if language == ENGLISH:
        return format_money(value)  # the English figures as they always were
    places = minor_units(value.currency)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return f"{babel_decimal(value.amount, format=pattern, locale=language)} {value.currency}"


@dataclass(frozen=True)
class Wording:
    """How one document speaks: its language, and whether headings also carry the English."""

    language: str = ENGLISH
    bilingual: bool = False

    @property
    def two(self) -> bool:
        """Say whether headings print twice: English, then the document's language under it."""
        return self.bilingual and self.language != ENGLISH

    def t(self, message: str) -> str:
        """Return a marked string in the document's language (values, notes, running text)."""
        context = getattr(message, "context", None)
        if context is not None:
            return str(_translations(self.language).pgettext(context, str(message)))
        return _translations(self.language).gettext(message)

    def n(self, message: tuple[str, str], count: int) -> str:
        """Return the form of a DN_-marked string for a count, in the document's language ({count} filled)."""
        return _translations(self.language).ngettext(*message, count).format(count=count)

    def label(self, message: str, separator: str = "\n") -> str:
        """Return a heading or label: translated, or English with the translation under it."""
        local = self.t(message)
        return f"{message}{separator}{local}" if self.two and local != message else local

    def text(self, message: str) -> str:
        """Return running text (a statement): translated, or the English paragraph then the translation."""
        return self.label(message, "\n")

    def number(self, value: Decimal, places: int | None = None) -> str:
        """Return a decimal as the language writes it, exactly (22,5 in Czech; 1,200.5 in English)."""
        if places is not None:
            value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
        if self.language == ENGLISH:
            return format_grouped(value)  # the documents' English figures as they always were
        # Exact: every decimal kept (none added), as format_grouped does for English.
        return babel_decimal(value.normalize(), locale=self.language, decimal_quantization=False)

    def money(self, value: Money) -> str:
        """Return "1 250,50 EUR" (pl): the amount to the currency's minor units as the language writes it."""
        return local_money(value, self.language)

    def quantity(self, value: Decimal, unit: str, places: int | None = None,
                 translations: Mapping | None = None) -> str:
        """Return "22,5 t", "1 200 krabic" (cs) / "30,000 piece" (en), to ``places`` decimals if given.

        Words and separators are local_quantities.format_quantity's (the item's own pack names first).
        """
        if places is not None:
            value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
        if self.language == ENGLISH:
            return f"{format_grouped(value)} {unit}"  # the documents' English figures as they always were
        return format_quantity(_Amount(value.normalize(), unit), self.language, translations=translations)

    def date(self, day: date | None) -> str:
        """Return a day: ISO in English (2020-04-02), the language's medium form otherwise, "—" unknown."""
        if day is None:
            return "—"
        if self.language == ENGLISH:
            return day.isoformat()
        return babel_date(day, "medium", locale=self.language)

    def moment(self, moment: datetime) -> str:
        """Return a UTC moment to the second: 2020-04-02 08:15:00 UTC, in the language's date form."""
        if self.language == ENGLISH:
            return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
        return f"{self.date(moment.date())} {babel_time(moment.time(), 'HH:mm:ss', locale=self.language)} UTC"

    def country(self, code: str | None) -> str:
        """Return a country's name in the document's language (CLDR's, via babel), "" for none."""
        if not code:
            return ""
        if self.language == ENGLISH:
            return country_name(code) or code
        return Locale.parse(self.language).territories.get(code, code)


ENGLISH_WORDING = Wording()


@dataclass
class _Amount:
    """A value and unit in the shape local_quantities formats."""

    value: Decimal
    unit: str
