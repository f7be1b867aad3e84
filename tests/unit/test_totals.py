"""Shipment totals: per item and dimension, flagged estimates, and gross mass."""
from __future__ import annotations

from decimal import Decimal

import pytest

from logistics.domain.totals import (
    DimensionTotal, GrossMass, ItemEstimate, LineFacts, ShipmentTotals, gross_mass, item_totals, shipment_totals,
)
from logistics.units import Dimension, Quantity, round_estimate

COUNT, MASS, VOLUME = Dimension.COUNT, Dimension.MASS, Dimension.VOLUME

ITEMS = {
    "coverall": dict(item_id=1, sku="PPE-COV", name="Medical protective coverall", base_unit="piece",
                     base_dimension=COUNT, unit_mass_kg=Decimal("0.35")),
    "n95": dict(item_id=2, sku="PPE-N95", name="N95 respirator", base_unit="piece",
                base_dimension=COUNT, unit_mass_kg=Decimal("0.012")),
    "gel": dict(item_id=4, sku="SAN-GEL", name="Hand sanitiser gel", base_unit="L",
                base_dimension=VOLUME, unit_mass_kg=Decimal("1.1")),
    "unweighed": dict(item_id=5, sku="MISC", name="Unweighed item", base_unit="piece",
                      base_dimension=COUNT, unit_mass_kg=None),
    "bulk": dict(item_id=6, sku="BULK", name="Bulk goods", base_unit="kg",
                 base_dimension=MASS, unit_mass_kg=None),
}
UNIT = {COUNT: "piece", MASS: "kg", VOLUME: "L"}


def line(line_no: int, item: str, value: str, dimension: Dimension | None = None) -> LineFacts:
    """Return the facts of one normalised line of a demo item (in its base dimension by default)."""
    facts = ITEMS[item]
    dimension = dimension or facts["base_dimension"]
    unit = facts["base_unit"] if dimension is facts["base_dimension"] else UNIT[dimension]
    return LineFacts(line_no=line_no, **facts, dimension=dimension, value=Decimal(value), unit=unit)


def q(value: str, unit: str) -> Quantity:
    return Quantity(Decimal(value), unit)


def total(dimension: Dimension, value: str, unit: str, rounded: bool = False) -> DimensionTotal:
    return DimensionTotal(dimension, q(value, unit), rounded)


def test_an_item_counted_and_weighed_gets_one_total_per_dimension_never_mixed():
    totals = item_totals([line(1, "coverall", "30000"), line(2, "coverall", "22500", MASS)])
    assert len(totals) == 1
    assert totals[0].totals == (total(COUNT, "30000", "piece"), total(MASS, "22500", "kg"))


def test_lines_of_the_same_item_and_dimension_are_added_exactly():
    totals = item_totals([line(1, "n95", "120000"), line(2, "n95", "69600"), line(3, "n95", "400"),
                          line(4, "coverall", "0.1", MASS), line(5, "coverall", "0.2", MASS)])
    assert [(row.sku, row.totals) for row in totals] == [
        ("PPE-N95", (total(COUNT, "190000", "piece"),)),
        ("PPE-COV", (total(MASS, "0.3", "kg"),)),
    ]


def test_item_rows_carry_the_items_identity_in_order_of_first_line():
    rows = item_totals([line(1, "n95", "5"), line(2, "coverall", "7"), line(3, "n95", "1")])
    assert [(r.item_id, r.sku, r.name, r.base_unit) for r in rows] == [
        (2, "PPE-N95", "N95 respirator", "piece"),
        (1, "PPE-COV", "Medical protective coverall", "piece"),
    ]


def test_an_estimate_in_both_dimensions_is_added_and_flagged_when_the_unit_mass_is_known():
    row = item_totals([line(1, "coverall", "30000"), line(2, "coverall", "22500", MASS)])[0]
    assert row.estimated == ItemEstimate(
        unit_mass_kg=Decimal("0.35"),
        base=q("94286", "piece"),  # 30000 + 22500 / 0.35 = 94285.71...
        mass=q("33000", "kg"),     # 30000 * 0.35 + 22500
    )
    assert row.shows_estimate_in_all


def test_tonnes_of_coveralls_are_estimated_as_a_whole_number_of_pieces():
    row = item_totals([line(1, "coverall", "22500", MASS)])[0]
    assert row.estimated is not None
    assert row.estimated.base == q("64286", "piece")
    assert row.estimated.mass == q("22500", "kg")
    assert row.shows_estimate_in_all


def test_a_counted_only_item_with_unit_mass_is_estimated_in_kilograms():
    row = item_totals([line(1, "coverall", "30000")])[0]
    assert row.estimated is not None
    assert row.estimated.mass == q("10500", "kg")
    assert row.estimated.base == q("30000", "piece")
    assert not row.shows_estimate_in_all  # its count is exact: no "in all" estimate to show


def test_a_volume_item_is_estimated_in_litres_to_the_millionth():
    row = item_totals([line(1, "gel", "18"), line(2, "gel", "1", MASS)])[0]
    assert row.estimated == ItemEstimate(
        unit_mass_kg=Decimal("1.1"),
        base=q("18.909091", "L"),  # 18 + 1 / 1.1
        mass=q("20.8", "kg"),
    )


@pytest.mark.parametrize("lines", [
    [line(1, "unweighed", "100")],
    [line(1, "unweighed", "100"), line(2, "unweighed", "3", MASS)],
    [line(1, "bulk", "500")],
])
def test_no_estimate_without_a_unit_mass_or_for_an_item_measured_by_mass(lines):
    row = item_totals(lines)[0]
    assert row.estimated is None
    assert not row.shows_estimate_in_all


def test_gross_mass_adds_exact_mass_lines_and_estimated_counted_lines():
    mass = gross_mass([line(1, "coverall", "22500", MASS), line(2, "coverall", "30000"),
                       line(3, "n95", "120000"), line(4, "bulk", "12.5"), line(5, "gel", "18")])
    assert mass == GrossMass(exact_part=q("22512.5", "kg"),
                             estimated_part=q("11959.8", "kg"),  # 10500 + 1440 + 19.8
                             rounded=False, unweighed_lines=())
    assert mass.total == q("34472.3", "kg")
    assert (mass.estimated, mass.complete) == (True, True)


def test_gross_mass_lists_the_lines_of_items_without_unit_mass_and_is_incomplete():
    mass = gross_mass([line(1, "unweighed", "10"), line(2, "coverall", "100"),
                       line(3, "unweighed", "4"), line(4, "unweighed", "2", MASS)])
    assert mass.unweighed_lines == (1, 3)
    assert mass.complete is False
    assert mass.total == q("37", "kg")
    assert mass.exact_part == q("2", "kg")
    assert mass.estimated_part == q("35", "kg")


def test_gross_mass_of_only_mass_lines_is_exact_and_not_flagged_as_estimated():
    mass = gross_mass([line(1, "coverall", "14500", MASS), line(2, "coverall", "8000", MASS)])
    assert mass.total == q("22500", "kg")
    assert mass.estimated_part == q("0", "kg")
    assert (mass.estimated, mass.complete) == (False, True)


def test_estimated_gross_mass_is_rounded_to_a_milligram():
    mass = gross_mass([line(1, "n95", "1"), line(2, "n95", "1")])
    assert mass.estimated_part == q("0.024", "kg")
    tiny = gross_mass([line(1, "gel", "0.000001")])
    assert tiny.estimated_part == q("0.000001", "kg")  # 0.0000011 kg


def test_shipment_totals_of_the_demo_nitra_donation():
    totals = shipment_totals([line(1, "n95", "120000"), line(2, "coverall", "30000")])
    assert totals.line_count == 2
    assert [row.totals for row in totals.items] == [
        (total(COUNT, "120000", "piece"),),
        (total(COUNT, "30000", "piece"),),
    ]
    assert totals.gross_mass.total == q("11940", "kg")
    assert totals.gross_mass.complete is True


def test_shipment_totals_of_no_lines_are_empty_and_complete():
    totals = shipment_totals([])
    assert totals == ShipmentTotals(
        line_count=0, items=(),
        gross_mass=GrossMass(exact_part=q("0", "kg"), estimated_part=q("0", "kg"), rounded=False,
                             unweighed_lines=()))
    assert (totals.gross_mass.total, totals.gross_mass.estimated, totals.gross_mass.complete) == (
        q("0", "kg"), False, True)


@pytest.mark.parametrize(("value", "dimension", "rounded"), [
    ("64285.714285714", COUNT, "64286"),
    ("2.5", COUNT, "2"),
    ("3.5", COUNT, "4"),
    ("0.0000015", MASS, "0.000002"),
    ("0.0000025", MASS, "0.000002"),
    ("18.9090909", VOLUME, "18.909091"),
])
def test_round_estimate_gives_whole_counts_and_millionths_otherwise_half_even(value, dimension, rounded):
    assert round_estimate(Decimal(value), dimension) == Decimal(rounded)


def test_rounded_lines_make_the_totals_say_so():
    lines = [LineFacts(line_no=1, item_id=1, sku="BULK", name="Bulk", base_unit="kg",
                       base_dimension=Dimension.MASS, unit_mass_kg=None, dimension=Dimension.MASS,
                       value=Decimal("0.453592"), unit="kg", rounded=True),
             LineFacts(line_no=2, item_id=1, sku="BULK", name="Bulk", base_unit="kg",
                       base_dimension=Dimension.MASS, unit_mass_kg=None, dimension=Dimension.MASS,
                       value=Decimal("1"), unit="kg")]
    totals = shipment_totals(lines)
    assert totals.gross_mass.rounded is True
    assert totals.items[0].totals[0].rounded is True
    assert shipment_totals(lines[1:]).gross_mass.rounded is False
