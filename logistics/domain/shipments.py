"""A shipment's typed contract between the layers: the read view.

services/totals.py builds a ``ShipmentView`` (header, ``Counterparty``, ``Place``s,
``LineView``s with their ``LineQuantities``, ``ShipmentTotals`` and ``allowed_next``, the moves
the reading actor may make) from a stored shipment; the API's schemas, the pages and the
documents format it.

Every value is typed (Decimal, Quantity, enums, dates, ids); nothing is a formatted string.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from logistics.countries import country_name
from logistics.domain.totals import LineQuantities, Received, ShipmentTotals
from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.units import Normalized, Quantity


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
    declared_value: Decimal | None = None
    currency: str | None = None
    received_note: str | None = None

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


@dataclass(frozen=True)
class ShipmentView:
    """A shipment as one actor reads it: header, lines, totals and the moves this actor may make."""

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
    lines: tuple[LineView, ...]
    totals: ShipmentTotals
