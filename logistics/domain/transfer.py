"""The spreadsheet shape of shipments, shared by import and export: one row per line.

A shipment's own columns repeat on each of its lines; a shipment is keyed by its
reference and a line by reference and line number, so importing the same file twice
changes nothing.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# The formula-escaping rule lives with the CSV writer; the import undoes it with unescape_cell.
from logistics.csv_writer import unescape_cell as unescape_cell
from logistics.domain.texts import E_, EN_, Figure, Text, figure

# (column, required): the order is the order of an export.
SHIPMENT_COLUMNS = (
    ("reference", True), ("direction", True), ("kind", True), ("status", False),
    ("counterparty", True), ("origin_country", True), ("origin_place", False),
    ("destination_country", True), ("destination_place", False), ("carrier", False),
    ("transport_mode", False), ("tracking_number", False), ("planned_departure", False),
    ("expected_arrival", False), ("dispatched_at", False), ("delivered_at", False), ("received_at", False),
    ("notes", False), ("incoterm", False), ("incoterm_place", False),
    ("invoice_number", False), ("cmr_number", False), ("awb_number", False),
    ("bill_of_lading_number", False), ("rail_note_number", False),
)
LINE_COLUMNS = (
    ("line_no", True), ("sku", True), ("quantity", True), ("unit", False), ("lot", False),
    ("expiry", False), ("declared_value", False), ("currency", False), ("country_of_origin", False),
    ("net_mass", False), ("net_mass_unit", False),
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


EXCERPT_CHARS = 80  # a refused cell is shown as this much of its text: a report never echoes a whole cell
REASON_CHARS = 500  # a reason may quote its cell: it is cut to this much (the longest of ours: 386)
_LONG_WORD = re.compile(rf"\S{{{EXCERPT_CHARS + 1},}}")
IGNORED_COLUMNS_SHOWN = 100  # unknown headings named in a report, at most


def _cut_long_words(text: str) -> str:
    return _LONG_WORD.sub(lambda match: excerpt(match.group()) or "", text)


def _shortened(reason: str, cut: Callable[[str], str]) -> str:
    """Return a reason with ``cut`` applied to its text, or to its values when it is a Text (kept sayable).

    A figure (a number) is never long: it is kept as it is, to be written in the reader's language.
    """
    if isinstance(reason, Figure):
        return reason
    if isinstance(reason, Text):
        return Text(reason.msgid, {name: _shortened(value, cut) if isinstance(value, str) else value
                                   for name, value in reason.params.items()}, reason.plural)
    return cut(reason)


def excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str | None:
    """Return text cut to ``limit`` characters, saying how much was left out."""
    if text is None or len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


@dataclass(frozen=True)
class ImportLimits:
    """How much one import may read; each is a setting (LOGISTICS_IMPORT_*, see config.py and the README)."""

    max_rows: int = 200_000  # rows after the heading, blank ones included; twice the largest bulk import
    max_cell_chars: int = 131_072  # csv's own default field limit, kept for CSV and XLSX alike
    max_xlsx_bytes: int = 256 << 20  # a workbook's parts decompressed: 200,000 exported rows fit
    max_shared_strings: int = 500_000  # distinct texts of a workbook (openpyxl reads each at ~15 µs)
    max_refusals: int = 100  # refusals listed in a report; all are counted


DEFAULT_LIMITS = ImportLimits()


@dataclass(frozen=True)
class Refusal:
    """Why one cell (or a whole row, column None) was refused; rows count from 1, the header."""

    row: int
    column: str | None
    value: str | None
    reason: str
    sheet: str | None = None  # None: the shipments' sheet (or the CSV); "Packages": the packages' one

    def __post_init__(self) -> None:
        # One place cuts what a refusal echoes, whichever stage made it: the value, and the value
        # (or any other long word) quoted in the reason.
        reason = self.reason
        if self.value is not None and len(self.value) > EXCERPT_CHARS:
            short = excerpt(self.value) or ""
            reason = _shortened(reason, lambda text: text.replace(self.value or "", short))
            object.__setattr__(self, "value", short)
        if len(reason) > EXCERPT_CHARS:
            reason = _shortened(reason, _cut_long_words)
        object.__setattr__(self, "reason", excerpt(reason, REASON_CHARS))

    def as_dict(self) -> dict:
        """Return the report's shape."""
        return {"sheet": self.sheet or "Shipments", "row": self.row, "column": self.column,
                "value": self.value, "reason": self.reason}

    def __str__(self) -> str:
        where = (f"sheet {self.sheet}, " if self.sheet else "") + f"row {self.row}" + \
            (f", {self.column}" if self.column else "")
        shown = "" if self.value in (None, "") else f" {self.value!r}"
        return f"{where}:{shown} {self.reason}"


@dataclass
class ImportReport:
    """What an import did, or would do (dry run), or why it refused the file.

    Every refusal is counted, but only the first ``max_refusals`` in the sheet's order are kept
    (and listed): a file of bad rows makes a short report, not one as long as itself.
    """

    rows: int = 0
    shipments_created: int = 0
    shipments_updated: int = 0
    shipments_unchanged: int = 0
    lines_created: int = 0
    lines_updated: int = 0
    lines_unchanged: int = 0
    packages_created: int = 0
    packages_unchanged: int = 0
    dry_run: bool = False
    ignored_columns: list[str] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)  # the first max_refusals, once finished
    refusal_count: int = 0  # all of them
    max_refusals: int = ImportLimits.max_refusals
    ignored_column_count: int = 0
    _refused_rows: set[tuple[str, int]] = field(default_factory=set, repr=False)  # (sheet, row)

    def refuse(self, refusals: Iterable[Refusal]) -> None:
        """Count refusals, keeping the first ``max_refusals`` by row (they may arrive out of order)."""
        for refusal in refusals:
            self.refusal_count += 1
            self._refused_rows.add((refusal.sheet or "", refusal.row))
            self.refusals.append(refusal)
        if len(self.refusals) > 2 * self.max_refusals:
            self.finish()

    def ignore(self, headings: Iterable[str]) -> None:
        """Name unknown headings (the first IGNORED_COLUMNS_SHOWN of them, cut short) and count them all."""
        for heading in headings:
            self.ignored_column_count += 1
            if len(self.ignored_columns) < IGNORED_COLUMNS_SHOWN:
                self.ignored_columns.append(excerpt(heading) or "")

    def finish(self) -> None:
        """Put the refusals kept in the sheet's order and keep the first ``max_refusals``."""
        self.refusals.sort(key=lambda refusal: (refusal.sheet is not None, refusal.row))
        del self.refusals[self.max_refusals:]

    @property
    def accepted(self) -> bool:
        """Say whether the file was accepted (and, unless a dry run, written)."""
        return not self.refusal_count

    @property
    def unlisted(self) -> int:
        """Return how many refusals were counted but not listed."""
        return self.refusal_count - len(self.refusals)

    def as_dict(self) -> dict:
        """Return the report's JSON shape."""
        counts = {name: getattr(self, name) for name in (
            "rows", "shipments_created", "shipments_updated", "shipments_unchanged",
            "lines_created", "lines_updated", "lines_unchanged", "packages_created", "packages_unchanged")}
        return {"accepted": self.accepted, "dry_run": self.dry_run, **counts,
                "ignored_columns": self.ignored_columns, "ignored_column_count": self.ignored_column_count,
                "refused_rows": len(self._refused_rows), "refusal_count": self.refusal_count,
                "refusals": [refusal.as_dict() for refusal in self.refusals]}

    def summary(self) -> str:
        """Say in one sentence what happened (a Text: pages and the API say it in the reader's language)."""
        if self.refusal_count:
            count = self.refusal_count
            rows = sum(1 for _, row in self._refused_rows if row != 1)
            where = EN_(" in %(rows)s of its %(total)s row", " in %(rows)s of its %(total)s rows", self.rows,
                        rows=figure(rows), total=figure(self.rows)) if rows else ""
            listed = E_(" (the first %(listed)s are listed)",
                        listed=figure(len(self.refusals))) if self.unlisted else ""
            return EN_("the file was refused and nothing was written: %(count)s problem%(where)s%(listed)s",
                       "the file was refused and nothing was written: %(count)s problems%(where)s%(listed)s",
                       count, count=figure(count), where=where, listed=listed)
        packages = E_("; packages: %(new)s new, %(unchanged)s unchanged", new=self.packages_created,
                      unchanged=self.packages_unchanged) \
            if self.packages_created or self.packages_unchanged else ""
        return E_("%(rows)s rows checked; shipments: %(shipments_new)s new, %(shipments_changed)s changed, "
                  "%(shipments_unchanged)s unchanged; lines: %(lines_new)s new, %(lines_changed)s changed, "
                  "%(lines_unchanged)s unchanged%(packages)s%(dry_run)s", rows=self.rows,
                  shipments_new=self.shipments_created, shipments_changed=self.shipments_updated,
                  shipments_unchanged=self.shipments_unchanged, lines_new=self.lines_created,
                  lines_changed=self.lines_updated, lines_unchanged=self.lines_unchanged, packages=packages,
                  dry_run=E_(" (dry run: nothing was written)") if self.dry_run else "")
