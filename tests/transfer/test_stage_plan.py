"""Planning, the third stage of an import: checked shipments against stored ones, with no writes.

No database: what is stored is given as plain values, as the use case reads it.
"""
from __future__ import annotations

import dataclasses

import pytest

from logistics.domain.import_plan import StoredLine, StoredShipment, plan_shipments
from logistics.domain.workflow import Status
from tests.transfer.files import row
from tests.transfer.stages import checked

TWO_LINES = (row(line_no="1"), row(line_no="2", sku="RICE", quantity="22.5 t", unit=""))


def stored(shipment, *, status: Status | None = None, shipment_id: int = 41, version: int = 3,
           **header) -> StoredShipment:
    """Return a checked shipment as if stored (line ids 100, 101, ...), its header changed as given."""
    values = dataclasses.replace(shipment.header, status=status or shipment.header.status, **header)
    lines = {line.line_no: StoredLine(100 + index, line.values) for index, line in enumerate(shipment.lines)}
    return StoredShipment(shipment_id, version, values, lines)


def test_a_shipment_not_stored_is_created_with_its_lines():
    new = checked(*TWO_LINES)

    plan = plan_shipments([new], {})

    assert plan.create == (new,) and plan.change == () and plan.refusals == ()
    assert (plan.shipments_created, plan.lines_created) == (1, 2)


def test_a_shipment_stored_with_the_same_values_plans_nothing():
    new = checked(*TWO_LINES)

    plan = plan_shipments([new], {"IMP-0001": stored(new)})

    assert plan.create == () and plan.change == () and plan.refusals == ()
    assert (plan.shipments_unchanged, plan.lines_unchanged, plan.shipments_updated) == (1, 2, 0)


def test_a_changed_line_of_a_draft_is_updated_and_a_new_line_added_on_the_version_read():
    before = checked(*TWO_LINES)
    after = checked(TWO_LINES[0], row(line_no="2", sku="RICE", quantity="23 t", unit=""),
                    row(line_no="3", quantity="1 box", unit=""))

    plan = plan_shipments([after], {"IMP-0001": stored(before)})

    (change,) = plan.change
    assert (change.shipment_id, change.version, change.header) == (41, 3, ())
    assert [(line_id, line.line_no) for line_id, line in change.lines] == [(101, 2), (None, 3)]
    assert (plan.shipments_updated, plan.lines_updated, plan.lines_created,
            plan.lines_unchanged) == (1, 1, 1, 1)


def test_a_changed_header_column_is_planned_with_its_typed_value():
    before = checked(*TWO_LINES)
    after = checked(*(dict(r, carrier="DHL", planned_departure="2020-03-02") for r in TWO_LINES))

    (change,) = plan_shipments([after], {"IMP-0001": stored(before)}).change

    assert dict(change.header) == {"carrier": "DHL", "planned_departure": after.header.planned_departure}


@pytest.mark.parametrize("status", [Status.IN_TRANSIT, Status.DELIVERED, Status.RECEIVED, Status.CANCELLED])
def test_lines_of_a_shipment_past_confirmed_cannot_change_or_be_added(status):
    before = checked(*(dict(r, status=status.value) for r in TWO_LINES[:1]))
    after = checked(dict(TWO_LINES[0], status=status.value, quantity="999"),
                    dict(TWO_LINES[1], status=status.value))

    plan = plan_shipments([after], {"IMP-0001": stored(before)})

    assert plan.change == ()
    assert [(r.row, r.column, r.value) for r in plan.refusals] == [(2, "line_no", "1"), (3, "line_no", "2")]
    assert f"is {status}: its lines cannot change" in plan.refusals[0].reason
    assert "cannot gain a line" in plan.refusals[1].reason


def test_header_columns_change_only_where_the_stored_status_allows():
    before = checked(dict(TWO_LINES[0], status="in_transit"))
    after = checked(dict(TWO_LINES[0], status="in_transit", carrier="DHL", destination_country="PL"))

    plan = plan_shipments([after], {"IMP-0001": stored(before)})

    assert plan.change == () and plan.shipments_updated == 1
    (refusal,) = plan.refusals
    assert (refusal.row, refusal.column, refusal.value) == (2, "destination_country", "PL")
    assert refusal.reason == "cannot change while shipment IMP-0001 is in_transit (it holds 'SK')"


def test_an_import_does_not_move_a_shipment_along_the_workflow():
    new = checked(*(dict(r, status="confirmed") for r in TWO_LINES))

    plan = plan_shipments([new], {"IMP-0001": stored(new, status=Status.DRAFT)})

    assert [(r.row, r.column, r.value) for r in plan.refusals] == [(2, "status", "confirmed")]
    assert plan.refusals[0].reason.startswith("shipment IMP-0001 is draft: an import does not move")


def test_a_refused_value_shows_the_stored_one_as_it_is_stored():
    before = checked(dict(TWO_LINES[0], status="received", transport_mode="road"))
    after = checked(dict(TWO_LINES[0], status="received", transport_mode="rail"))

    (refusal,) = plan_shipments([after], {"IMP-0001": stored(before)}).refusals

    assert (refusal.column, refusal.value) == ("transport_mode", "rail")
    assert refusal.reason.endswith("(it holds 'road')")


def test_several_shipments_are_planned_each_against_its_own_stored_state():
    first, second = checked(row(reference="IMP-A")), checked(row(reference="IMP-B"))

    plan = plan_shipments([first, second], {"IMP-B": stored(second)})

    assert plan.create == (first,) and (plan.shipments_created, plan.shipments_unchanged) == (1, 1)
