"""Use cases for shipment lines: building them from ``AddLine`` commands, adding, changing, removing.

Commands come from domain/shipments.py (``AddLine``, ``UpdateLine``), built by the input
schemas; nothing here reads a request or a schema.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, func, select

from logistics.domain.access import Actor
from logistics.domain.shipments import AddLine, UpdateLine
from logistics.domain.texts import E_, message_of
from logistics.domain.totals import LineQuantities
from logistics.domain.workflow import Status, lines_editable
from logistics.errors import Conflict, Invalid, NotFound, summarize
from logistics.models import Item, Shipment, ShipmentLine
from logistics.money import Money
from logistics.services.common import stored_id
from logistics.services.items import find_item, units_of
from logistics.services.packing import check_line_change, check_line_removal
from logistics.services.scoping import check_version, claim_version, find_shipment
from logistics.services.totals import quantities_of
from logistics.unit_of_work import writing
from logistics.units import ItemUnits, Normalized, Quantity, QuantityError, format_decimal, measure

_NET_MASS = ItemUnits(base_unit="kg")  # a net mass is measured as an item counted in kg would be

LINE_FIELDS = ("lot", "expiry", "value", "country_of_origin", "net_mass")


@dataclass(frozen=True)
class _ItemKey:
    """How a command names an item: by sku or by id."""

    sku: str | None
    item_id: int | None


def build_lines(session: Session, specs: tuple[AddLine, ...] | list[AddLine],
                first_line_no: int) -> tuple[list[ShipmentLine], dict]:
    """Turn line commands into rows; return the rows and the per-line errors (nothing is written)."""
    rows: list[ShipmentLine] = []
    errors: dict = {}
    cache: dict = {}
    for index, spec in enumerate(specs):
        try:
            rows.append(build_line(session, spec, first_line_no + index, cache))
        except LineError as error:
            errors.setdefault("lines", {})[index] = error.fields
    return rows, errors


class LineError(Exception):
    """A line that cannot be built; ``fields`` maps its fields to messages."""

    def __init__(self, fields: dict):
        super().__init__(summarize(fields))
        self.fields = fields


def build_line(session: Session, spec: AddLine, line_no: int, cache: dict | None = None) -> ShipmentLine:
    """Build one line: find its item and normalise its quantity exactly."""
    item = _item_for(session, _ItemKey(spec.sku, spec.item_id), cache if cache is not None else {})
    columns = _quantity_of(item, spec.quantity)
    return ShipmentLine(line_no=line_no, item=item, **columns, lot=spec.lot, expiry=spec.expiry,
                        country_of_origin=spec.country_of_origin, **value_columns(spec.value),
                        **net_mass_columns(spec.net_mass))


def value_columns(value: Money | None) -> dict[str, Any]:
    """Return a line's stored value columns: an integer of the currency's minor units, and the currency."""
    return {"value_minor": None if value is None else value.minor,
            "currency": None if value is None else value.currency}


def net_mass_columns(net_mass: Quantity | None) -> dict[str, Any]:
    """Return a line's stored net mass columns (as entered, and in millionths of a kg), or say why not."""
    if net_mass is None:
        return {"net_mass_value": None, "net_mass_unit": None, "net_mass_micro": None}
    try:
        kept, normalized = measure(net_mass, _NET_MASS)
    except QuantityError as error:
        raise LineError({"net_mass": [E_("%(problem)s (a net mass is in kg, t, g or lb)",
                                           problem=message_of(error))]}) from None
    return {"net_mass_value": format_decimal(kept.value), "net_mass_unit": kept.unit,
            "net_mass_micro": normalized.micro}


def _item_for(session: Session, key: _ItemKey, cache: dict) -> Item:
    by = ("id", key.item_id) if key.item_id is not None else ("sku", key.sku)
    if by[1] is None:
        raise LineError({"sku": [E_("give the item's sku or item_id")]})
    if by not in cache:
        try:
            cache[by] = find_item(session, item_id=key.item_id, sku=key.sku)
        except NotFound as error:
            raise LineError({by[0] if by[0] == "sku" else "item_id": [error.message]}) from None
    return cache[by]


def _quantity_of(item: Item, quantity: Quantity) -> dict[str, Any]:
    """Return a line's item and quantity columns, or raise LineError saying why the quantity is refused."""
    try:
        return {"item_id": stored_id(item.id), **quantity_columns(units_of(item), quantity)}
    except QuantityError as error:
        raise LineError({"quantity": [E_("%(sku)s: %(problem)s", sku=item.sku,
                                         problem=message_of(error))]}) from None


def quantity_columns(units: ItemUnits, quantity: Quantity) -> dict:
    """Return a line's stored quantity columns: as entered, and exactly in the canonical unit."""
    return measured_columns(*measure(quantity, units))


def measured_columns(kept: Quantity, normalized: Normalized) -> dict:
    """Return the stored quantity columns of a quantity already measured (``units.measure``)."""
    return {"quantity_value": format_decimal(kept.value), "quantity_unit": kept.unit,
            "dimension": normalized.dimension.value, "base_micro": normalized.micro,
            "base_unit": normalized.unit, "rounded": normalized.rounded}


def _editable_shipment(session: Session, actor: Actor, key: str, expected_version: int,
                       claim: bool = True) -> Shipment:
    shipment = find_shipment(session, actor, key)
    check_version(shipment, expected_version)
    if not lines_editable(Status(shipment.status)):
        raise Conflict(E_("lines cannot change while the shipment is %(status)s: only draft or confirmed "
                          "shipments can be edited", status=shipment.status),
                       {"status": [E_("current status is %(status)s", status=shipment.status)]})
    if claim:
        claim_version(session, shipment, expected_version, actor)
    return shipment


def add_line(session: Session, actor: Actor, key: str, expected_version: int, spec: AddLine) -> ShipmentLine:
    """Add a line to a draft or confirmed shipment."""
    with writing(session, actor):
        shipment = _editable_shipment(session, actor, key, expected_version)
        last = session.exec(select(func.max(ShipmentLine.line_no))
                            .where(ShipmentLine.shipment_id == shipment.id)).one()
        try:
            line = build_line(session, spec, (last or 0) + 1)
        except LineError as error:
            raise Invalid(E_("the line was not saved: %(problems)s", problems=summarize(error.fields)),
                          error.fields) from None
        shipment.lines.append(line)
        session.flush()
    return line


def update_line(session: Session, actor: Actor, key: str, expected_version: int, line_id: int,
                change: UpdateLine) -> ShipmentLine:
    """Change a line's item, quantity, lot, expiry, value, origin or net mass while the shipment is editable.

    A change that sets nothing new writes nothing (no new version, no audit entry).
    """
    with writing(session, actor):
        shipment = _editable_shipment(session, actor, key, expected_version, claim=False)
        line = _line_of(shipment, line_id)
        try:
            item = line.item
            if change.names_item:
                item = _item_for(session, _ItemKey(change.sku, change.item_id), {})
            quantity = change.quantity
            if quantity is None and item.id != line.item_id:  # the same quantity, of another item
                quantity = quantities_of(line).quantity
            columns: dict[str, Any] = _quantity_of(item, quantity) if quantity is not None else {}
            columns["item_id"] = stored_id(item.id)
            for name in ("lot", "expiry", "country_of_origin"):
                if name in change.given:
                    columns[name] = getattr(change, name)
            if "value" in change.given:
                columns.update(value_columns(change.value))
            if "net_mass" in change.given:
                columns.update(net_mass_columns(change.net_mass))
        except LineError as error:
            raise Invalid(E_("the line was not saved: %(problems)s", problems=summarize(error.fields)),
                          error.fields) from None
        columns = {name: value for name, value in columns.items() if value != getattr(line, name)}
        if not columns:
            return line
        check_line_change(session, line, columns)
        claim_version(session, shipment, expected_version, actor)
        line.item = item
        for name, value in columns.items():
            setattr(line, name, value)
    return line


def remove_line(session: Session, actor: Actor, key: str, expected_version: int, line_id: int) -> None:
    """Remove a line from a draft or confirmed shipment (its number is not reused)."""
    with writing(session, actor):
        shipment = _editable_shipment(session, actor, key, expected_version)
        line = _line_of(shipment, line_id)
        check_line_removal(session, line)
        shipment.lines.remove(line)


def _line_of(shipment: Shipment, line_id: int) -> ShipmentLine:
    for line in shipment.lines:
        if line.id == line_id:
            return line
    raise NotFound(E_("line %(line)s not found on shipment %(reference)s", line=line_id,
                      reference=shipment.reference))


def understand(session: Session, sku: str, quantity: Quantity) -> LineQuantities:
    """Say what a quantity of an item means: as entered, normalised, and estimated in the other dimension."""
    item = _item_for(session, _ItemKey(sku, None), {})
    try:
        line = ShipmentLine(line_no=0, item=item, **_quantity_of(item, quantity))
    except LineError as error:
        raise Invalid(summarize(error.fields), error.fields) from None  # the fields' own messages
    return quantities_of(line)
