"""Reading spreadsheets row by row (CSV in UTF-8 or UTF-16, XLSX) and writing XLSX, streamed.

Reading never holds a whole file: CSV is decoded as it is read, XLSX is read with
openpyxl's read-only mode through the guards of ``workbooks``. Cells come out as text
(numbers written exactly, the way a person would type them) or as dates; a file that cannot
be read, or goes past the import's limits (rows, cell length; ``ImportLimits``), is refused
with the reason, as a ``FileRefused`` naming the row where reading stopped.
"""
from __future__ import annotations

import codecs
import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from itertools import chain
from typing import IO

from logistics.domain.texts import E_, EN_, Text, figure, message_of
from logistics.domain.transfer import DEFAULT_LIMITS, ImportLimits, Refusal
from logistics.units import format_decimal

FORMATS = ("csv", "xlsx")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) container
_LINE_LIMIT = 4 << 20  # bytes read at most for one line: a file without line breaks is not read whole
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream a password-protected workbook is kept in


class FileRefused(Exception):
    """A file that cannot be read as a spreadsheet at all, or stopped being readable part way."""

    def __init__(self, refusal: Refusal):
        super().__init__(str(refusal))
        self.refusal = refusal


@dataclass
class Sheet:
    """A spreadsheet being read: its headings, its rows and how far reading has got."""

    headings: list[str]
    rows: Iterator[tuple[int, list]]  # (row number counting the heading as 1, cells)
    progress: Callable[[], tuple[int, int | None]]  # (done, total) in bytes or rows
    close: Callable[[], object]  # what it returns is not used


def format_of(filename: str | None) -> str | None:
    """Return the format a file name says (csv or xlsx), or None."""
    suffix = (filename or "").rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    return suffix if suffix in FORMATS else None


def open_sheet(stream: IO[bytes], filename: str | None = None,
               limits: ImportLimits = DEFAULT_LIMITS) -> Sheet:
    """Open an uploaded or local file as a sheet; what it is comes from its content, not its name."""
    from logistics.services.workbooks import not_read, open_xlsx

    stream = seekable(stream)
    start = stream.tell()
    head = stream.read(65_536)
    stream.seek(start)
    if not head.strip():
        raise FileRefused(Refusal(1, None, filename,
                                  E_("the file is empty: the first row must name the columns")))
    if head.startswith(_ZIP):
        return open_xlsx(stream, limits)
    if head.startswith(_OLE):
        if _holds(stream, _ENCRYPTED):
            raise FileRefused(Refusal(1, None, None, not_read(E_(
                "it is protected by a password (encrypted): remove the password in Excel "
                "(File, Info, Protect Workbook) and save it again"))))
        raise FileRefused(Refusal(1, None, filename, E_("this is an old binary Excel (.xls) file: save it "
                                                         "as an Excel workbook (.xlsx) or as CSV UTF-8")))
    if format_of(filename) == "xlsx":
        raise FileRefused(Refusal(1, None, None, not_read(E_(
            "it is not a zip archive, as every .xlsx file is: save the sheet as an Excel workbook "
            "(.xlsx) or as CSV UTF-8"))))
    return _open_csv(stream, head, filename, limits)


def seekable(stream: IO[bytes]) -> IO[bytes]:
    """Return the stream, or a spooled copy of it if it cannot seek (a workbook is read more than once)."""
    if stream.seekable():
        return stream
    spooled = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 - read on as the sheet
    while chunk := stream.read(1 << 20):
        spooled.write(chunk)
    spooled.seek(0)
    return spooled


def _holds(stream: IO[bytes], needle: bytes) -> bool:
    """Say whether the stream holds these bytes anywhere (read in steps; its position is kept)."""
    start, tail = stream.tell(), b""
    try:
        while chunk := stream.read(1 << 20):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
        return False
    finally:
        stream.seek(start)


def _open_csv(stream: IO[bytes], head: bytes, filename: str | None, limits: ImportLimits) -> Sheet:
    close: Callable[[], object]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = io.TextIOWrapper(stream, encoding="utf-16", errors="strict", newline="")
        lines, close = iter(text), text.detach  # detach: the caller's stream stays open
    elif b"\x00" in head:
        raise FileRefused(Refusal(1, None, filename, E_("this is not a CSV or XLSX file (it holds binary "
                                                         "data): export the sheet as CSV UTF-8 or .xlsx")))
    else:
        lines, close = _utf8_lines(stream), lambda: None
    total = _size(stream)
    try:
        first = next(lines, "")
    except UnicodeDecodeError as error:
        raise FileRefused(_not_unicode(1, error)) from None
    if csv.field_size_limit() < limits.max_cell_chars:  # csv's limit is the process's: only ever raised
        csv.field_size_limit(limits.max_cell_chars)
    reader = csv.reader(chain((first,) if first else (), lines), delimiter=_delimiter(first))
    try:
        headings = next(reader, [])
    except csv.Error as error:
        raise FileRefused(_csv_error(1, error, limits)) from None
    check_cells(1, headings, headings, limits)

    def rows() -> Iterator[tuple[int, list]]:
        row, last, longest = 1, limits.max_rows + 1, limits.max_cell_chars
        try:
            for cells in reader:
                row += 1
                if row > last:
                    raise FileRefused(too_many_rows(row, limits))
                if cells and max(map(len, cells)) > longest:  # a CSV's cells are all text
                    check_cells(row, cells, headings, limits)
                yield row, cells
        except UnicodeDecodeError as error:  # reading the next row: it is the one refused
            raise FileRefused(_not_unicode(row + 1, error)) from None
        except csv.Error as error:
            raise FileRefused(_csv_error(row + 1, error, limits)) from None

    def progress() -> tuple[int, int | None]:
        try:
            return stream.tell(), total
        except (OSError, ValueError):
            return 0, total

    return Sheet(headings, rows(), progress, close)


def _utf8_lines(stream: IO[bytes]) -> Iterator[str]:
    """Decode line by line (a byte that is not UTF-8 is found in its own row); a BOM is dropped."""
    first = True
    while raw := stream.readline(_LINE_LIMIT):
        if len(raw) == _LINE_LIMIT and not raw.endswith(b"\n"):
            raise csv.Error(E_("a row is longer than %(size)s MB: is this really the sheet?",
                               size=_LINE_LIMIT >> 20))
        if first:
            raw, first = raw.removeprefix(codecs.BOM_UTF8), False
        yield raw.decode("utf-8")


def _delimiter(heading_line: str) -> str:
    """Return the heading row's separator: a comma, or the semicolon or tab some Excel locales write."""
    counts = {sep: heading_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _size(stream: IO[bytes]) -> int | None:
    try:
        position = stream.tell()
        size = stream.seek(0, io.SEEK_END)
        stream.seek(position)
        return size
    except (OSError, ValueError):
        return None


def _not_unicode(row: int, error: UnicodeDecodeError) -> Refusal:
    byte = error.object[error.start:error.start + 1].hex()
    return Refusal(row, None, None, E_("the file is not UTF-8 text (byte 0x%(byte)s cannot be read): in "
                                       "Excel save it as 'CSV UTF-8', or export it as .xlsx", byte=byte))


def _csv_error(row: int, error: csv.Error, limits: ImportLimits) -> Refusal:
    message = message_of(error)
    if message.startswith("a row is longer"):
        pass
    elif "field larger than field limit" in message:
        message = _too_long(limits)
    elif "NUL" in message:
        message = E_("the row holds binary data (NUL characters): this is not a CSV file")
    return Refusal(row, None, None, E_("the row cannot be read as CSV: %(problem)s", problem=message))


def check_cells(row: int, cells: list, headings: list[str], limits: ImportLimits) -> None:
    """Refuse a row with a cell longer than the limit (a workbook's cells may be dates: no length)."""
    try:
        longest = max(map(len, cells), default=0)
    except TypeError:
        longest = max((len(cell) for cell in cells if isinstance(cell, str)), default=0)
    if longest <= limits.max_cell_chars:
        return
    index = next(index for index, cell in enumerate(cells)
                 if isinstance(cell, str) and len(cell) > limits.max_cell_chars)
    named = index < len(headings) and 0 < len(headings[index]) <= 40
    column = headings[index] if named else E_("column %(number)s", number=index + 1)
    raise FileRefused(Refusal(row, column, cells[index], _too_long(limits)))


def too_many_rows(row: int, limits: ImportLimits) -> Refusal:
    """Say that the sheet goes on past the row limit."""
    return Refusal(row, None, None, EN_(
        "the sheet has more than %(rows)s row after its heading (LOGISTICS_IMPORT_MAX_ROWS; blank rows "
        "count): split it into smaller files", "the sheet has more than %(rows)s rows after its heading "
        "(LOGISTICS_IMPORT_MAX_ROWS; blank rows count): split it into smaller files", limits.max_rows,
        rows=figure(limits.max_rows)))


def _too_long(limits: ImportLimits) -> Text:
    return EN_("a cell is longer than %(chars)s character (LOGISTICS_IMPORT_MAX_CELL_CHARS): is this "
               "really the sheet?", "a cell is longer than %(chars)s characters "
               "(LOGISTICS_IMPORT_MAX_CELL_CHARS): is this really the sheet?", limits.max_cell_chars,
               chars=figure(limits.max_cell_chars))


def cell_value(value):
    """Return an XLSX cell as text or a date: numbers as written (22.5, not 22.499999…)."""
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value
    return text(value)


def text(value) -> str:
    """Return an XLSX cell's value as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format_decimal(Decimal(repr(value))) if value == value and abs(value) != float("inf") \
            else str(value)
    return str(value)


def write_xlsx(target: IO[bytes], headings: list[str], rows: Iterable[list], sheet_title: str,
               more: Iterable[tuple[str, list[str], Iterable[list]]] = ()) -> None:
    """Write an XLSX workbook row by row (openpyxl's write-only mode: memory stays flat).

    ``more`` adds further sheets after the first: (title, headings, rows) each.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, heads, body in ((sheet_title, headings, rows), *more):
        _write_sheet(workbook, title, heads, body)
    workbook.save(target)


def _write_sheet(workbook, title: str, headings: list[str], rows: Iterable[list]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    sheet = workbook.create_sheet(title)
    sheet.append(headings)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value, ILLEGAL_CHARACTERS_RE))
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
            cells.append(cell)
        sheet.append(cells)


def _xlsx_value(value, illegal):
    if isinstance(value, Decimal):
        # A number the spreadsheet can add up, when a float holds it exactly; else exact text.
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else format_decimal(value)
    if isinstance(value, str):
        return illegal.sub("\ufffd", value)
    return value
