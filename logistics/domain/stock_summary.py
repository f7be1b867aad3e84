"""What the printed stock position says: its filters, a row per item and unit, the flagged estimates.

Made from a typed StockReport in one step and sealed by a hash of every printed value, like the
printed flow report (domain/summary.py); pdf/stock.py only lays it out.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from logistics.domain.documents import format_timestamp
from logistics.domain.stock import StockReport
from logistics.domain.summary import MASS_UNIT_NAMES, printed_digest
from logistics.units import format_grouped

TITLE = "Stock position"
HEADERS = ["Item", "Unit", "Received in", "Dispatched out", "Difference", "Estimated balance"]
FIGURES = [False, False, True, True, True, True]
EMPTY = "Nothing was received or dispatched in this period."
ESTIMATE_NOTE = ("≈ Estimated balance: where an item came in and went out in different dimensions (tonnes "
                 "in, pieces out), their balance converted with the item's unit mass. It is an estimate, "
                 "never an exact figure; the rows above it are exact and never mix units.")
PERIOD_NOTES = {
    "actual": ("Received in: inbound shipments delivered or received, dated by their actual arrival "
               "(received, else delivered; UTC day); dispatched out: outbound shipments in transit, "
               "delivered or received, dated by their actual dispatch (UTC day)."),
    "planned": ("Received in: inbound shipments delivered or received; dispatched out: outbound shipments "
                "in transit, delivered or received; each with a planned departure in the period."),
}
BASIS_NAMES = {"actual": "Arrived (in) and dispatched (out)", "planned": "Planned departure"}


@dataclass
class StockSummary:
    """Everything the printed stock position shows, as printed text (what the revision seals)."""

    reference: str
    filters: list[tuple[str, str]]
    headers: list[str]
    figures: list[bool]
    rows: list[list[str]]
    notes: list[str]
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
        self.checksum, self.revision = digest, digest[:8]


def _dates(report: StockReport) -> str:
    start, end = report.date_from, report.date_to
    return (f"{start} to {end}" if start and end else f"on or after {start}" if start
            else f"on or before {end}" if end else "any date")


def stock_summary(report: StockReport, as_of: datetime | None) -> StockSummary:
    """Return what the printed stock position shows (sealed): filters, rows per item and unit, notes."""
    rows = []
    for entry in report.items:
        estimate = entry.estimated_balance
        for index, line in enumerate(entry.lines):
            estimated = (f"≈ {format_grouped(estimate.value)} {estimate.unit} (estimated)"
                         if estimate and index == 0 else "")
            rows.append([f"{entry.item.sku} {entry.item.name}" if index == 0 else "", line.unit,
                         format_grouped(line.received), format_grouped(line.dispatched),
                         format_grouped(line.difference), estimated])
    notes = [PERIOD_NOTES[report.date_basis]]
    if any(entry.estimated_balance for entry in report.items):
        notes.append(ESTIMATE_NOTE)
    stamp = format_timestamp(as_of) if as_of else "—"
    summary = StockSummary(
        reference="stock", headers=list(HEADERS), figures=list(FIGURES), rows=rows, notes=notes,
        filters=[(BASIS_NAMES[report.date_basis], _dates(report)),
                 ("Mass in", MASS_UNIT_NAMES[report.mass_unit]),
                 ("Data as of", stamp)],
        issued_at=stamp)
    summary.seal()
    return summary


def file_name(summary: StockSummary) -> str:
    """Return the download name of a printed stock position, with its revision (stock-1a2b3c4d.pdf)."""
    return f"stock-{summary.revision}.pdf"
