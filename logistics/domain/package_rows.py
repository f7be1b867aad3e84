"""The "Packages" sheet read back: its columns, rows grouped into packages, each cell checked.

One row per package and line it holds (a package holding no goods: one row, line cells empty),
as the export writes it (services/package_exports.py). A package's own cells (type, parent,
SSCC, gross mass, dimensions) repeat on each of its rows and must agree; its rows are together.
Plain rules, no database: what needs the stored shipments, lines and packages (does the
reference exist, is the line there, is it over-packed) is the service's (services/package_imports.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from logistics.domain.import_rows import Columns, map_columns
from logistics.domain.inputs import whole_number
from logistics.domain.package_numbers import NumberError, check_sscc
from logistics.domain.packages import MAX_CONTENTS, MAX_DEPTH, MAX_DIMENSION_MM, TYPE_CODE_PATTERN
from logistics.domain.transfer import Refusal, column_name, unescape_cell
from logistics.units import Quantity, QuantityError, parse_quantity

SHEET = "Packages"
COLUMNS = ("reference", "package", "sscc", "type", "parent", "gross_mass", "length_mm", "width_mm",
           "height_mm", "line_no", "quantity")
REQUIRED = ("reference", "package", "type")
OWN = ("sscc", "type", "parent", "gross_mass", "length_mm", "width_mm", "height_mm")  # repeat per row
SIDES = ("length_mm", "width_mm", "height_mm")
_NUMBER = re.compile(r"PKG-[0-9]{1,18}|[0-9]{18}")
_TYPE = re.compile(TYPE_CODE_PATTERN)


@dataclass(frozen=True)
class ImportContent:
    """A quantity of one line (by its number as printed) in a package, from one row."""

    row: int
    line_no: int
    quantity: Quantity


@dataclass(frozen=True)
class ImportPackage:
    """One package of the sheet, its cells checked for form; ``row`` is its first row."""

    row: int
    reference: str
    number: str
    type: str
    sscc: str | None = None
    parent: str | None = None
    gross_mass: Quantity | None = None
    dimensions_mm: tuple[int, int, int] | None = None
    contents: tuple[ImportContent, ...] = ()


def refusal(row: int, column: str | None, value: object, reason: str) -> Refusal:
    """Return a refusal of a cell of the Packages sheet."""
    return Refusal(row, column, None if value is None else str(value), reason, SHEET)


def read_package_columns(headings: Iterable[object]) -> Columns:
    """Map each known column of the Packages sheet to its position; refuse missing or repeated ones."""
    naming = f"the Packages sheet names the columns {', '.join(COLUMNS)} ({', '.join(REQUIRED)} required)"
    return map_columns(headings, COLUMNS, REQUIRED, naming, SHEET)


def is_package_sheet(headings: Iterable[object]) -> bool:
    """Say whether headings are the Packages sheet's (a CSV of packages), not the shipments'."""
    names = {column_name(heading) for heading in headings}
    return {"package", "type", "reference"} <= names and "direction" not in names


def read_packages(rows: Iterable[tuple[int, list]], columns: Columns) -> Iterator[ImportPackage | Refusal]:
    """Group consecutive rows of one package and check them: a package, or the refusals of its cells."""
    seen: dict[tuple[str, str], int] = {}
    key: tuple[str, str] | None = None
    group: list[tuple[int, dict]] = []
    for number, raw in rows:
        cells = {name: _cell(raw, index) for name, index in columns.positions.items()}
        if not any(cells.values()):
            continue  # a blank row
        this = (cells.get("reference", "").upper(), cells.get("package", "").upper())
        if this == key:
            group.append((number, cells))
            continue
        if group:
            yield from check_package(group)
        group, key = [], None
        if this in seen and all(this):
            yield refusal(number, "package", this[1], f"the rows of package {this[1]} must be together: "
                                                      f"it first appears in row {seen[this]}")
            continue
        seen[this] = number
        key, group = this, [(number, cells)]
    if group:
        yield from check_package(group)


def _cell(raw: list, index: int) -> str:
    value = raw[index] if index < len(raw) else ""
    text = "" if value is None else str(value).strip()
    return unescape_cell(text) if text[:1] == "'" else text


def check_package(rows: list[tuple[int, dict]]) -> list[ImportPackage | Refusal]:
    """Check one package's rows: its own cells (equal on every row) and each row's content."""
    first, cells = rows[0]
    refused: list[Refusal] = []
    reference, number = cells.get("reference", "").upper(), cells.get("package", "").upper()
    if not reference:
        refused.append(refusal(first, "reference", "", "give the shipment's reference (e.g. OUT-2020-0042)"))
    if not _NUMBER.fullmatch(number):
        refused.append(refusal(first, "package", number, "a package number is PKG- and digits "
                                                         "(PKG-00000001) or an SSCC of 18 digits"))
    for row, other in rows[1:]:
        for name in OWN:
            if other.get(name, "") != cells.get(name, ""):
                refused.append(refusal(row, name, other.get(name, ""),
                                       f"differs from row {first}, the first of package {number}: a "
                                       "package's own cells are the same on each of its rows"))
    code = cells.get("type", "").lower()
    if not _TYPE.fullmatch(code):
        refused.append(refusal(first, "type", code, "give the package type's code (pallet, carton, box, "
                                                    "crate, drum, bag, or one an admin added)"))
    sscc = None
    if cells.get("sscc"):
        try:
            sscc = check_sscc(cells["sscc"])
        except NumberError as error:
            refused.append(refusal(first, "sscc", cells["sscc"], str(error)))
    if number.isdigit() and sscc != number and not any(r.column == "sscc" for r in refused):
        refused.append(refusal(first, "sscc", cells.get("sscc", ""),
                               f"a package numbered by its SSCC gives the same SSCC here ({number})"))
    parent = cells.get("parent", "").upper() or None
    if parent is not None and not _NUMBER.fullmatch(parent):
        refused.append(refusal(first, "parent", parent, "the number of the package it is on (PKG-00000001 "
                                                        "or an SSCC), or empty"))
    elif parent is not None and parent == number:
        refused.append(refusal(first, "parent", parent, "a package cannot be on itself"))
    mass = None
    if cells.get("gross_mass"):
        try:
            mass = parse_quantity(cells["gross_mass"])
        except QuantityError as error:
            refused.append(refusal(first, "gross_mass", cells["gross_mass"], f"{error} (e.g. 310.5 kg)"))
    dimensions = _dimensions(first, [cells.get(name, "") for name in SIDES], refused)
    contents = _contents(rows, number, refused)
    if refused:
        return list(refused)
    return [ImportPackage(first, reference, number, code, sscc, parent, mass, dimensions, contents)]


def _dimensions(row: int, sides: list[str], refused: list[Refusal]) -> tuple[int, int, int] | None:
    """Return length, width and height in mm (all or none given), refusing what is not a whole mm."""
    if not any(sides):
        return None
    found = [whole_number(side, max_digits=6) or 0 for side in sides]
    for name, side, value in zip(SIDES, sides, found, strict=True):
        if not 0 < value <= MAX_DIMENSION_MM:
            refused.append(refusal(row, name, side, f"give length, width and height, each a whole "
                                                    f"number of mm from 1 to {MAX_DIMENSION_MM:,}"))
    return (found[0], found[1], found[2])


def _contents(rows: list[tuple[int, dict]], number: str, refused: list[Refusal]) -> tuple[ImportContent, ...]:
    """Return the contents a package's rows give (a row without line cells holds none)."""
    contents: list[ImportContent] = []
    lines: dict[int, int] = {}
    for row, cells in rows:
        line, text = cells.get("line_no", ""), cells.get("quantity", "")
        if not line and not text:
            continue
        line_no = whole_number(line, max_digits=6)
        if line_no is None or line_no < 1:
            refused.append(refusal(row, "line_no", line, "give the number of the shipment's line this row "
                                                         "packs (1, 2, ...), with its quantity"))
            continue
        if line_no in lines:
            refused.append(refusal(row, "line_no", line, f"line {line_no} is in package {number} already "
                                                         f"(row {lines[line_no]}): add the quantities up"))
            continue
        lines[line_no] = row
        try:
            contents.append(ImportContent(row, line_no, parse_quantity(text)))
        except QuantityError as error:
            refused.append(refusal(row, "quantity", text, f"{error} (e.g. 4 box)"))
    if len(lines) > MAX_CONTENTS:
        refused.append(refusal(rows[0][0], "line_no", None, f"package {number} holds {len(lines)} lines; "
                                                            f"at most {MAX_CONTENTS} directly"))
    return tuple(contents)


def check_nesting(packages: Mapping[str, ImportPackage],
                  stored: Mapping[str, tuple[str, int]]) -> list[Refusal]:
    """Refuse a parent that is not a package of the same shipment, a circle, or nesting too deep.

    ``stored``: stored packages the sheet names as parents, by number -> (their shipment's
    reference, how deep they sit).
    """
    refusals: list[Refusal] = []
    for package in packages.values():
        depth, seen, current = 1, {package.number}, package
        while current.parent is not None:
            above = packages.get(current.parent)
            if above is None:
                held = stored.get(current.parent)
                if held is None or held[0] != package.reference:
                    if current is package:
                        refusals.append(refusal(package.row, "parent", package.parent,
                                                f"no package {package.parent} on {package.reference}, in "
                                                "this sheet or stored"))
                    break
                depth += held[1]
                break
            if above.reference != package.reference:
                if current is package:
                    refusals.append(refusal(package.row, "parent", package.parent,
                                            f"package {above.number} is on shipment {above.reference}: a "
                                            "package nests only in a package of the same shipment"))
                break
            if above.number in seen:
                refusals.append(refusal(package.row, "parent", package.parent,
                                        "these packages are on each other in a circle"))
                break
            seen.add(above.number)
            depth += 1
            current = above
        if depth > MAX_DEPTH:
            refusals.append(refusal(package.row, "parent", package.parent,
                                    f"{depth} levels deep: packages nest at most {MAX_DEPTH} levels "
                                    "(pallet > carton > box)"))
    return refusals
