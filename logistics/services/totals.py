"""Read models of a shipment: each line's quantities and the shipment's totals."""
from __future__ import annotations

from decimal import Decimal

from logistics.domain.totals import LineFacts, round_estimate, shipment_totals
from logistics.models import Shipment, ShipmentLine
from logistics.services.items import units_of
from logistics.units import Dimension, format_decimal, from_micro


def facts_of(line: ShipmentLine) -> LineFacts:
    """Return the plain values totals need from a stored line."""
    item = line.item
    return LineFacts(
        line_no=line.line_no, item_id=item.id, sku=item.sku, name=item.name,
        base_unit=item.base_unit, base_dimension=units_of(item).base.dimension,
        unit_mass_kg=from_micro(item.unit_mass_micro_kg) if item.unit_mass_micro_kg else None,
        dimension=Dimension(line.dimension), value=from_micro(line.base_micro), unit=line.base_unit,
        rounded=line.rounded,
    )


def totals_of(shipment: Shipment) -> dict:
    """Return a shipment's totals per item and dimension, and its gross mass."""
    return shipment_totals([facts_of(line) for line in shipment.lines])


def line_view(line: ShipmentLine) -> dict:
    """Return a line as clients read it: as entered, normalised, estimated, received."""
    facts = facts_of(line)
    view = {
        "id": line.id, "line_no": line.line_no, "item_id": line.item_id,
        "sku": facts.sku, "name": facts.name,
        "quantity": {"value": line.quantity_value, "unit": line.quantity_unit},
        "normalized": {"value": format_decimal(facts.value), "unit": line.base_unit,
                       "dimension": line.dimension, **({"rounded": True} if line.rounded else {})},
        "lot": line.lot, "expiry": line.expiry.isoformat() if line.expiry else None,
        "declared_value": line.declared_value, "currency": line.currency,
        "received": None, "discrepancy": None, "received_note": line.received_note,
    }
    estimate = _estimate(facts)
    if estimate:
        view["estimated"] = estimate
    if line.received_micro is not None:
        received = from_micro(line.received_micro)
        view["received"] = {"value": line.received_value, "unit": line.received_unit,
                            "normalized": {"value": format_decimal(received), "unit": line.base_unit}}
        view["discrepancy"] = {"value": format_decimal(received - facts.value), "unit": line.base_unit}
    return view


def _estimate(facts: LineFacts) -> dict | None:
    """Return a line's quantity in the other dimension, from the item's unit mass (flagged)."""
    if facts.unit_mass_kg is None or facts.base_dimension is Dimension.MASS:
        return None
    if facts.dimension is Dimension.MASS:
        value: Decimal = facts.value / facts.unit_mass_kg
        return {"value": format_decimal(round_estimate(value, facts.base_dimension)),
                "unit": facts.base_unit, "estimated": True}
    return {"value": format_decimal(round_estimate(facts.value * facts.unit_mass_kg, Dimension.MASS)),
            "unit": "kg", "estimated": True}
