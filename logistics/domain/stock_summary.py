"""What the printed stock position says: its filters, a row per item and unit, the flagged estimates.

Made from a typed StockReport in one step and sealed by a hash of every printed value, like the
printed flow report (domain/summary.py); pdf/stock.py only lays it out.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from logistics.document_language import D_, ENGLISH_WORDING, Wording
from logistics.domain.documents import format_timestamp
from logistics.domain.stock import StockReport
from logistics.domain.summary import MASS_UNIT_NAMES, Printed, dates_text, unit_name

# Every text is a `documents` catalog id (D_), printed in the reader's language (English as is).
TITLE = D_("Stock position")
HEADERS = [D_("Item"), D_("Unit"), D_("Received in"), D_("Dispatched out"), D_("Difference"),
           D_("Estimated balance")]
FIGURES = [False, False, True, True, True, True]
EMPTY = D_("Nothing was received or dispatched in this period.")
ESTIMATE_NOTE = D_("≈ Estimated balance: where an item came in and went out in different dimensions (tonnes "
                 "in, pieces out), their balance converted with the item's unit mass. It is an estimate, "
                 "never an exact figure; the rows above it are exact and never mix units.")
PERIOD_NOTES = {
    "actual": D_("Received in: inbound shipments delivered or received, dated by their actual arrival "
               "(received, else delivered; UTC day); dispatched out: outbound shipments in transit, "
               "delivered or received, dated by their actual dispatch (UTC day)."),
    "planned": D_("Received in: inbound shipments delivered or received; dispatched out: outbound shipments "
                "in transit, delivered or received; each with a planned departure in the period."),
}
BASIS_NAMES = {"actual": D_("Arrived (in) and dispatched (out)"), "planned": D_("Planned departure")}


@dataclass
class StockSummary(Printed):
    """Everything the printed stock position shows, as printed text (what the revision seals)."""

    reference: str
    filters: list[tuple[str, str]]
    headers: list[str]
    figures: list[bool]
    rows: list[list[str]]
    notes: list[str]
    issued_at: str = ""
    language: str = "en"
    revision: str = ""
    checksum: str = ""
    TITLE: ClassVar[str] = TITLE


def stock_summary(report: StockReport, as_of: datetime | None, w: Wording = ENGLISH_WORDING) -> StockSummary:
    """Return what the printed stock position shows (sealed): filters, rows per item and unit, notes.

    Printed in ``w``'s language: its words from the `documents` catalog, its figures as it writes them.
    """
    rows = []
    for entry in report.items:
        estimate = entry.estimated_balance
        for index, line in enumerate(entry.lines):
            estimated = ""
            if estimate and index == 0:
                estimated = w.t(D_("≈ {quantity} (estimated)")).format(
                    quantity=w.quantity(estimate.value, estimate.unit))
            rows.append([f"{entry.item.sku} {entry.item.name}" if index == 0 else "",
                         unit_name(line.unit, w),
                         w.number(line.received), w.number(line.dispatched),
                         w.number(line.difference), estimated])
    notes = [w.t(PERIOD_NOTES[report.date_basis])]
    if any(entry.estimated_balance for entry in report.items):
        notes.append(w.t(ESTIMATE_NOTE))
    stamp = format_timestamp(as_of, w) if as_of else "—"
    summary = StockSummary(
        reference=w.t(D_("stock")), headers=[w.t(header) for header in HEADERS], figures=list(FIGURES),
        rows=rows, notes=notes,
        filters=[(w.t(BASIS_NAMES[report.date_basis]), dates_text(report.date_from, report.date_to, w)),
                 (w.t(D_("Mass in")), w.t(MASS_UNIT_NAMES[report.mass_unit])),
                 (w.t(D_("Data as of")), stamp)],
        issued_at=stamp, language=w.language)
    summary.seal()
    return summary


def file_name(summary: StockSummary) -> str:
    """Return the download name of a printed stock position, with its revision (stock-1a2b3c4d.pdf)."""
    return f"stock-{summary.revision}.pdf"
