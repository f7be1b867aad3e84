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

from logistics.domain.documents import format_timestamp
from logistics.domain.reports import CounterpartyKey, FlowReport, FlowRow, GroupKey, ItemKey
from logistics.domain.workflow import MOVED
from logistics.money import Money, format_money
from logistics.units import format_grouped

TITLE = "Flow report"
KEY_LABELS = {"direction": "Direction", "kind": "Kind", "country": "Country", "counterparty": "Counterparty",
              "item": "Item", "category": "Category", "period": "Period"}
MASS_UNIT_NAMES = {"kg": "kg (kilograms)", "t": "t (tonnes)"}
DATE_BASIS_NAMES = {"actual": "actual dispatch", "planned": "planned departure"}
NOT_DISPATCHED_NOTE = "shipments not dispatched yet have no actual date and are not counted"
MAX_BARS = 20  # a chart has to fit on a page: beyond this, the smallest countries are added up
EMPTY = "No shipments match these filters."
ESTIMATE_NOTE = ("≈ the gross mass includes an estimate from the items' unit masses (lines counted or "
                 "measured by volume, not weighed); the Estimated column gives that part.")
UNWEIGHED_NOTE = "Not weighed: lines of items without a unit mass, left out of the gross mass."
VALUES_NOTE = ("Declared values: the customs values of the lines, one total per currency (amounts in "
               "different currencies are never added); lines without a declared value add nothing.")


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


@dataclass
class FlowSummary:
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
    revision: str = ""
    checksum: str = ""

    @property
    def title(self) -> str:
        """Return the document's title."""
        return TITLE

    def seal(self) -> None:
        """Fix the revision: a SHA-256 of every printed value, so a reprint of the same data is provable."""
        digest = printed_digest(self)
        self.checksum = digest
        self.revision = digest[:8]


def key_text(key: str, value: GroupKey, country_names: dict[str, str]) -> str:
    """Return a group key as printed: "Poland (PL)", "COV Coverall", "no date" for an undated period."""
    if value is None:
        return "no date" if key == "period" else "—"
    if isinstance(value, CounterpartyKey):
        return value.name
    if isinstance(value, ItemKey):
        return f"{value.sku} {value.name}"
    if key == "country":
        return f"{country_names.get(value, value)} ({value})"
    return str(value)


def _amount(value: Decimal) -> str:
    """Return an exact amount with thousands separators: "1,200.5"."""
    return format_grouped(value)


def _filters(report: FlowReport, as_of: str) -> list[tuple[str, str]]:
    """Return the filters in force as (label, text) pairs."""
    keys = [key if key != "period" else f"period ({report.period})" for key in report.group_by]
    start, end = report.date_from, report.date_to
    dates = (f"{start} to {end}" if start and end else f"on or after {start}" if start
             else f"on or before {end}" if end else "any date")
    statuses = ", ".join(status.value.replace("_", " ") for status in report.statuses)
    if set(report.statuses) == set(MOVED):
        statuses += " (the default: goods that moved)"
    basis = DATE_BASIS_NAMES[report.date_basis]
    if report.date_basis == "actual":
        basis += f" (UTC day; {NOT_DISPATCHED_NOTE})"
    return [("Grouped by", ", ".join(keys) or "nothing: one row per base unit"),
            ("Period", report.period or "—"),
            ("Dated by", basis),
            (DATE_BASIS_NAMES[report.date_basis].capitalize(), dates),
            ("Statuses", statuses),
            ("Gross mass in", MASS_UNIT_NAMES[report.mass_unit]),
            ("Data as of", as_of)]


VALUES_HEADER = "Declared values"
NO_VALUE = "—"


def money_text(values: tuple[Money, ...]) -> str:
    """Return declared values one per currency, never added across: "1,250.50 EUR; 300.00 CZK"."""
    return "; ".join(format_money(value) for value in values) or NO_VALUE


def _row(row: FlowRow, keys: tuple[str, ...], country_names: dict[str, str], unweighed: bool,
         values: bool = False) -> list[str]:
    """Return one printed row: keys, total with its base unit, gross mass (≈ estimated), counts."""
    mass = row.gross_mass
    cells = [key_text(key, row.keys[key], country_names) for key in keys]
    cells += [f"{_amount(row.total.value)} {row.unit}",
              ("≈ " if mass.includes_estimate else "") + _amount(mass.total.value),
              _amount(mass.estimated.value) if mass.includes_estimate else "—",
              str(row.lines), str(row.shipments)]
    if unweighed:
        cells.append(str(mass.unweighed_lines) if mass.unweighed_lines else "—")
    if values:
        cells.append(money_text(row.values))
    return cells


def _totals(report: FlowReport) -> list[str]:
    """Return the totals per direction, each per unit: in and out, and different units, are never added."""
    lines = []
    unit = report.mass_unit
    for totals in report.totals():
        label = f"{totals.direction.value.capitalize()} totals" if totals.direction else "Totals"
        mass = f"gross mass {_amount(totals.gross_mass.value)} {unit}"
        if totals.estimated.value:
            mass += f", of which ≈ {_amount(totals.estimated.value)} {unit} estimated"
        figures = "; ".join(f"{_amount(amount.value)} {amount.unit}" for amount in totals.per_unit)
        lines.append(f"{label}: {figures} ({mass}; {totals.lines} lines)")
        if report.values:
            lines.append(f"{label.removesuffix(' totals')} declared values: {money_text(totals.values)}")
    return lines


def country_charts(by_country: FlowReport, country_names: dict[str, str]) -> list[CountryChart]:
    """Return a chart per direction and base unit of a report grouped by direction and country.

    Bars run from the largest total down; past MAX_BARS the rest are added up in one bar.
    """
    series: dict[tuple[str, str], list[tuple[str, Decimal]]] = {}
    for row in by_country.rows:
        label = key_text("country", row.keys["country"], country_names)
        series.setdefault((str(row.keys["direction"]), row.unit), []).append((label, row.total.value))
    charts = []
    for (direction, unit), values in sorted(series.items(), key=lambda item: item[0][0]):
        values.sort(key=lambda pair: (-pair[1], pair[0]))
        if len(values) > MAX_BARS:
            rest = values[MAX_BARS - 1:]
            others = (f"{len(rest)} other countries", sum((v for _, v in rest), Decimal(0)))
            values = [*values[:MAX_BARS - 1], others]
        bars = tuple(Bar(label, value, f"{_amount(value)} {unit}") for label, value in values)
        charts.append(CountryChart(f"{direction.capitalize()} — {unit}", bars))
    return charts


def _reference(keys: tuple[str, ...]) -> str:
    """Return the short name the running header and footer give the report ("by direction, country")."""
    if not keys:
        return "totals"
    named = "by " + ", ".join(keys)
    return named if len(named) <= 40 else f"by {len(keys)} groupings"


def flow_summary(report: FlowReport, by_country: FlowReport, country_names: dict[str, str],
                 as_of: datetime | None) -> FlowSummary:
    """Return what the printed flow report shows (sealed): filters, rows, totals, notes, country charts."""
    keys = report.group_by
    unit = report.mass_unit
    unweighed = any(row.gross_mass.unweighed_lines for row in report.rows)
    headers = [KEY_LABELS[key] for key in keys]
    headers += ["Total", f"Gross mass ({unit})", f"Estimated ({unit})", "Lines", "Shipments"]
    headers += ["Not weighed"] if unweighed else []
    headers += [VALUES_HEADER] if report.values else []
    notes = []
    if any(row.gross_mass.includes_estimate for row in report.rows):
        notes.append(ESTIMATE_NOTE)
    if unweighed:
        notes.append(UNWEIGHED_NOTE)
    if report.values:
        notes.append(VALUES_NOTE)
    stamp = format_timestamp(as_of) if as_of else "—"
    summary = FlowSummary(
        reference=_reference(keys),
        group_by=list(keys), filters=_filters(report, stamp), headers=headers,
        figures=[False] * len(keys) + [True] * (len(headers) - len(keys)),
        rows=[_row(row, keys, country_names, unweighed, report.values) for row in report.rows],
        totals=_totals(report), notes=notes, charts=country_charts(by_country, country_names),
        issued_at=stamp)
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
