"""A shipment's typed contracts between the layers: the read view and the write commands.

Reading: services/totals.py builds a ``ShipmentView`` (header, ``Counterparty``, ``Place``s,
``LineView``s with their ``LineQuantities``, ``ShipmentTotals`` and ``allowed_next``, the moves
the reading actor may make) from a stored shipment, and a list's ``ShipmentSummary`` shares its
header (``ShipmentHead``); the API's schemas, the pages and the documents format them.

Writing: the input schemas' ``post_load`` builds the commands (``CreateShipment``,
``UpdateShipment``, ``AddLine``, ``UpdateLine``, ``RecordEvent`` with ``ReceivedLine``s) and
the services take them; the pages build theirs through the same schemas. A partial change
(``UpdateShipment``, ``UpdateLine``) names the fields that were given in ``given``: a field
given as null clears it, a field not given stays.

Every value is typed (Decimal, Quantity, enums, dates, ids); nothing is a formatted string.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from logistics.countries import country_name
from logistics.domain.customs import Customs, Incoterm
from logistics.domain.package_receipt import MarkPackage
from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.totals import LineQuantities, Received, ShipmentTotals
from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.money import Money
from logistics.units import Normalized, Quantity

# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A country (ISO 3166-1 alpha-2) and optionally a place in it."""

    country: str
    place: str | None = None

    @property
    def country_name(self) -> str | None:
        """Return the country's English short name."""
        return country_name(self.country)


@dataclass(frozen=True)
class Counterparty:
    """The organisation at the other end of a shipment."""

    id: int
    name: str
    country: str


@dataclass(frozen=True)
class LineView:
    """One line as clients read it: its item, its quantities, lot, expiry, value and receipt note."""

    id: int
    line_no: int
    item_id: int
    sku: str
    name: str
    quantities: LineQuantities
    lot: str | None = None
    expiry: date | None = None
    value: Money | None = None  # the declared value
    country_of_origin: str | None = None
    net_mass: Quantity | None = None  # as entered
    net_mass_kg: Decimal | None = None
    received_note: str | None = None
    received_reason: DiscrepancyReason | None = None

    @property
    def over_receipt(self) -> bool:
        """Say whether more arrived than was sent (flagged wherever the receipt shows)."""
        return self.discrepancy is not None and self.discrepancy.value > 0

    @property
    def quantity(self) -> Quantity:
        """Return the quantity as entered."""
        return self.quantities.quantity

    @property
    def normalized(self) -> Normalized:
        """Return the quantity in the item's canonical unit."""
        return self.quantities.normalized

    @property
    def estimated(self) -> Quantity | None:
        """Return the estimate in the other dimension, if the item's unit mass allows one."""
        return self.quantities.estimated

    @property
    def received(self) -> Received | None:
        """Return what arrived, once received."""
        return self.quantities.received

    @property
    def discrepancy(self) -> Quantity | None:
        """Return what arrived minus what was sent, once received."""
        return self.quantities.discrepancy


@dataclass(frozen=True, kw_only=True)
class ShipmentHead(Customs):
    """What a shipment's view and its list row both say: its header, actual dates, customs, allowed moves."""

    id: int
    reference: str
    direction: Direction
    kind: Kind
    status: Status
    allowed_next: tuple[Status, ...]  # moves_for(the reader, this shipment)
    version: int
    counterparty: Counterparty
    origin: Place
    destination: Place
    carrier: str | None
    transport_mode: TransportMode | None
    tracking_number: str | None
    planned_departure: date | None
    expected_arrival: date | None
    notes: str | None
    created_at: datetime
    created_by_id: int | None
    updated_at: datetime
    updated_by_id: int | None
    dispatched_at: datetime | None = None  # actual: when it went in transit
    delivered_at: datetime | None = None  # actual: when it arrived
    received_at: datetime | None = None  # actual: when its receipt was confirmed
    tracking_url: str | None = None  # the public tracking link: staff only


@dataclass(frozen=True, kw_only=True)
class ShipmentView(ShipmentHead):
    """A shipment as one actor reads it: header, lines, totals and the moves this actor may make."""

    lines: tuple[LineView, ...]
    totals: ShipmentTotals


@dataclass(frozen=True, kw_only=True)
class ShipmentSummary(ShipmentHead):
    """A shipment in a list: the header, how many lines it has, its totals only when asked for."""

    line_count: int
    totals: ShipmentTotals | None = None


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddLine:
    """A line to add, alone or in a new shipment: its item (by sku or id) and quantity, lot, expiry, value."""

    quantity: Quantity
    sku: str | None = None
    item_id: int | None = None
    lot: str | None = None
    expiry: date | None = None
    value: Money | None = None
    country_of_origin: str | None = None
    net_mass: Quantity | None = None
    version: int | None = None  # the version the body names; the caller checks it against If-Match


@dataclass(frozen=True)
class UpdateLine:
    """A change to a line: only the fields named in ``given`` change (null clears)."""

    given: frozenset[str]
    sku: str | None = None
    item_id: int | None = None
    quantity: Quantity | None = None
    lot: str | None = None
    expiry: date | None = None
    value: Money | None = None
    country_of_origin: str | None = None
    net_mass: Quantity | None = None
    version: int | None = None

    @property
    def names_item(self) -> bool:
        """Say whether the change moves the line to another item."""
        return self.sku is not None or self.item_id is not None


# The stored columns a shipment's header is written to, and the JSON fields they come from.
_PLACE_COLUMNS = {"origin": ("origin_country", "origin_place"),
                  "destination": ("destination_country", "destination_place")}


_NOT_HEADER = ("reference", "lines", "version")  # given in a change, but not header columns it sets
CUSTOMS_FIELDS = tuple(field.name for field in fields(Customs))  # incoterm first


def _column_value(value: object) -> object:
    """Return a value as its column holds it (an enum by its value)."""
    return value.value if isinstance(value, Direction | Kind | TransportMode | Incoterm) else value


@dataclass(frozen=True)
class CreateShipment(Customs):
    """A new shipment (logged in draft) with its lines."""

    direction: Direction
    kind: Kind
    counterparty_id: int
    origin: Place
    destination: Place
    reference: str | None = None  # generated when absent
    carrier: str | None = None
    transport_mode: TransportMode | None = None
    tracking_number: str | None = None
    planned_departure: date | None = None
    expected_arrival: date | None = None
    notes: str | None = None
    lines: tuple[AddLine, ...] = ()
    version: int | None = None  # accepted and ignored: a new shipment starts at version 1

    def columns(self) -> dict[str, Any]:
        """Return the header's stored columns (places flattened, enums by value)."""
        return _columns(self, ("direction", "kind", "counterparty_id", "origin", "destination", "carrier",
                               "transport_mode", "tracking_number", "planned_departure",
                               "expected_arrival", "notes", *CUSTOMS_FIELDS))


@dataclass(frozen=True)
class UpdateShipment(Customs):
    """A change to a shipment's header: only the fields named in ``given`` change (null clears)."""

    given: frozenset[str]
    reference: str | None = None
    direction: Direction | None = None
    kind: Kind | None = None
    counterparty_id: int | None = None
    origin: Place | None = None
    destination: Place | None = None
    carrier: str | None = None
    transport_mode: TransportMode | None = None
    tracking_number: str | None = None
    planned_departure: date | None = None
    expected_arrival: date | None = None
    notes: str | None = None
    version: int | None = None

    def columns(self) -> dict[str, Any]:
        """Return the stored header columns this change sets (places flattened, enums by value)."""
        return _columns(self, tuple(name for name in self.given if name not in _NOT_HEADER))


def _columns(command: CreateShipment | UpdateShipment, names: tuple[str, ...]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for name in names:
        value = getattr(command, name)
        if name in _PLACE_COLUMNS:
            country, place = _PLACE_COLUMNS[name]
            columns[country], columns[place] = value.country, value.place
        else:
            columns[name] = _column_value(value)
    return columns


@dataclass(frozen=True)
class UnreadQuantity:
    """A received quantity that could not be read, and why; the receipt refuses it naming the line.

    The request knows a line only by its id: the service, which knows the line's number as
    printed, says "line 4: unknown unit 'parsec'" instead of the request's path
    ("received.3.quantity").
    """

    problem: str


@dataclass(frozen=True)
class ReceivedLine:
    """What arrived of one line, as counted at receipt, and why it differs."""

    line_id: int
    quantity: Quantity | UnreadQuantity
    note: str | None = None
    reason: DiscrepancyReason | None = None


@dataclass(frozen=True)
class RecordEvent:
    """A status change (``status`` given, with what arrived when receiving) or a checkpoint."""

    status: Status | None = None
    location: str | None = None
    note: str | None = None
    tracking_number: str | None = None
    received: tuple[ReceivedLine, ...] = ()
    version: int | None = None
    occurred_at: datetime | None = None  # when it happened (timezone-aware); None: now
    packages: tuple[MarkPackage, ...] = ()  # each package arrived, missing or damaged (receipt only)

