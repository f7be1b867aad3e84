"""An import's rows: read from a sheet (raw cells, grouped by shipment), then checked (typed values).

Reading is the first of an import's four stages (read, check, plan, apply). It knows the
sheet's shape and nothing of the API's rules: it maps headings to columns, trims cells,
undoes the export's formula escaping, skips blank rows and gathers each shipment's rows,
which must stand together. What it refuses comes out as ``Refusal`` values among the
shipments, never as exceptions.

The second stage (``logistics.schemas.import_rows.check_shipment``) turns a ``RawShipment``
into an ``ImportShipment`` of typed values (enums, dates, Decimals, quantities), defined
here so that planning and applying need no schema.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple, Protocol

from logistics.domain.customs import Customs
from logistics.domain.transfer import (
    COLUMNS,
    HEADER_COLUMNS,
    LINE_NAMES,
    REQUIRED,
    Refusal,
    column_name,
    unescape_cell,
)
from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.money import Money
from logistics.units import ItemUnits, Normalized, Quantity, UnitReading

Cell = str | date  # what a sheet's cell holds once read: text, or a date typed in a workbook
MAX_LINES = 10_000  # lines in one shipment: the API's own limit


# -- read: columns, rows, shipments ---------------------------------------------------------------

@dataclass(frozen=True)
class Columns:
    """Where each known column stands in a sheet, the headings ignored, and why the headings are refused."""

    positions: Mapping[str, int]
    ignored: tuple[str, ...] = ()
    refusals: tuple[Refusal, ...] = ()


# The records made once per row or line (RawRow, LineValues, ImportLine) are NamedTuples, not
# frozen dataclasses: an import makes hundreds of thousands of them, and a NamedTuple is made in
# a third of the time (a frozen dataclass sets each field through object.__setattr__).
class RawRow(NamedTuple):
    """One non-blank row: its number (the heading row is 1) and its known cells, trimmed."""

    number: int
    cells: Mapping[str, Cell]
    header: tuple[Cell, ...]  # the shipment's cells (not the reference): equal on each of its rows
    has_line: bool  # False: the line cells are all empty (a shipment with no lines)


@dataclass(frozen=True)
class RawShipment:
    """The rows of one shipment, as read: together in the sheet, in their order."""

    reference: str  # upper case: it keys the shipment
    rows: tuple[RawRow, ...]


def read_columns(headings: Iterable[object]) -> Columns:
    """Map each known column to its position; refuse a missing or repeated one, ignore unknown ones."""
    optional = ", ".join(c for c in COLUMNS if c not in REQUIRED)
    return map_columns(headings, COLUMNS, REQUIRED,
                       f"the first row must name the columns {', '.join(REQUIRED)} (optional: {optional})")


def map_columns(headings: Iterable[object], known: Sequence[str], required: Sequence[str], naming: str,
                sheet: str | None = None) -> Columns:
    """Map a sheet's known columns to their positions; refuse a missing or repeated one, ignore unknown ones.

    ``naming`` ends the refusal of missing columns, saying what the first row must name;
    ``sheet`` names the sheet in the refusals (None: the shipments' sheet).
    """
    positions: dict[str, int] = {}
    ignored: list[str] = []
    refusals: list[Refusal] = []
    for index, heading in enumerate(headings):
        name = column_name(heading)
        if not name:
            continue
        if name not in known:
            ignored.append(str(heading))
        elif name in positions:
            refusals.append(Refusal(1, name, str(heading), "this column appears twice", sheet))
        else:
            positions[name] = index
    missing = [name for name in required if name not in positions]
    if missing:
        refusals.append(Refusal(1, None, ", ".join(missing),
                                f"missing column{'s' if len(missing) > 1 else ''}: {naming}", sheet))
    return Columns(positions, tuple(ignored), tuple(refusals))


def read_rows(rows: Iterable[tuple[int, list]], columns: Columns) -> Iterator[RawRow]:
    """Yield the non-blank rows of a sheet's (number, cells) with their known cells trimmed.

    A cell that an export escaped with a leading apostrophe (so that a spreadsheet would not
    run it as a formula) is read back as it was.
    """
    names = tuple(columns.positions)
    indexes = [columns.positions[name] for name in names]
    pick, width = _getter(indexes), max(indexes) + 1
    in_place = indexes == list(range(width))  # all columns known, in order: a row this wide is used as is
    header_names = tuple(name for name in names if name in HEADER_COLUMNS)
    header_of = _getter([index for index, name in enumerate(names) if name in HEADER_COLUMNS])
    own_names = tuple(name for name in names if name not in HEADER_COLUMNS)  # the reference, the line
    own_of = _getter([index for index, name in enumerate(names) if name not in HEADER_COLUMNS])
    line_of = _getter([index for index, name in enumerate(names) if name in LINE_NAMES])
    last: tuple = ()
    shared: dict[str, Cell] = {}  # the header cells of the shipment's first row, by column
    for number, cells in rows:
        picked: Sequence = cells
        if not in_place or len(cells) != width:  # unknown columns, or a row shorter or longer
            if len(cells) < width:
                cells = list(cells) + [""] * (width - len(cells))
            picked = pick(cells)
        try:
            cleaned = list(map(str.strip, picked))  # a CSV row is all text: trimmed in C
        except TypeError:  # a workbook's row may hold numbers and dates: trim its text cells only
            cleaned = [value.strip() if value.__class__ is str else value for value in picked]
        if not any(cleaned):
            continue  # a blank row (spreadsheets keep a few at the end)
        try:
            quoted = "'" in "".join(cleaned)  # a CSV row is all text: one search, in C
        except TypeError:  # a workbook's row may hold dates: look at its text cells
            quoted = any(value[:1] == "'" for value in cleaned if value.__class__ is str)
        if quoted:
            cleaned = [unescape_cell(value) if value.__class__ is str else value for value in cleaned]
        header = header_of(cleaned)
        if header == last:  # the shipment's cells repeat on each of its lines: keep one copy of them
            header = last
            values = shared.copy()  # a copy of a dict is made in C: cheaper than pairing 24 cells again
            values.update(zip(own_names, own_of(cleaned), strict=True))
        else:
            values = dict(zip(names, cleaned, strict=True))
            shared = dict(zip(header_names, header, strict=True))
            last = header
        yield RawRow(number, values, header, any(line_of(cleaned)))


def group_shipments(rows: Iterable[RawRow]) -> Iterator[RawShipment | Refusal]:
    """Gather consecutive rows of one reference into a shipment; refuse rows without one or out of place.

    A shipment of more than MAX_LINES rows is refused at the row past the limit, and its rows
    are let go: a sheet of one reference repeated is never held whole.
    """
    seen: dict[str, int] = {}  # reference -> its first row
    reference, overflowing = "", False
    group: list[RawRow] = []
    for row in rows:
        key = str(row.cells["reference"]).upper()
        if not key:
            yield Refusal(row.number, "reference", "",
                          "give the shipment's reference (e.g. OUT-2020-0042): it keys the shipment, "
                          "so a second import changes nothing")
            continue
        if key == reference:
            if len(group) == MAX_LINES:
                yield Refusal(row.number, "reference", key,
                              f"shipment {key} has more than {MAX_LINES:,} rows, the most a shipment may "
                              "have lines: split it into several shipments")
                group, overflowing = [], True  # the shipment is refused: its rows are let go
            if not overflowing:
                group.append(row)
            continue
        if group:
            yield RawShipment(reference, tuple(group))
        reference, group = "", []
        if key in seen:
            yield Refusal(row.number, "reference", key,
                          f"the rows of shipment {key} must be together: it first appears in "
                          f"row {seen[key]} (sort the sheet by reference)")
            continue
        seen[key] = row.number
        reference, group, overflowing = key, [row], False
    if group:
        yield RawShipment(reference, tuple(group))


def _getter(indexes: list[int]) -> Callable[[list], tuple]:
    """Return a function taking the cells at these positions from a row, always as a tuple."""
    if not indexes:
        return lambda cells: ()
    getter = itemgetter(*indexes)
    return getter if len(indexes) > 1 else (lambda cells: (getter(cells),))


# -- check's result: typed values -----------------------------------------------------------------

@dataclass(frozen=True)
class ItemRef:
    """An item of the catalogue as a check needs it: its id, SKU and what it can be measured in."""

    id: int
    sku: str
    units: ItemUnits
    # What each unit token meant for this item (``units.measure``), kept as long as this reference:
    # a catalogue reads each item once per import, and nothing changes its units meanwhile.
    readings: dict[str, UnitReading] = field(default_factory=dict, compare=False, repr=False)


class OrganizationRef(NamedTuple):
    """An organisation as a check needs it: its id, and what may stop it being a counterparty."""

    id: int
    name: str
    kind: str


class Catalogue(Protocol):
    """What a check looks up: items by SKU, organisations by id or by name."""

    def item(self, sku: str) -> ItemRef | None:
        """Return the item with this SKU, or None."""

    def organization(self, key: int | str) -> OrganizationRef | None:
        """Return the organisation with this id (an int) or this name (a str), or None."""


@dataclass(frozen=True)
class ShipmentHeader(Customs):
    """A shipment's own columns, checked: what an import creates or compares with the stored shipment."""

    reference: str
    status: Status
    direction: Direction
    kind: Kind
    counterparty_id: int
    origin_country: str
    origin_place: str | None
    destination_country: str
    destination_place: str | None
    carrier: str | None
    transport_mode: TransportMode | None
    tracking_number: str | None
    planned_departure: date | None
    expected_arrival: date | None
    notes: str | None
    # Actual dates (from the history, domain/timeline.py): kept by a new shipment, compared on a stored one.
    dispatched_at: datetime | None = None
    delivered_at: datetime | None = None
    received_at: datetime | None = None


class LineValues(NamedTuple):
    """What one line holds, typed; two lines with equal values store the same columns."""

    line_no: int
    item_id: int
    quantity: Quantity  # as kept: its unit spelled as stored (``units.measure``)
    normalized: Normalized
    lot: str | None
    expiry: date | None
    value: Money | None  # the declared value
    country_of_origin: str | None
    net_mass: Quantity | None  # as kept (its unit spelled as stored)
    net_mass_kg: Decimal | None  # exact to a millionth of a kg
    received: Quantity | None  # what arrived, as kept (None until received)
    received_base: Decimal | None  # what arrived in the line's canonical unit, exact to a millionth
    received_note: str | None
    received_reason: str | None = None  # domain/receipt.py's DiscrepancyReason, by value


class ImportLine(NamedTuple):
    """A checked line: the row it came from and its values."""

    row: int
    values: LineValues

    @property
    def line_no(self) -> int:
        """Return the line's number in its shipment."""
        return self.values.line_no


@dataclass(frozen=True)
class ImportShipment:
    """A shipment whose every row was accepted: its columns once, then its lines."""

    first_row: int
    header: ShipmentHeader
    lines: tuple[ImportLine, ...]

    @property
    def reference(self) -> str:
        """Return the reference that keys the shipment."""
        return self.header.reference


# The check stage, as the use case receives it: a RawShipment in, a shipment or its refusals out.
Check = Callable[[RawShipment, Catalogue], ImportShipment | tuple[Refusal, ...]]
