"""Use cases for shipment lines: building them from input, adding, changing, removing."""
from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session, func, select

from logistics.domain.access import Actor
from logistics.domain.totals import LineQuantities
from logistics.domain.workflow import Status, lines_editable
from logistics.errors import Conflict, Invalid, NotFound, summarize
from logistics.models import Item, ShipmentLine
from logistics.services.items import find_item, units_of
from logistics.services.scoping import claim_version, find_shipment
from logistics.services.totals import quantities_of
from logistics.unit_of_work import writing
from logistics.units import ItemUnits, Quantity, QuantityError, format_decimal, lookup_unit, normalize

LINE_FIELDS = ("lot", "expiry", "declared_value", "currency")


def build_lines(session: Session, specs: list[dict], first_line_no: int) -> tuple[list[ShipmentLine], dict]:
    """Turn line input into rows; return the rows and the per-line errors (nothing is written)."""
    rows, errors = [], {}
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


def build_line(session: Session, spec: dict, line_no: int, cache: dict | None = None) -> ShipmentLine:
    """Build one line: find its item and normalise its quantity exactly."""
    item = _item_for(session, spec, cache if cache is not None else {})
    line = ShipmentLine(line_no=line_no, item_id=item.id, item=item)
    _set_quantity(line, item, spec["quantity"])
    _check_value(spec)
    for key in LINE_FIELDS:
        setattr(line, key, spec.get(key))
    return line


def _item_for(session: Session, spec: dict, cache: dict) -> Item:
    key = ("id", spec["item_id"]) if spec.get("item_id") is not None else ("sku", spec.get("sku"))
    if key[1] is None:
        raise LineError({"sku": ["give the item's sku or item_id"]})
    if key not in cache:
        try:
            cache[key] = find_item(session, item_id=spec.get("item_id"), sku=spec.get("sku"))
        except NotFound as error:
            raise LineError({key[0] if key[0] == "sku" else "item_id": [error.message]}) from None
    return cache[key]


def _set_quantity(line: ShipmentLine, item: Item, quantity) -> None:
    try:
        columns = quantity_columns(units_of(item), quantity)
    except QuantityError as error:
        raise LineError({"quantity": [f"{item.sku}: {error}"]}) from None
    for key, value in columns.items():
        setattr(line, key, value)


def quantity_columns(units: ItemUnits, quantity: Quantity) -> dict:
    """Return a line's stored quantity columns: as entered, and exactly in the canonical unit."""
    normalized = normalize(quantity, units)
    pack = units.pack(quantity.unit)
    return {"quantity_value": format_decimal(quantity.value),
            "quantity_unit": pack.name if pack else lookup_unit(quantity.unit).symbol,
            "dimension": normalized.dimension.value, "base_micro": normalized.micro,
            "base_unit": normalized.unit, "rounded": normalized.rounded}


def _check_value(spec: dict) -> None:
    if (spec.get("declared_value") is None) != (spec.get("currency") is None):
        raise LineError({"currency": ["give declared_value and currency together"]})


def _editable_shipment(session: Session, actor: Actor, key: str, expected_version: int):
    shipment = find_shipment(session, actor, key)
    claim_version(session, shipment, expected_version, actor)
    if not lines_editable(Status(shipment.status)):
        raise Conflict(f"lines cannot change while the shipment is {shipment.status}: "
                       "only draft or confirmed shipments can be edited",
                       {"status": [f"current status is {shipment.status}"]})
    return shipment


def add_line(session: Session, actor: Actor, key: str, expected_version: int, spec: dict) -> ShipmentLine:
    """Add a line to a draft or confirmed shipment."""
    with writing(session, actor):
        shipment = _editable_shipment(session, actor, key, expected_version)
        last = session.exec(select(func.max(ShipmentLine.line_no))
                            .where(ShipmentLine.shipment_id == shipment.id)).one()
        try:
            line = build_line(session, spec, (last or 0) + 1)
        except LineError as error:
            raise Invalid("the line was not saved: " + summarize(error.fields), error.fields) from None
        shipment.lines.append(line)
        session.flush()
    return line


def update_line(session: Session, actor: Actor, key: str, expected_version: int, line_id: int,
                spec: dict) -> ShipmentLine:
    """Change a line's item, quantity, lot, expiry or value while the shipment is editable."""
    with writing(session, actor):
        shipment = _editable_shipment(session, actor, key, expected_version)
        line = _line_of(shipment, line_id)
        try:
            item = line.item
            if spec.get("sku") is not None or spec.get("item_id") is not None:
                item = _item_for(session, spec, {})
            quantity = spec.get("quantity")
            if quantity is None and item.id != line.item_id:
                quantity = Quantity(Decimal(line.quantity_value), line.quantity_unit)
            if quantity is not None:
                _set_quantity(line, item, quantity)
            line.item_id, line.item = item.id, item
            merged = {k: spec.get(k, getattr(line, k)) for k in LINE_FIELDS}
            _check_value(merged)
        except LineError as error:
            raise Invalid("the line was not saved: " + summarize(error.fields), error.fields) from None
        for key_, value in merged.items():
            setattr(line, key_, value)
    return line


def remove_line(session: Session, actor: Actor, key: str, expected_version: int, line_id: int) -> None:
    """Remove a line from a draft or confirmed shipment (its number is not reused)."""
    with writing(session, actor):
        shipment = _editable_shipment(session, actor, key, expected_version)
        shipment.lines.remove(_line_of(shipment, line_id))


def _line_of(shipment, line_id: int) -> ShipmentLine:
    for line in shipment.lines:
        if line.id == line_id:
            return line
    raise NotFound(f"line {line_id} not found on shipment {shipment.reference}")


def understand(session: Session, sku: str, quantity: Quantity) -> LineQuantities:
    """Say what a quantity of an item means: as entered, normalised, and estimated in the other dimension."""
    item = _item_for(session, {"sku": sku}, {})
    line = ShipmentLine(line_no=0, item_id=item.id, item=item)
    try:
        _set_quantity(line, item, quantity)
    except LineError as error:
        raise Invalid(summarize(error.fields), error.fields) from None
    return quantities_of(line)
