"""Concurrent writers from the same version: exactly one wins, on the real database."""
from __future__ import annotations

from datetime import date

import pytest

from logistics import db
from logistics.domain.access import SYSTEM
from logistics.domain.shipments import AddLine, CreateShipment, Place, RecordEvent
from logistics.domain.workflow import Direction, Kind, Status
from logistics.errors import StaleVersion
from logistics.models import ShipmentEvent
from logistics.services import events, lines, shipments
from logistics.units import parse_quantity
from sqlmodel import select
from tests.race import THREADS, race


def _outbound(partner, **fields) -> CreateShipment:
    """Return the command for an outbound donation from CN to SK."""
    return CreateShipment(direction=Direction.OUTBOUND, kind=Kind.DONATION, counterparty_id=partner.id,
                          origin=Place("CN"), destination=Place("SK"), **fields)


@pytest.mark.parametrize("targets", [["confirmed"], ["confirmed", "cancelled"]],
                         ids=["same-transition", "confirm-or-cancel"])
def test_concurrent_transitions_from_one_version_have_exactly_one_winner(app, make, targets):
    make.coverall()
    shipment = make.shipment()

    def transition(session, index):
        events.post_event(session, SYSTEM, shipment.reference, shipment.version,
                          RecordEvent(status=Status(targets[index % len(targets)])))

    outcomes = race(app, transition)
    assert outcomes.count("done") == 1, outcomes
    assert all(isinstance(o, StaleVersion) for o in outcomes if o != "done"), outcomes
    with db.new_session(app) as session:
        final = shipments.find_shipment(session, SYSTEM, shipment.id)
        assert final.version == shipment.version + 1
        transitions = session.exec(select(ShipmentEvent).where(
            ShipmentEvent.shipment_id == shipment.id, ShipmentEvent.kind == "transition")).all()
        assert len(transitions) == 1
        assert final.status == transitions[0].to_status


def test_concurrent_line_additions_from_one_version_add_exactly_one_line(app, make):
    make.coverall()
    shipment = make.shipment()

    def add(session, index):
        lines.add_line(session, SYSTEM, shipment.reference, shipment.version,
                       AddLine(sku="PPE-COV", quantity=parse_quantity(f"{index + 1} box")))

    outcomes = race(app, add)
    assert outcomes.count("done") == 1, outcomes
    with db.new_session(app) as session:
        final = shipments.find_shipment(session, SYSTEM, shipment.id)
        assert len(final.lines) == 2
        assert final.version == shipment.version + 1


def test_concurrent_creations_get_distinct_generated_references(app, make):
    make.coverall()
    partner = make.org()

    def create(session, index):
        shipments.create_shipment(session, SYSTEM, _outbound(
            partner, lines=(AddLine(sku="PPE-COV", quantity=parse_quantity("1 box")),)))

    outcomes = race(app, create)
    assert outcomes == ["done"] * THREADS
    with db.new_session(app) as session:
        references = [s.reference for s in session.exec(shipments.list_shipments(session, SYSTEM, {}))]
    assert len(set(references)) == THREADS


def test_generated_references_skip_hand_made_ones_with_the_same_prefix(app, make):
    make.coverall()
    partner = make.org()
    with db.new_session(app) as session:
        for index in range(60):
            shipments.create_shipment(session, SYSTEM, _outbound(
                partner, reference=f"OUT-2020-0001-X{index:02d}", planned_departure=date(2020, 5, 1)))
        first = shipments.create_shipment(session, SYSTEM, _outbound(partner, planned_departure=date(2020, 5, 1)))
        second = shipments.create_shipment(session, SYSTEM, _outbound(partner, planned_departure=date(2020, 6, 1)))
    assert (first.reference, second.reference) == ("OUT-2020-0001", "OUT-2020-0002")
