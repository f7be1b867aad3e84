"""The spreadsheet shape of shipments, shared by import and export: one row per line.

A shipment's own columns repeat on each of its lines; a shipment is keyed by its
reference and a line by reference and line number, so importing the same file twice
changes nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# The formula-escaping rule lives with the CSV writer; the import undoes it with unescape_cell.
from logistics.csv_writer import unescape_cell as unescape_cell

# (column, required): the order is the order of an export.
SHIPMENT_COLUMNS = (
    ("reference", True), ("direction", True), ("kind", True), ("status", False),
    ("counterparty", True), ("origin_country", True), ("origin_place", False),
    ("destination_country", True), ("destination_place", False), ("carrier", False),
    ("transport_mode", False), ("tracking_number", False), ("planned_departure", False),
    ("expected_arrival", False), ("notes", False),
)
LINE_COLUMNS = (
    ("line_no", True), ("sku", True), ("quantity", True), ("unit", False), ("lot", False),
    ("expiry", False), ("declared_value", False), ("currency", False),
    ("received_quantity", False), ("received_unit", False), ("received_note", False),
    ("received_reason", False),
)
COLUMNS = tuple(name for name, _ in SHIPMENT_COLUMNS + LINE_COLUMNS)
LINE_NAMES = tuple(name for name, _ in LINE_COLUMNS)
REQUIRED = tuple(name for name, required in SHIPMENT_COLUMNS + LINE_COLUMNS if required)
HEADER_COLUMNS = tuple(name for name, _ in SHIPMENT_COLUMNS if name != "reference")

# Spellings a spreadsheet may use for a column: "Line no", "line-no", "LINE_NO" are all line_no.
_ALIASES = {"line": "line_no", "line_number": "line_no", "item_sku": "sku", "counterparty_id": "counterparty",
            "partner": "counterparty", "qty": "quantity", "quantity_unit": "unit"}


def column_name(heading: object) -> str:
    """Return the column a heading names: case, spaces and dashes do not matter."""
    name = re.sub(r"[\s\-]+", "_", str(heading or "").strip().lower())
    return _ALIASES.get(name, name)


@dataclass(frozen=True)
class Refusal:
    """Why one cell (or a whole row, column None) was refused; rows count from 1, the header."""

    row: int
    column: str | None
    value: str | None
    reason: str

    def as_dict(self) -> dict:
        """Return the report's shape."""
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", {self.column}" if self.column else "")
        shown = "" if self.value in (None, "") else f" {self.value!r}"
        return f"{where}:{shown} {self.reason}"


@dataclass
class ImportReport:
    """What an import did, or would do (dry run), or why it refused the file."""

    rows: int = 0
    shipments_created: int = 0
    shipments_updated: int = 0
    shipments_unchanged: int = 0
    lines_created: int = 0
    lines_updated: int = 0
    lines_unchanged: int = 0
    dry_run: bool = False
    ignored_columns: list[str] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        """Say whether the file was accepted (and, unless a dry run, written)."""
        return not self.refusals

    def as_dict(self) -> dict:
        """Return the report's JSON shape."""
        counts = {name: getattr(self, name) for name in (
            "rows", "shipments_created", "shipments_updated", "shipments_unchanged",
            "lines_created", "lines_updated", "lines_unchanged")}
        return {"accepted": self.accepted, "dry_run": self.dry_run, **counts,
                "ignored_columns": self.ignored_columns,
                "refused_rows": len({refusal.row for refusal in self.refusals}),
                "refusals": [refusal.as_dict() for refusal in self.refusals]}

    def summary(self) -> str:
        """Say in one sentence what happened."""
        if self.refusals:
            count = len(self.refusals)
            rows = len({refusal.row for refusal in self.refusals if refusal.row > 1})
            where = f" in {rows} of its {self.rows} row{'s' if self.rows != 1 else ''}" if rows else ""
            return (f"the file was refused and nothing was written: {count} "
                    f"problem{'s' if count > 1 else ''}{where}")
        said = (f"{self.rows} rows checked; shipments: {self.shipments_created} new, "
                f"{self.shipments_updated} changed, {self.shipments_unchanged} unchanged; lines: "
                f"{self.lines_created} new, {self.lines_updated} changed, {self.lines_unchanged} unchanged")
        return said + (" (dry run: nothing was written)" if self.dry_run else "")
