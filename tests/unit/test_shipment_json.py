"""The hand-made shipment JSON equals what the schemas' fields dump, for every kind of value (no app)."""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from logistics.domain.customs import Incoterm
from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.shipments import Counterparty, LineView, Place, ShipmentView
from logistics.domain.totals import LineFacts, Received, shipment_totals
from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.money import Money
from logistics.schemas.shipments import EventResultSchema, ShipmentSchema
from logistics.units import Dimension, Quantity


def q(value: str, unit: str) -> Quantity:
    return Quantity(Decimal(value), unit)


def facts(line_no: int, item_id: int, dimension: Dimension, value: str, unit: str, *, unit_mass=None,
          base_unit="piece", rounded=False, declared=None, net=None) -> LineFacts:
    base_dimension = Dimension.MASS if base_unit == "kg" else Dimension.VOLUME if base_unit == "L" else Dimension.COUNT
    return LineFacts(line_no=line_no, item_id=item_id, sku=f"SKU-{item_id}", name=f"Item {item_id}",
                     base_unit=base_unit, base_dimension=base_dimension,
                     unit_mass_kg=Decimal(unit_mass) if unit_mass else None, dimension=dimension,
                     value=Decimal(value), unit=unit, rounded=rounded, declared=declared,
                     net_mass_kg=Decimal(net) if net else None)


# (line facts, as entered, received, line extras): every shape a line's JSON takes
LINES = [
    (facts(1, 1, Dimension.COUNT, "30000.000000", "piece", unit_mass="0.35"), q("1200", "box"), None, {}),
    (facts(2, 1, Dimension.MASS, "14500", "kg", unit_mass="0.35"), q("14.5", "t"),
     Received(q("14.4", "t"), q("14400", "kg")), {"received_note": "wet", "received_reason": DiscrepancyReason.DAMAGED}),
    (facts(3, 2, Dimension.MASS, "0.453592", "kg", rounded=True, base_unit="kg"), q("1", "lb"), None, {}),
    (facts(4, 3, Dimension.COUNT, "7", "piece", declared=Money("EUR", Decimal("1250.50")), net="480.5"),
     q("7", "piece"), Received(q("9", "piece"), q("9", "piece")),
     {"lot": "L-1", "expiry": date(2027, 1, 31), "country_of_origin": "CZ", "net_mass": q("480.5", "kg"),
      "received_reason": DiscrepancyReason.OVER}),
    (facts(5, 4, Dimension.VOLUME, "0.5", "L", unit_mass="1.1", base_unit="L",
           declared=Money("JPY", Decimal("3000"))), q("500", "mL"), Received(q("0", "mL"), q("0", "L")),
     {"received_note": "lost", "received_reason": DiscrepancyReason.OTHER}),
]


def view(lines=LINES, **changes) -> ShipmentView:
    from logistics.domain.totals import line_quantities

    line_views = tuple(
        LineView(id=10 + fact.line_no, line_no=fact.line_no, item_id=fact.item_id, sku=fact.sku, name=fact.name,
                 quantities=line_quantities(fact, entered, received), value=fact.declared,
                 net_mass_kg=fact.net_mass_kg, **extra)
        for fact, entered, received, extra in lines)
    values = dict(
        id=7, reference="OUT-2020-0007", direction=Direction.OUTBOUND, kind=Kind.DONATION,
        status=Status.RECEIVED, allowed_next=(), version=5,
        counterparty=Counterparty(4, "Fakultná nemocnica Nitra", "SK"), origin=Place("CN", "Cangzhou"),
        destination=Place("SK", "Nitra"), carrier=None, transport_mode=None, tracking_number=None,
        planned_departure=None, expected_arrival=None, dispatched_at=None, delivered_at=None, received_at=None,
        notes=None, created_at=datetime(2020, 3, 1, 9, 30, tzinfo=UTC), created_by_id=None,
        updated_at=datetime(2020, 3, 1, 10, 0, 0, 123456, tzinfo=UTC), updated_by_id=3,
        lines=line_views, totals=shipment_totals([fact for fact, *_ in lines]))
    return ShipmentView(**{**values, **changes})


@pytest.mark.parametrize("changes", [
    {},
    {"lines": (), "totals": shipment_totals([])},
    {"status": Status.CONFIRMED, "allowed_next": (Status.IN_TRANSIT, Status.CANCELLED),
     "carrier": "Cangzhou–Europe Express Rail", "transport_mode": TransportMode.RAIL,
     "tracking_number": "CZE00010402", "planned_departure": date(2020, 4, 2),
     "expected_arrival": date(2020, 4, 20), "notes": "fragile\nkeep dry", "created_by_id": 1,
     "tracking_url": "http://127.0.0.1:5000/track/abc"},
    {"dispatched_at": datetime(2020, 4, 2, 1, 30, tzinfo=UTC), "delivered_at": datetime(2020, 4, 4, tzinfo=UTC),
     "received_at": datetime(2020, 4, 6, 12, 0, 0, 5, tzinfo=UTC), "destination": Place("XK", None)},
    {"incoterm": Incoterm.DAP, "incoterm_place": "Nitra", "invoice_number": "INV-1", "cmr_number": "CMR 7",
     "awb_number": "123-12345675", "bill_of_lading_number": "BL-9", "rail_note_number": "SMGS 1"},
], ids=["received", "no lines", "confirmed with header", "actual dates", "customs"])
def test_a_shipment_is_dumped_as_the_shipment_schemas_fields_would(changes):
    shipment = view(**changes)
    schema = ShipmentSchema()

    assert schema.dump(shipment) == schema.dump_by_fields(shipment)


@pytest.mark.parametrize("at", range(len(LINES)))
def test_each_kind_of_line_alone_is_dumped_as_the_fields_would(at):
    shipment = view(lines=[LINES[at]])

    dumped = ShipmentSchema().dump(shipment)

    assert dumped == ShipmentSchema().dump_by_fields(shipment)
    assert dumped["lines"][0]["line_no"] == LINES[at][0].line_no


def test_the_line_shapes_cover_rounded_estimated_received_over_and_valued_lines():
    lines = ShipmentSchema().dump(view())["lines"]

    assert lines[2]["normalized"]["rounded"] is True and "rounded" not in lines[0]["normalized"]
    assert lines[0]["estimated"] == {"value": "10500", "unit": "kg", "estimated": True}
    assert "estimated" not in lines[2]
    assert lines[3]["over_receipt"] is True and lines[3]["value"] == {"amount": "1250.50", "currency": "EUR"}
    assert lines[4]["discrepancy"] == {"value": "-0.5", "unit": "L"}
    totals = ShipmentSchema().dump(view())["totals"]
    assert [value["currency"] for value in totals["values"]] == ["EUR", "JPY"]
    assert any("rounded" in total for item in totals["items"] for total in item["totals"])


def test_many_shipments_and_an_event_result_dump_as_the_fields_would():
    from logistics.api.shipments import EventResult
    from logistics.models import ShipmentEvent

    shipments = [view(), view(lines=LINES[:1], id=8)]
    assert ShipmentSchema(many=True).dump(shipments) == ShipmentSchema(many=True).dump_by_fields(shipments)
    event = ShipmentEvent(id=3, shipment_id=7, kind="transition", from_status="delivered", to_status="received",
                          occurred_at=datetime(2020, 4, 6, tzinfo=UTC), recorded_at=datetime(2020, 4, 9, tzinfo=UTC))
    result = EventResult(event, view())
    assert EventResultSchema().dump(result)["shipment"] == ShipmentSchema().dump_by_fields(view())
