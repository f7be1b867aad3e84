"""The shipment schemas: bodies become commands, value objects become today's JSON (no app, no database)."""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from marshmallow import ValidationError

from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.shipments import (
    AddLine,
    CreateShipment,
    LineView,
    Place,
    ReceivedLine,
    RecordEvent,
    UpdateLine,
    UpdateShipment,
)
from logistics.domain.totals import DimensionTotal, ItemEstimate, ItemTotal, LineQuantities, Received
from logistics.domain.workflow import Direction, Kind, Status
from logistics.schemas.shipments import (
    EventInSchema,
    ItemTotalSchema,
    LineInSchema,
    ShipmentInSchema,
    ShipmentLineSchema,
)
from logistics.money import Money
from logistics.units import Dimension, Normalized, Quantity

SHIPMENT = {"direction": "outbound", "kind": "donation", "counterparty_id": 5,
            "origin": {"country": "cn", "place": "Cangzhou"}, "destination": {"country": "SK"},
            "lines": [{"sku": "PPE-COV", "quantity": "1,200 box", "value": {"amount": "1234.50",
                                                                     "currency": "eur"}}]}


def q(value: str, unit: str) -> Quantity:
    return Quantity(Decimal(value), unit)


def test_a_new_shipment_body_becomes_a_create_command_with_typed_values():
    command = ShipmentInSchema().load(SHIPMENT)
    assert command == CreateShipment(
        direction=Direction.OUTBOUND, kind=Kind.DONATION, counterparty_id=5,
        origin=Place("CN", "Cangzhou"), destination=Place("SK"),
        lines=(AddLine(quantity=q("1200", "box"), sku="PPE-COV", value=Money("EUR", Decimal("1234.50"))),))


def test_a_patch_body_becomes_a_change_that_names_the_fields_given():
    change = ShipmentInSchema(partial=True).load({"notes": None, "planned_departure": "2020-04-02",
                                                  "version": 2})
    assert change == UpdateShipment(given=frozenset({"notes", "planned_departure", "version"}),
                                    planned_departure=date(2020, 4, 2), version=2)


def test_a_line_body_becomes_an_add_command_and_a_line_patch_a_change():
    assert LineInSchema().load({"item_id": 3, "quantity": "22.5 t", "version": 4}) == AddLine(
        quantity=q("22.5", "t"), item_id=3, version=4)
    assert LineInSchema(partial=True).load({"lot": None, "quantity": "2 kg"}) == UpdateLine(
        given=frozenset({"lot", "quantity"}), quantity=q("2", "kg"))


def test_an_event_body_becomes_a_record_command_with_its_received_lines():
    command = EventInSchema().load({"status": "received", "received": [
        {"line_id": 7, "quantity": "0 piece", "note": "lost", "reason": "other"}]})
    assert command == RecordEvent(status=Status.RECEIVED,
                                  received=(ReceivedLine(7, q("0", "piece"), "lost", DiscrepancyReason.OTHER),))
    assert EventInSchema().load({"location": "Vienna"}) == RecordEvent(location="Vienna")


@pytest.mark.parametrize("sku", ["", "   "])
def test_a_line_with_an_empty_sku_is_refused_by_the_schema(sku):
    with pytest.raises(ValidationError) as caught:
        LineInSchema().load({"sku": sku, "quantity": "1 piece"})
    assert caught.value.messages == {"sku": ["must not be blank"]}


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


def _summary(**changes):
    from datetime import datetime, timezone

    from logistics.domain.shipments import Counterparty, ShipmentSummary
    from logistics.domain.workflow import TransportMode

    values = dict(
        id=7, reference="OUT-2020-0007", direction=Direction.OUTBOUND, kind=Kind.DONATION,
        status=Status.CONFIRMED, allowed_next=(Status.IN_TRANSIT, Status.CANCELLED), version=3,
        counterparty=Counterparty(4, "Fakultní nemocnice Brno", "CZ"), origin=Place("CN", "Cangzhou"),
        destination=Place("SK"), carrier="DHL", transport_mode=TransportMode.RAIL,
        tracking_number="1Z999AA10123456784", planned_departure=date(2020, 3, 2),
        expected_arrival=date(2020, 3, 20), notes="fragile", created_by_id=1, updated_by_id=None,
        created_at=datetime(2020, 3, 1, 9, 30, tzinfo=timezone.utc),
        updated_at=datetime(2020, 3, 1, 10, 0, 0, 123456, tzinfo=timezone.utc), line_count=2)
    return ShipmentSummary(**{**values, **changes})


def _totals():
    from logistics.domain.totals import LineFacts, shipment_totals

    facts = LineFacts(line_no=1, item_id=1, sku="PPE-COV", name="Coverall", base_unit="piece",
                      base_dimension=Dimension.COUNT, unit_mass_kg=Decimal("0.35"), dimension=Dimension.COUNT,
                      value=Decimal("300"), unit="piece")
    return shipment_totals([facts])


@pytest.mark.parametrize("changes", [
    {},
    {"allowed_next": (), "transport_mode": None, "carrier": None, "tracking_number": None, "notes": None,
     "planned_departure": None, "expected_arrival": None, "created_by_id": None, "line_count": 0},
    {"destination": Place("XK", None), "origin": Place("UA", "Lviv")},
    {"totals": _totals()},
    {"dispatched_at": datetime(2020, 4, 2, 1, 30, tzinfo=UTC), "delivered_at": datetime(2020, 4, 4, tzinfo=UTC),
     "received_at": datetime(2020, 4, 6, tzinfo=UTC), "tracking_url": "http://127.0.0.1:5000/track/abc"},
])
def test_a_list_row_is_dumped_as_the_summary_schemas_fields_would(changes):
    from logistics.schemas.shipments import ShipmentSummarySchema

    summary = _summary(**changes)
    schema = ShipmentSummarySchema(many=True)

    assert schema.dump([summary]) == [ShipmentSummarySchema().dump(summary)]
