"""The shipment output schemas: value objects become today's JSON (no app, no database)."""
from __future__ import annotations

from decimal import Decimal

from logistics.domain.shipments import LineView
from logistics.domain.totals import DimensionTotal, ItemEstimate, ItemTotal, LineQuantities, Received
from logistics.schemas.shipments import ItemTotalSchema, ShipmentLineSchema
from logistics.units import Dimension, Normalized, Quantity


def q(value: str, unit: str) -> Quantity:
    return Quantity(Decimal(value), unit)


def _line(normalized: Normalized, estimated: Quantity | None, received: Received | None = None) -> LineView:
    return LineView(id=1, line_no=1, item_id=2, sku="RICE", name="Rice",
                    quantities=LineQuantities(q("1", "lb"), normalized, estimated, received))


def test_a_line_is_dumped_with_rounded_only_when_true_and_estimated_only_when_known():
    dumped = ShipmentLineSchema().dump(_line(Normalized(Dimension.MASS, Decimal("0.453592"), "kg", True), None))
    assert dumped["normalized"] == {"value": "0.453592", "unit": "kg", "dimension": "mass", "rounded": True}
    assert "estimated" not in dumped
    assert (dumped["received"], dumped["discrepancy"]) == (None, None)
    counted = ShipmentLineSchema().dump(_line(Normalized(Dimension.COUNT, Decimal("30000.000000"), "piece"),
                                              q("10500.000000", "kg"),
                                              Received(q("1199", "box"), q("29975", "piece"))))
    assert counted["normalized"] == {"value": "30000", "unit": "piece", "dimension": "count"}
    assert counted["estimated"] == {"value": "10500", "unit": "kg", "estimated": True}
    assert counted["received"] == {"value": "1199", "unit": "box", "normalized": {"value": "29975", "unit": "piece"}}
    assert counted["discrepancy"] == {"value": "-25", "unit": "piece"}


def test_an_item_total_says_how_its_estimate_was_made_and_leaves_out_what_is_not_there():
    row = ItemTotal(1, "PPE-COV", "Coverall", "piece",
                    (DimensionTotal(Dimension.MASS, q("22500", "kg")),),
                    ItemEstimate(Decimal("0.350"), q("64286", "piece"), q("22500", "kg")))
    assert ItemTotalSchema().dump(row) == {
        "item_id": 1, "sku": "PPE-COV", "name": "Coverall", "base_unit": "piece",
        "totals": [{"dimension": "mass", "quantity": {"value": "22500", "unit": "kg"}}],
        "estimated": {"note": "estimated from the unit mass of 0.35 kg per piece",
                      "base": {"value": "64286", "unit": "piece"}, "mass": {"value": "22500", "unit": "kg"}}}
    bare = ItemTotal(2, "KIT", "Kit", "piece", (DimensionTotal(Dimension.COUNT, q("3", "piece"), rounded=True),))
    assert ItemTotalSchema().dump(bare)["totals"] == [
        {"dimension": "count", "quantity": {"value": "3", "unit": "piece"}, "rounded": True}]
    assert "estimated" not in ItemTotalSchema().dump(bare)
