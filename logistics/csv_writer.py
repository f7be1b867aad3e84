"""The one CSV writer, and the one rule that keeps a spreadsheet from running a cell as a formula.

Every CSV the service sends goes through ``csv_chunks``: the shipment export (and its import
template), the audit trail, the flow report.

The rule (``escape_cell``): a text cell that starts with ``=``, ``+``, ``-`` or ``@`` (a formula to
Excel, LibreOffice and Google Sheets), with a tab or a carriage return (which spreadsheets may skip
before reading a formula), or with an apostrophe, is written with one more apostrophe in front.
A spreadsheet shows the apostrophe-led text as text. The import strips that apostrophe again
(``unescape_cell``, called by services/imports.py through domain/transfer.py), which is why a cell
that already started with an apostrophe gets a second one: an export re-imports exactly.

Only text is escaped: numbers (int, Decimal) and dates are values, never formulas, and are written
as they are (-5 stays the number -5).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from logistics.units import format_decimal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 only when it starts with one
_CHUNK = 64_000  # characters of CSV text per chunk sent


def escape_cell(text: str) -> str:
    """Return text a spreadsheet shows as it is, never runs: a formula-like start gets a leading '."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unescape_cell(text: str) -> str:
    """Undo ``escape_cell`` on a cell read back: an apostrophe before a formula-like start is dropped."""
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_START) else text


def cell_text(value: object) -> str:
    """Return a value as a CSV cell: empty for None, ISO dates, exact decimals, text escaped."""
    if value is None:
        return ""
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return escape_cell(str(value))


def csv_chunks(headings: Iterable[str], rows: Iterable[Iterable[object]], *,
               bom: bool = False) -> Iterator[str]:
    """Yield a CSV file (a heading row, then the rows) in chunks of about 64 kB; memory stays flat."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([cell_text(heading) for heading in headings])
    for row in rows:
        writer.writerow([cell_text(value) for value in row])
        if buffer.tell() > _CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_text(headings: Iterable[str], rows: Iterable[Iterable[object]], *, bom: bool = False) -> str:
    """Return a whole CSV file as one string (for small files built in memory)."""
    return "".join(csv_chunks(headings, rows, bom=bom))
