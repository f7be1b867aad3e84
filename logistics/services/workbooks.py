"""Reading an uploaded XLSX workbook within limits, and refusing one that cannot be read.

openpyxl's read-only mode streams a worksheet, but trusts the archive around it: a zip bomb,
a corrupt deflate stream, an encrypted or oddly compressed part, a worksheet whose one cell
holds 200 MiB or a row of millions of cells cost it time and memory, or raise whatever its
parsers raise. So the archive is checked first from its central directory (how many parts,
how compressed, encrypted or not, their sizes added up), and every part openpyxl then reads
goes through a guard that counts the bytes really decompressed (headers can lie), refuses a
run of text or a tag longer than any cell may be before a parser holds it, and counts shared
strings and the cells of each row with a streaming parser of its own (expat, entities
refused). The shared strings are counted before openpyxl reads them (about 2 µs a string,
against its 15). Any failure while opening or reading is a ``FileRefused``.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from functools import lru_cache
from typing import IO, NoReturn
from xml.parsers import expat

from logistics.domain.texts import E_, EN_, Text, figure, message_of
from logistics.domain.transfer import ImportLimits, Refusal, excerpt
from logistics.services.spreadsheets import FileRefused, Sheet, cell_value, check_cells, text, too_many_rows
from logistics.services.workbook_formulas import FormulaScan, formula_refusal, unsaved_formulas

MAX_PARTS = 10_000  # a workbook has a few dozen parts; a zip of millions of empty ones costs memory to list
MAX_DIRECTORY_BYTES = 4 << 20  # the central directory read to list them
MAX_CELLS_PER_ROW = 16_384  # Excel's own column limit
_TAG_BYTES = 4_096  # a tag with its attributes, at most, besides the text a cell may hold
_BYTES_PER_CHAR = 10  # the longest way XML writes one character: &#1114111;


class WorkbookRefused(Exception):
    """Why a workbook cannot be read: a short reason, said by ``not_read``."""


def not_read(reason: str) -> Text:
    """Say that the file is no workbook we can read, and why (``reason`` may be a Text)."""
    return E_("the file could not be read as an XLSX workbook: %(reason)s", reason=reason)


def open_xlsx(stream: IO[bytes], limits: ImportLimits) -> Sheet:
    """Open the first worksheet of a workbook to read row by row, within ``limits``."""
    found = _open(stream, limits, None)
    assert found is not None  # the first sheet is always there, or the workbook was refused
    return found


def open_named_sheet(stream: IO[bytes], limits: ImportLimits, name: str) -> Sheet | None:
    """Open the worksheet of this name (the export's "Packages"), within ``limits``; None if there is none."""
    stream.seek(0)
    return _open(stream, limits, name)


def _open(stream: IO[bytes], limits: ImportLimits, name: str | None) -> Sheet | None:
    """Open the first worksheet, or the one named, row by row within ``limits`` (None: no such sheet)."""
    from openpyxl.reader.excel import ExcelReader

    try:
        archive = GuardedZip(stream, limits)
        _count_shared_strings(archive)
        reader = ExcelReader(stream, read_only=True, data_only=True)
        reader.archive = archive  # every part openpyxl reads now goes through the guard
        reader.read()
        if not reader.wb.worksheets:
            raise WorkbookRefused(E_("it holds no worksheet"))
        if name is not None and name not in reader.wb.sheetnames:
            archive.close()
            return None
        sheet = reader.wb[name] if name is not None else reader.wb.worksheets[0]
        unsaved = _count_rows(archive, sheet)  # formulas saved without their result, by row and column
        declared_rows = sheet.max_row
        # A dimension ("A1:XFD1048576") may lie: openpyxl would pad every row and the sheet to it.
        sheet.reset_dimensions()
        first = sheet.iter_rows(max_row=1, values_only=True)
        headings = [text(cell) for cell in next(first, ())]
        first.close()
        _refuse_formulas(1, unsaved, len(headings), headings)
        check_cells(1, headings, headings, limits)
    except FileRefused:
        raise
    except Exception as error:  # a hostile file can make any parser raise anything
        raise FileRefused(Refusal(1, None, None, not_read(_reason(error)))) from None
    # Cells right of the last heading belong to no column: they are not padded out nor kept.
    width = max((index + 1 for index, heading in enumerate(headings) if heading.strip()), default=1)
    values = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    state = {"row": 1}

    def rows():
        try:
            for cells in values:
                state["row"] += 1
                if state["row"] > limits.max_rows + 1:
                    raise FileRefused(too_many_rows(state["row"], limits))
                row = [cell_value(cell) for cell in cells]
                if unsaved:
                    _refuse_formulas(state["row"], unsaved, width, headings)
                check_cells(state["row"], row, headings, limits)
                yield state["row"], row
        except FileRefused:
            raise
        except Exception as error:  # as above: whatever stops the reading is a refusal
            raise FileRefused(Refusal(state["row"] + 1, None, None, not_read(_reason(error)))) from None

    def close() -> None:
        values.close()
        archive.close()

    return Sheet(headings, rows(), lambda: (state["row"], declared_rows), close)


class GuardedZip(zipfile.ZipFile):
    """A workbook's archive, checked from its directory, whose parts are read through ``GuardedPart``."""

    def __init__(self, stream: IO[bytes], limits: ImportLimits):
        _check_directory(stream)
        super().__init__(stream)
        self.limits = limits
        self.left = limits.max_xlsx_bytes  # decompressed bytes still allowed, over every part read
        _check_parts(self.infolist(), limits)

    def open(self, name, mode="r", pwd=None, *, force_zip64=False):
        """Open a part to read through the guard."""
        if mode != "r":
            raise WorkbookRefused(E_("it was opened for writing"))
        part = super().open(name, mode, pwd)
        return GuardedPart(part, name.filename if isinstance(name, zipfile.ZipInfo) else name, self)

    def open_unbudgeted(self, name: str) -> GuardedPart:
        """Open a part for a first look of the guard's own (its declared size still bounds it)."""
        return GuardedPart(super().open(name), name, self, budget=False)


class GuardedPart(io.BufferedIOBase):
    """One part of a workbook as it is decompressed: counted, its text runs bounded, its XML counted."""

    def __init__(self, raw: IO[bytes], name: str, archive: GuardedZip, *, budget: bool = True):
        super().__init__()
        self._raw, self._name, self._archive, self._budget = raw, name, archive, budget
        self._gap = _BYTES_PER_CHAR * archive.limits.max_cell_chars + _TAG_BYTES
        self._since = 0  # bytes since the last "<"
        self._counter = XmlCounter(name, archive.limits) if name.lower().endswith(".xml") else None

    def readable(self) -> bool:
        """Say that the part can be read."""
        return True

    def read(self, size: int | None = -1) -> bytes:
        """Read up to ``size`` decompressed bytes (all, in bounded steps, without one)."""
        if size is None or size < 0:
            chunks = []
            while chunk := self.read(1 << 16):
                chunks.append(chunk)
            return b"".join(chunks)
        data = self._raw.read(min(size, 1 << 20))
        if self._budget:
            self._archive.left -= len(data)
            if self._archive.left < 0:
                raise WorkbookRefused(_too_big(self._archive.limits, None))
        self._check_runs(data)
        if self._counter is not None:
            self._counter.feed(data, final=not data)
        return data

    def read1(self, size: int = -1) -> bytes:
        """Read up to ``size`` bytes."""
        return self.read(size if size >= 0 else 1 << 16)

    def close(self) -> None:
        """Close the part."""
        self._raw.close()
        super().close()

    def _check_runs(self, data: bytes) -> None:
        """Refuse text or a tag longer than a cell may be, before any parser holds it in memory."""
        first = data.find(b"<")
        if first < 0:
            self._since += len(data)
        elif self._since + first > self._gap or _long_run(self._gap).search(data, first):
            self._since = self._gap + 1
        else:
            self._since = len(data) - data.rfind(b"<") - 1
        if self._since > self._gap:
            chars = self._archive.limits.max_cell_chars
            raise WorkbookRefused(EN_("its part %(part)s holds a text longer than a cell may be (%(chars)s "
                                      "character, LOGISTICS_IMPORT_MAX_CELL_CHARS)", "its part %(part)s "
                                      "holds a text longer than a cell may be (%(chars)s characters, "
                                      "LOGISTICS_IMPORT_MAX_CELL_CHARS)", chars, part=excerpt(self._name, 60),
                                      chars=figure(chars)))


@lru_cache(maxsize=8)
def _long_run(gap: int) -> re.Pattern[bytes]:
    # Anchored at "<": each byte is looked at once, however long the runs.
    return re.compile(rb"<[^<]{%d}" % (gap + 1))


class XmlCounter:
    """Counts a part's shared strings and each row's cells as its XML streams by (expat, no entities)."""

    def __init__(self, name: str, limits: ImportLimits):
        self._name, self._limits = name, limits
        self.strings = 0
        self.cells = 0
        self.rows = 0
        self._parser = expat.ParserCreate()
        self._parser.StartElementHandler = self._start
        self._parser.EntityDeclHandler = self._entity

    def feed(self, data: bytes, final: bool = False) -> None:
        """Parse the next bytes of the part."""
        try:
            self._parser.Parse(data, final)
        except expat.ExpatError as error:
            name = excerpt(self._name, 60)
            raise WorkbookRefused(E_("its part %(part)s is not well-formed XML (%(detail)s)", part=name,
                                     detail=str(error))) from None

    def _start(self, tag: str, _attributes: object) -> None:
        local = tag[tag.rfind(":") + 1:]
        if local == "c":
            self.cells += 1
            if self.cells > MAX_CELLS_PER_ROW:
                raise WorkbookRefused(EN_("a row holds more than %(cells)s cell, Excel's own limit",
                                          "a row holds more than %(cells)s cells, Excel's own limit",
                                          MAX_CELLS_PER_ROW, cells=figure(MAX_CELLS_PER_ROW)))
        elif local == "row":
            self.cells = 0
            self.rows += 1
            if self.rows > self._limits.max_rows + 1:  # the heading's row, then max_rows
                raise FileRefused(too_many_rows(self.rows, self._limits))
        elif local == "si":
            self.strings += 1
            if self.strings > self._limits.max_shared_strings:
                most = self._limits.max_shared_strings
                raise WorkbookRefused(EN_(
                    "it holds more than %(strings)s shared string (LOGISTICS_IMPORT_MAX_SHARED_STRINGS): "
                    "save a smaller sheet, or as CSV UTF-8", "it holds more than %(strings)s shared strings "
                    "(LOGISTICS_IMPORT_MAX_SHARED_STRINGS): save a smaller sheet, or as CSV UTF-8", most,
                    strings=figure(most)))

    def _entity(self, *_declaration: object) -> None:
        entities_refused(self._name)


def entities_refused(part: str) -> NoReturn:
    """Refuse a part that declares XML entities (expat would expand them: a billion laughs)."""
    raise WorkbookRefused(E_("its part %(part)s declares XML entities, which no workbook needs (refused "
                             "rather than expanded)", part=excerpt(part, 60)))


def _count_shared_strings(archive: GuardedZip) -> None:
    """Count the shared strings before openpyxl reads them: a table of millions is refused in seconds."""
    for name in archive.namelist():
        if name.lower().endswith("sharedstrings.xml"):
            with archive.open_unbudgeted(name) as part:
                while part.read(1 << 16):
                    pass


def _refuse_formulas(row: int, unsaved: dict[int, dict[int, str]], width: int, headings: list[str]) -> None:
    """Refuse the row's first cell (of the columns read) holding a formula saved without its result."""
    for column, formula in sorted(unsaved.get(row, {}).items()):
        if column <= width:
            raise FileRefused(formula_refusal(row, column, formula, headings))


def _count_rows(archive: GuardedZip, sheet: object) -> dict[int, dict[int, str]]:
    """Count the sheet's rows before any is checked: a sheet past the row limit is refused in seconds.

    Checking a row costs far more than parsing it (a shipment's cells through the API's rules), so a
    million-row sheet used to be checked up to the limit before its refusal. The count is a scan for
    row tags in the decompressed bytes (within the archive's byte budget), not an XML parse: the
    reading that follows parses and checks the part through the guard anyway. The same bytes are
    scanned for formulas saved without their result; the cells holding them are returned.
    """
    path = getattr(sheet, "_worksheet_path", None)  # openpyxl's read-only sheet names its part
    if not isinstance(path, str):
        return {}
    limits, rows, tail, seen, formulas = archive.limits, 0, b"", 0, FormulaScan()
    with zipfile.ZipFile.open(archive, path) as part:
        while chunk := part.read(1 << 20):
            seen += len(chunk)
            if seen > limits.max_xlsx_bytes:
                raise WorkbookRefused(_too_big(limits, None))
            formulas.feed(chunk)
            data = tail + chunk
            # A tag cut by the chunk's end is counted with the next chunk; a "<" far back is complete.
            cut = data.rfind(b"<", max(0, len(data) - 64))
            cut = len(data) if cut < 0 else cut
            rows += len(_ROW_TAG.findall(data, 0, cut))
            tail = data[cut:]
            if rows > limits.max_rows + 1:  # the heading's row, then max_rows
                raise FileRefused(too_many_rows(rows, limits))
    rows += len(_ROW_TAG.findall(tail))
    if rows > limits.max_rows + 1:
        raise FileRefused(too_many_rows(rows, limits))
    return unsaved_formulas(archive, path, limits, entities_refused) if formulas.found else {}


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,40}:)?row[\s/>]")


def _check_directory(stream: IO[bytes]) -> None:
    """Refuse an archive whose end record is missing or lists more parts than a workbook has."""
    start = stream.tell()
    size = stream.seek(0, io.SEEK_END)
    stream.seek(max(0, size - 65_557))  # the end record (22 bytes) and the longest comment
    tail = stream.read()
    stream.seek(start)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise WorkbookRefused(E_("it is not a complete zip archive (its end is missing: was the upload cut "
                                 "short?)"))
    *_, total, directory_size, _offset, _comment = struct.unpack("<4s4H2LH", tail[at:at + 22])
    if total > MAX_PARTS or directory_size > MAX_DIRECTORY_BYTES:
        raise WorkbookRefused(EN_("its archive lists %(parts)s part in %(size)s bytes; a workbook has a few "
                                  "dozen (at most %(most)s are read)", "its archive lists %(parts)s parts in "
                                  "%(size)s bytes; a workbook has a few dozen (at most %(most)s are read)",
                                  total, parts=figure(total), size=figure(directory_size),
                                  most=figure(MAX_PARTS)))


def _check_parts(parts: list[zipfile.ZipInfo], limits: ImportLimits) -> None:
    """Refuse encrypted parts, compression no spreadsheet writes, and more bytes than the limit."""
    for part in parts:
        name = excerpt(part.filename, 60)
        if part.flag_bits & 0x1:
            raise WorkbookRefused(E_("its part %(part)s is encrypted: save the workbook without a password",
                                     part=name))
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookRefused(E_("its part %(part)s is compressed with method %(method)s, which "
                                     "spreadsheet programs do not write (only stored or deflated)", part=name,
                                     method=part.compress_type))
    total = sum(part.file_size for part in parts)
    if total > limits.max_xlsx_bytes:
        raise WorkbookRefused(_too_big(limits, total))
    if "[Content_Types].xml" not in {part.filename for part in parts}:
        raise WorkbookRefused(E_("it is a zip archive with no workbook in it ([Content_Types].xml is "
                                 "missing): save the sheet as an Excel workbook (.xlsx)"))


def _too_big(limits: ImportLimits, total: int | None) -> Text:
    most = format(limits.max_xlsx_bytes / (1 << 20), "g")
    if total is None:
        return E_("it decompresses to more than %(most)s MB (LOGISTICS_IMPORT_MAX_XLSX_MB): save a smaller "
                  "sheet, or as CSV UTF-8", most=most)
    return E_("it decompresses to more than %(most)s MB (%(size)s MB) (LOGISTICS_IMPORT_MAX_XLSX_MB): save a "
              "smaller sheet, or as CSV UTF-8", most=most, size=format(total / (1 << 20), ",.0f"))


def _reason(error: BaseException) -> str:
    """Say shortly why a workbook could not be read, from whatever its readers raised."""
    if isinstance(error, WorkbookRefused):
        return message_of(error)
    said = excerpt((str(error).strip().splitlines() or [""])[0], 160) or type(error).__name__
    if isinstance(error, ValueError) and error.__cause__ is not None and said.startswith("Unable to read"):
        # openpyxl's own wrapper: "Unable to read workbook: could not read stylesheet from <…>"
        action = said.split("could not ", 1)[-1].split(" from ", 1)[0]
        return E_("could not %(action)s: %(reason)s", action=action, reason=_reason(error.__cause__))
    if isinstance(error, zlib.error):
        return E_("a compressed part is corrupt (%(detail)s)", detail=said)
    if isinstance(error, zipfile.BadZipFile):
        return E_("the zip archive is damaged (%(detail)s)", detail=said)
    if isinstance(error, KeyError):
        return E_("a part it needs is missing (%(detail)s)", detail=said)
    if isinstance(error, SyntaxError):  # ElementTree's ParseError
        return E_("its XML is broken (%(detail)s)", detail=said)
    if isinstance(error, (TypeError, AttributeError, IndexError)):  # openpyxl met values of the wrong kind
        return E_("its content is not what a workbook holds (%(error)s: %(detail)s)",
                  error=type(error).__name__, detail=said)
    return f"{said} ({type(error).__name__})" if said != type(error).__name__ else said
