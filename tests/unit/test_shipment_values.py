"""A shipment's value objects and commands: exact quantities in, nothing formatted (no app, no database)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from logistics.domain.shipments import CreateShipment, LineView, Place, UpdateShipment
from logistics.domain.totals import (
    LineFacts,
    LineMass,
    LineQuantities,
    Received,
    line_estimate,
    line_mass,
    line_quantities,
)
from logistics.domain.workflow import Direction, Kind, TransportMode
from logistics.units import Dimension, Normalized, Quantity

COUNT, MASS = Dimension.COUNT, Dimension.MASS


def coverall(value: str, dimension: Dimension = COUNT, unit_mass: str | None = "0.35") -> LineFacts:
    """Return a normalised line of the demo's coverall (piece, 0.35 kg each unless said otherwise)."""
    return LineFacts(line_no=1, item_id=1, sku="PPE-COV", name="Coverall", base_unit="piece",
                     base_dimension=COUNT, unit_mass_kg=Decimal(unit_mass) if unit_mass else None,
                     dimension=dimension, value=Decimal(value), unit="piece" if dimension is COUNT else "kg")


def q(value: str, unit: str) -> Quantity:
    return Quantity(Decimal(value), unit)


def test_22_5_tonnes_of_coveralls_are_estimated_as_64286_pieces_and_stay_22500_kg_exactly():
    quantities = line_quantities(coverall("22500", MASS), q("22.5", "t"))
    assert quantities == LineQuantities(quantity=q("22.5", "t"), normalized=Normalized(MASS, Decimal(22500), "kg"),
                                        estimated=q("64286", "piece"))
    assert quantities.received is None and quantities.discrepancy is None


def test_1200_boxes_of_coveralls_are_estimated_as_10500_kg():
    assert line_estimate(coverall("30000")) == q("10500", "kg")


def test_a_line_of_an_item_without_a_unit_mass_has_no_estimate_and_cannot_be_weighed():
    line = coverall("40", unit_mass=None)
    assert line_estimate(line) is None
    assert line_mass(line) is None


def test_a_line_logged_by_mass_weighs_exactly_that_and_is_not_an_estimate():
    assert line_mass(coverall("14.5", MASS)) == LineMass(Decimal("14.5"), estimated=False)


def test_a_line_not_weighed_weighs_its_amount_times_the_unit_mass_unrounded_for_printing_to_the_gram():
    gel = LineFacts(line_no=1, item_id=2, sku="GEL", name="Gel", base_unit="L", base_dimension=Dimension.VOLUME,
                    unit_mass_kg=Decimal("1.000001"), dimension=Dimension.VOLUME, value=Decimal("0.5"), unit="L")
    assert line_mass(gel) == LineMass(Decimal("0.5000005"), estimated=True)
    assert line_estimate(gel) == q("0.500000", "kg")  # the estimate shown is rounded (half even) to a milligram


def test_a_discrepancy_is_what_arrived_minus_what_was_sent_in_the_canonical_unit():
    received = Received(quantity=q("90", "piece"), normalized=q("90", "piece"))
    quantities = line_quantities(coverall("100"), q("4", "box"), received)
    assert quantities.discrepancy == q("-10", "piece")
    surplus = line_quantities(coverall("100"), q("4", "box"), Received(q("5", "box"), q("125", "piece")))
    assert surplus.discrepancy == q("25", "piece")


def test_a_line_view_hands_out_its_quantities_by_name():
    quantities = line_quantities(coverall("100"), q("4", "box"), Received(q("4", "box"), q("100", "piece")))
    view = LineView(id=3, line_no=1, item_id=1, sku="PPE-COV", name="Coverall", quantities=quantities)
    assert (view.quantity, view.normalized, view.estimated, view.received, view.discrepancy) == (
        q("4", "box"), Normalized(COUNT, Decimal(100), "piece"), q("35", "kg"), quantities.received,
        q("0", "piece"))


def test_a_place_names_its_country():
    assert Place("SK", "Nitra").country_name == "Slovakia"
    assert Place("CN").place is None


def test_a_new_shipment_is_stored_with_its_places_flattened_and_its_enums_by_value():
    command = CreateShipment(direction=Direction.OUTBOUND, kind=Kind.DONATION, counterparty_id=5,
                             origin=Place("CN", "Cangzhou"), destination=Place("SK"),
                             transport_mode=TransportMode.RAIL, planned_departure=date(2020, 4, 2))
    columns = command.columns()
    assert columns == {
        "direction": "outbound", "kind": "donation", "counterparty_id": 5, "origin_country": "CN",
        "origin_place": "Cangzhou", "destination_country": "SK", "destination_place": None, "carrier": None,
        "transport_mode": "rail", "tracking_number": None, "planned_departure": date(2020, 4, 2),
        "expected_arrival": None, "notes": None, "incoterm": None, "incoterm_place": None,
        "invoice_number": None, "cmr_number": None, "awb_number": None, "bill_of_lading_number": None,
        "rail_note_number": None}
    assert all(type(value) is str for value in (columns["direction"], columns["kind"], columns["transport_mode"]))


def test_a_change_sets_only_the_columns_it_was_given_and_a_null_clears_one():
    change = UpdateShipment(given=frozenset({"notes", "carrier", "destination", "version", "reference"}),
                            notes=None, carrier="DHL", destination=Place("PL", "Łódź"), version=3,
                            reference="OUT-1")
    assert change.columns() == {"notes": None, "carrier": "DHL", "destination_country": "PL",
                                "destination_place": "Łódź"}
