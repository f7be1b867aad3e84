"""Formulas saved without their result in an uploaded workbook: found, and refused naming the cell.

The import reads what a workbook last computed (openpyxl's ``data_only``). Excel saves that with
every formula, but openpyxl, scripts and some converters save a formula alone: such a cell reads
as empty, so a required cell was refused as missing and an optional one went in blank, without a
word about the formula. A scan for such a cell runs with the sheet's row count (``FormulaScan``,
a regular expression on the bytes read anyway); only when it finds one is the sheet parsed again
to say which cells (``unsaved_formulas``), so a workbook whose formulas have their results saved
costs no second parse. The refusal names the cell and shows the start of its formula.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from typing import NoReturn
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string, get_column_letter

from logistics.domain.texts import E_
from logistics.domain.transfer import ImportLimits, Refusal

FORMULA_SHOWN = 40  # characters of a formula a refusal shows (formulas run to thousands)
MAX_FOUND = 1_000  # formula cells without a result kept, in the sheet's order (the first refuses the file)
_SEAM = 512  # bytes of one chunk searched again with the next: a match may straddle them
_P = rb"(?:[A-Za-z_][\w.-]{0,40}:)?"  # a namespace prefix, as some writers add
_NO_VALUE = rb"\s{0,64}(?:<%(p)sv\s*/>|<%(p)sv\s*>\s{0,64}</%(p)sv>|</%(p)sc>)" % {b"p": _P}
# A formula (<f>…</f> or a shared <f …/>) followed by no value: an empty <v/>, or the cell's end.
_UNSAVED = re.compile(rb"(?:</%(p)sf>|<%(p)sf\b[^<>]{0,400}/>)%(none)s" % {b"p": _P, b"none": _NO_VALUE})
_CELL = re.compile(r"^([A-Za-z]{1,3})([0-9]{1,7})$")


class FormulaScan:
    """Watches a sheet's bytes, chunk by chunk, for a formula saved without its result."""

    def __init__(self):
        self.found = False
        self._last = b""

    def feed(self, chunk: bytes) -> None:
        """Look at the next chunk of the sheet's decompressed bytes."""
        if not self.found:
            seam = self._last[-_SEAM:] + chunk[:_SEAM]
            self.found = any(_formula_in(data) and _UNSAVED.search(data) for data in (chunk, seam))
        self._last = chunk


def _formula_in(data: bytes) -> bool:
    """Say whether bytes may hold a formula saved without its result: a plain search, far quicker
    than the expression. Such a formula ends "</f>" (or "<f>…" at a seam), or is a shared one's
    "<f t="shared" si="0"/>"."""
    return b"f>" in data or b"si=" in data


def unsaved_formulas(archive: zipfile.ZipFile, path: str, limits: ImportLimits,
                     refuse_entities: Callable[[str], NoReturn]) -> dict[int, dict[int, str]]:
    """Return the cells of a sheet holding a formula without its result: {row: {column: formula}}.

    The formula is cut to FORMULA_SHOWN characters. At most MAX_FOUND cells, the first in the
    sheet's order. A part declaring XML entities is refused by ``refuse_entities`` (the guard's).
    """
    finder = _Finder()
    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = finder.start, finder.end
    parser.CharacterDataHandler = finder.text
    parser.EntityDeclHandler = lambda *_declaration: refuse_entities(path)
    seen = 0
    with zipfile.ZipFile.open(archive, path) as part:
        while chunk := part.read(1 << 20):
            seen += len(chunk)
            if seen > limits.max_xlsx_bytes or finder.count >= MAX_FOUND:
                break  # the sheet's size was checked by the row count; what was found is enough
            parser.Parse(chunk, False)
    return finder.found


class _Finder:
    """expat's handlers, following rows and cells as openpyxl numbers them, noting unsaved formulas."""

    def __init__(self):
        self.found: dict[int, dict[int, str]] = {}
        self.count = 0
        self.row = self.column = 0
        self.formula: str | None = None  # the current cell's formula, as far as kept
        self.reading: str | None = None  # the element whose text is being read: "f" or "v"
        self.valued = False  # the current cell has a value (a result, or an inline string)
        self.text_result = False  # the current cell's result is text (t="str"): an empty one is a result

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        local = tag[tag.rfind(":") + 1:]
        if local == "row":
            number = attributes.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            self.column = 0
        elif local == "c":
            match = _CELL.match(attributes.get("r", ""))
            if match:
                self.row, self.column = int(match.group(2)), column_index_from_string(match.group(1))
            else:
                self.column += 1
            self.formula, self.reading, self.valued = None, None, False
            self.text_result = attributes.get("t") == "str"
        elif local == "f":
            self.formula, self.reading = "", "f"
        elif local == "v":
            self.reading = "v"
            # Excel and LibreOffice save a formula giving "" as t="str" with an empty <v>: its result.
            self.valued = self.valued or self.text_result
        elif local == "is":
            self.valued = True  # an inline string: a value, not a result to compute

    def text(self, data: str) -> None:
        if self.reading == "f" and self.formula is not None and len(self.formula) <= FORMULA_SHOWN:
            self.formula += data
        elif self.reading == "v" and data.strip():
            self.valued = True

    def end(self, tag: str) -> None:
        local = tag[tag.rfind(":") + 1:]
        if local in ("f", "v"):
            self.reading = None
        elif local == "c":
            if self.formula is not None and not self.valued and self.count < MAX_FOUND:
                self.found.setdefault(self.row, {})[self.column] = shown_formula(self.formula)
                self.count += 1
            self.formula = None


def shown_formula(formula: str) -> str:
    """Return a formula as a refusal shows it: with its "=", at most FORMULA_SHOWN characters."""
    shown = "=" + formula.strip()
    return shown if len(shown) <= FORMULA_SHOWN else shown[:FORMULA_SHOWN] + "…"


def formula_refusal(row: int, column: int, formula: str, headings: list[str]) -> Refusal:
    """Refuse a cell whose formula has no saved result, naming the cell and the start of its formula."""
    index = column - 1
    named = index < len(headings) and 0 < len(headings[index]) <= 40
    heading = headings[index] if named else E_("column %(number)s", number=column)
    return Refusal(row, heading, formula, E_(
        "cell %(cell)s holds the formula %(formula)s without its result: save the workbook with values "
        "(in a spreadsheet program, or copy the cells and paste values only), then import it again",
        cell=f"{get_column_letter(column)}{row}", formula=formula))
