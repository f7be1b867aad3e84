"""What the printed flow report says: its filters, rows, totals and country charts as printed text.

This is the printed report's content, made from a typed FlowReport (Decimals, enums, ids) in one
step and sealed by a hash of every printed value; pdf/summary.py only lays it out. Figures are
added up as the report's Decimals and formatted here once, never parsed back.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from logistics.document_language import D_, ENGLISH_WORDING, Wording
from logistics.domain.document_words import DIRECTION, KIND, STATUS
from logistics.domain.documents import format_timestamp
from logistics.domain.reports import CounterpartyKey, FlowReport, FlowRow, GroupKey, ItemKey
from logistics.domain.workflow import MOVED
from logistics.money import Money
from logistics.unit_names import unit_label

# Printed in the reader's language: every text below is a `documents` catalog id (D_), translated
# by the report's Wording where it is formatted; English prints exactly these words.
TITLE = D_("Flow report")
KEY_LABELS = {"direction": D_("Direction"), "kind": D_("Kind"), "country": D_("Country"),
              "counterparty": D_("Counterparty"), "item": D_("Item"), "category": D_("Category"),
              "period": D_("Period")}
PERIOD_NAMES = {"month": D_("month"), "quarter": D_("quarter"), "year": D_("year")}
MASS_UNIT_NAMES = {"kg": D_("kg (kilograms)"), "t": D_("t (tonnes)")}
DATE_BASIS_NAMES = {"actual": D_("actual dispatch"), "planned": D_("planned departure")}
NOT_DISPATCHED_NOTE = D_("shipments not dispatched yet have no actual date and are not counted")
MAX_BARS = 20  # a chart has to fit on a page: beyond this, the smallest countries are added up
EMPTY = D_("No shipments match these filters.")
ESTIMATE_NOTE = D_("≈ the gross mass includes an estimate from the items' unit masses (lines counted or "
                   "measured by volume, not weighed); the Estimated column gives that part.")
UNWEIGHED_NOTE = D_("Not weighed: lines of items without a unit mass, left out of the gross mass.")
VALUES_NOTE = D_("Declared values: the customs values of the lines, one total per currency (amounts in "
                 "different currencies are never added); lines without a declared value add nothing.")
# The figure columns, by a language-independent id (pdf/summary.py's widths are keyed by these).
TOTAL, GROSS, ESTIMATED, LINES, SHIPMENTS, UNWEIGHED, VALUES = (
    "total", "gross", "estimated", "lines", "shipments", "unweighed", "values")
TOTALS_LABELS = {"inbound": D_("Inbound totals"), "outbound": D_("Outbound totals"), None: D_("Totals")}
VALUES_LABELS = {"inbound": D_("Inbound declared values"), "outbound": D_("Outbound declared values"),
                 None: D_("Declared values")}


@dataclass(frozen=True)
class Bar:
    """One bar of a country chart: the country, its exact total and that total as printed."""

    label: str
    value: Decimal
    text: str


@dataclass(frozen=True)
class CountryChart:
    """Totals per country of one direction in one base unit (never mixing units)."""

    title: str
    bars: tuple[Bar, ...]


class Printed:
    """A printed report's content (a dataclass of printed text): its title in its language, its seal."""

    TITLE: ClassVar[str]
    language: str
    revision: str
    checksum: str

    @property
    def title(self) -> str:
        """Return the document's title, in its language."""
        return Wording(self.language).t(self.TITLE)

    def seal(self) -> None:
        """Fix the revision: a SHA-256 of every printed value, so a reprint of the same data is provable."""
        digest = printed_digest(self)
        self.checksum, self.revision = digest, digest[:8]


@dataclass
class FlowSummary(Printed):
    """Everything the printed flow report shows, as the text printed (what the revision seals)."""

    reference: str
    group_by: list[str]
    filters: list[tuple[str, str]]
    headers: list[str]
    figures: list[bool]  # which columns hold figures (right-aligned)
    rows: list[list[str]]
    totals: list[str]
    notes: list[str]
    charts: list[CountryChart]
    issued_at: str = ""
    language: str = "en"
    columns: list[str] | None = None  # each column's id: a group key, then TOTAL, GROSS, ...
    revision: str = ""
    checksum: str = ""
    TITLE: ClassVar[str] = TITLE


def key_text(key: str, value: GroupKey, country_names: dict[str, str], w: Wording = ENGLISH_WORDING) -> str:
    """Return a group key as printed: "Poland (PL)", "COV Coverall", "no date" for an undated period."""
    if value is None:
        return w.t(D_("no date")) if key == "period" else "—"
    if isinstance(value, CounterpartyKey):
        return value.name
    if isinstance(value, ItemKey):
        return f"{value.sku} {value.name}"
    if key == "country":
        return f"{country_names.get(value, value)} ({value})"
    if key == "direction" and str(value) in DIRECTION:
        return w.t(DIRECTION[str(value)])
    if key == "kind" and str(value) in KIND:
        return w.t(KIND[str(value)])
    return str(value)


def unit_name(unit: str, w: Wording = ENGLISH_WORDING) -> str:
    """Return a base unit as a chart's title names it: "piece" in English (as always), "ks" in Czech."""
    return unit if w.language == "en" else unit_label(unit, Decimal(5), w.language, length="short")


def count_text(count: int, w: Wording = ENGLISH_WORDING) -> str:
    """Return a count as printed: "1200" in English (as always), "1 200" in Czech."""
    return str(count) if w.language == "en" else w.number(Decimal(count))


def key_name(key: str, w: Wording = ENGLISH_WORDING) -> str:
    """Return a grouping's name in running text: "direction", "směr" (English: the key itself)."""
    return key if w.language == "en" else w.t(KEY_LABELS[key]).lower()


def dates_text(start, end, w: Wording = ENGLISH_WORDING) -> str:
    """Return a report's dates as printed: "2024-01-01 to 2024-03-31", "on or after ...", "any date"."""
    if start and end:
        return w.t(D_("{start} to {end}")).format(start=w.date(start), end=w.date(end))
    if start:
        return w.t(D_("on or after {start}")).format(start=w.date(start))
    if end:
        return w.t(D_("on or before {end}")).format(end=w.date(end))
    return w.t(D_("any date"))


def _filters(report: FlowReport, as_of: str, w: Wording = ENGLISH_WORDING) -> list[tuple[str, str]]:
    """Return the filters in force as (label, text) pairs."""
    period = w.t(PERIOD_NAMES[report.period]) if report.period in PERIOD_NAMES else report.period
    keys = [key_name(key, w) if key != "period" else f"{key_name(key, w)} ({period})"
            for key in report.group_by]
    statuses = ", ".join(w.t(STATUS[status.value]) for status in report.statuses)
    if set(report.statuses) == set(MOVED):
        statuses += w.t(D_(" (the default: goods that moved)"))
    basis = w.t(DATE_BASIS_NAMES[report.date_basis])
    if report.date_basis == "actual":
        basis = w.t(D_("{basis} (UTC day; {note})")).format(basis=basis, note=w.t(NOT_DISPATCHED_NOTE))
    return [(w.t(D_("Grouped by")), ", ".join(keys) or w.t(D_("nothing: one row per base unit"))),
            (w.t(D_("Period")), period or "—"),
            (w.t(D_("Dated by")), basis),
            (w.t(DATE_BASIS_NAMES[report.date_basis]).capitalize(),
             dates_text(report.date_from, report.date_to, w)),
            (w.t(D_("Statuses")), statuses),
            (w.t(D_("Gross mass in")), w.t(MASS_UNIT_NAMES[report.mass_unit])),
            (w.t(D_("Data as of")), as_of)]


VALUES_HEADER = D_("Declared values")
NO_VALUE = "—"


def money_text(values: tuple[Money, ...], w: Wording = ENGLISH_WORDING) -> str:
    """Return declared values one per currency, never added across: "1,250.50 EUR; 300.00 CZK"."""
    return "; ".join(w.money(value) for value in values) or NO_VALUE  # minor units kept: 1 250,50 EUR


def _row(row: FlowRow, keys: tuple[str, ...], country_names: dict[str, str], unweighed: bool,
         values: bool = False, w: Wording = ENGLISH_WORDING) -> list[str]:
    """Return one printed row: keys, total with its base unit, gross mass (≈ estimated), counts."""
    mass = row.gross_mass
    cells = [key_text(key, row.keys[key], country_names, w) for key in keys]
    cells += [w.quantity(row.total.value, row.unit),
              ("≈ " if mass.includes_estimate else "") + w.number(mass.total.value),
              w.number(mass.estimated.value) if mass.includes_estimate else "—",
              count_text(row.lines, w), count_text(row.shipments, w)]
    if unweighed:
        cells.append(count_text(mass.unweighed_lines, w) if mass.unweighed_lines else "—")
    if values:
        cells.append(money_text(row.values, w))
    return cells


def _totals(report: FlowReport, w: Wording = ENGLISH_WORDING) -> list[str]:
    """Return the totals per direction, each per unit: in and out, and different units, are never added."""
    lines = []
    unit = report.mass_unit
    for totals in report.totals():
        direction = totals.direction.value if totals.direction else None
        mass = w.t(D_("gross mass {mass}")).format(mass=w.quantity(totals.gross_mass.value, unit))
        if totals.estimated.value:
            estimated = w.quantity(totals.estimated.value, unit)
            mass += w.t(D_(", of which ≈ {mass} estimated")).format(mass=estimated)
        figures = "; ".join(w.quantity(amount.value, amount.unit) for amount in totals.per_unit)
        lines.append(w.t(D_("{label}: {figures} ({mass}; {lines} lines)")).format(
            label=w.t(TOTALS_LABELS[direction]), figures=figures, mass=mass,
            lines=count_text(totals.lines, w)))
        if report.values:
            lines.append(f"{w.t(VALUES_LABELS[direction])}: {money_text(totals.values, w)}")
    return lines


def country_charts(by_country: FlowReport, country_names: dict[str, str],
                   w: Wording = ENGLISH_WORDING) -> list[CountryChart]:
    """Return a chart per direction and base unit of a report grouped by direction and country.

    Bars run from the largest total down; past MAX_BARS the rest are added up in one bar.
    """
    series: dict[tuple[str, str], list[tuple[str, Decimal]]] = {}
    for row in by_country.rows:
        label = key_text("country", row.keys["country"], country_names, w)
        series.setdefault((str(row.keys["direction"]), row.unit), []).append((label, row.total.value))
    charts = []
    for (direction, unit), values in sorted(series.items(), key=lambda item: item[0][0]):
        values.sort(key=lambda pair: (-pair[1], pair[0]))
        if len(values) > MAX_BARS:
            rest = values[MAX_BARS - 1:]
            others = (w.t(D_("{count} other countries")).format(count=len(rest)),
                      sum((v for _, v in rest), Decimal(0)))
            values = [*values[:MAX_BARS - 1], others]
        bars = tuple(Bar(label, value, w.quantity(value, unit)) for label, value in values)
        name = w.t(DIRECTION[direction]) if direction in DIRECTION else direction
        charts.append(CountryChart(f"{name.capitalize()} — {unit_name(unit, w)}", bars))
    return charts


def _reference(keys: tuple[str, ...], w: Wording = ENGLISH_WORDING) -> str:
    """Return the short name the running header and footer give the report ("by direction, country")."""
    if not keys:
        return w.t(D_("totals"))
    named = w.t(D_("by {keys}")).format(keys=", ".join(key_name(key, w) for key in keys))
    return named if len(named) <= 40 else w.t(D_("by {count} groupings")).format(count=len(keys))


def flow_summary(report: FlowReport, by_country: FlowReport, country_names: dict[str, str],
                 as_of: datetime | None, w: Wording = ENGLISH_WORDING) -> FlowSummary:
    """Return what the printed flow report shows (sealed): filters, rows, totals, notes, country charts.

    Printed in ``w``'s language: its words from the `documents` catalog, its figures as it writes them.
    """
    keys = report.group_by
    unit = report.mass_unit
    unweighed = any(row.gross_mass.unweighed_lines for row in report.rows)
    columns = [*keys, TOTAL, GROSS, ESTIMATED, LINES, SHIPMENTS]
    columns += [UNWEIGHED] if unweighed else []
    columns += [VALUES] if report.values else []
    texts = {TOTAL: D_("Total"), GROSS: D_("Gross mass ({unit})"), ESTIMATED: D_("Estimated ({unit})"),
             LINES: D_("Lines"), SHIPMENTS: D_("Shipments"), UNWEIGHED: D_("Not weighed"),
             VALUES: VALUES_HEADER, **KEY_LABELS}
    headers = [w.t(texts[column]).format(unit=unit) for column in columns]
    notes = []
    if any(row.gross_mass.includes_estimate for row in report.rows):
        notes.append(w.t(ESTIMATE_NOTE))
    if unweighed:
        notes.append(w.t(UNWEIGHED_NOTE))
    if report.values:
        notes.append(w.t(VALUES_NOTE))
    stamp = format_timestamp(as_of, w) if as_of else "—"
    summary = FlowSummary(
        reference=_reference(keys, w),
        group_by=list(keys), filters=_filters(report, stamp, w), headers=headers,
        figures=[False] * len(keys) + [True] * (len(headers) - len(keys)),
        rows=[_row(row, keys, country_names, unweighed, report.values, w) for row in report.rows],
        totals=_totals(report, w), notes=notes, charts=country_charts(by_country, country_names, w),
        issued_at=stamp, language=w.language, columns=columns)
    summary.seal()
    return summary


def file_name(summary: FlowSummary) -> str:
    """Return the download name of a printed flow report, with its revision (flows-1a2b3c4d.pdf)."""
    return f"flows-{summary.revision}.pdf"


def printed_digest(summary: object) -> str:
    """Return the SHA-256 of every printed value of a summary dataclass (its revision and checksum aside)."""
    content = asdict(summary)  # type: ignore[call-overload]
    for key in ("revision", "checksum"):
        content.pop(key)
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
