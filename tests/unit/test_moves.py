"""moves_for: the one answer to which statuses an actor may move a shipment to now (no app, no database)."""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from logistics.domain.access import SYSTEM, Actor, may_move, may_record_checkpoint, moves_for
from logistics.domain.roles import Role
from logistics.domain.workflow import Direction, Status, allowed_next

STAFF = [Actor(1, Role.ADMIN), Actor(2, Role.MANAGER), Actor(3, Role.STAFF), SYSTEM]
PARTNER = Actor(4, Role.PARTNER, organization_id=7)
IN, OUT = Direction.INBOUND, Direction.OUTBOUND
EVERY_SHIPMENT = list(itertools.product(Direction, Status))


@dataclass(frozen=True)
class Stored:
    """A shipment as the database row holds it: plain strings."""

    direction: str
    status: str


@pytest.mark.parametrize("actor", STAFF, ids=lambda actor: actor.role.value)
@pytest.mark.parametrize(("direction", "status"), EVERY_SHIPMENT)
def test_staff_may_make_every_move_the_workflow_allows_now(actor, direction, status):
    assert moves_for(actor, Stored(direction.value, status.value)) == allowed_next(status)


@pytest.mark.parametrize(("direction", "status", "moves"), [
    (OUT, Status.IN_TRANSIT, (Status.DELIVERED,)),
    (OUT, Status.DELIVERED, (Status.RECEIVED,)),
    (IN, Status.CONFIRMED, (Status.IN_TRANSIT,)),
    *[(OUT, status, ()) for status in Status if status not in (Status.IN_TRANSIT, Status.DELIVERED)],
    *[(IN, status, ()) for status in Status if status is not Status.CONFIRMED],
])
def test_a_partner_may_only_say_outbound_goods_arrived_and_confirm_their_receipt_or_report_dispatch_of_inbound(
        direction, status, moves):
    assert moves_for(PARTNER, Stored(direction.value, status.value)) == moves


@pytest.mark.parametrize(("direction", "status"), EVERY_SHIPMENT)
def test_the_moves_of_a_partner_are_a_part_of_the_moves_of_staff_in_the_same_order(direction, status):
    shipment = Stored(direction.value, status.value)
    partner, staff = moves_for(PARTNER, shipment), moves_for(SYSTEM, shipment)
    assert [move for move in staff if move in partner] == list(partner)


@pytest.mark.parametrize(("direction", "target"), list(itertools.product(Direction, Status)))
def test_every_move_listed_is_one_the_actor_may_make_and_may_move_says_so_whatever_the_status(
        direction, target):
    partner_may = (direction, target) in {(OUT, Status.DELIVERED), (OUT, Status.RECEIVED), (IN, Status.IN_TRANSIT)}
    assert may_move(PARTNER, direction, target) is partner_may
    assert may_move(SYSTEM, direction, target) is True
    for status in Status:
        listed = target in moves_for(PARTNER, Stored(direction.value, status.value))
        assert listed == (partner_may and target in allowed_next(status))


def test_moves_for_reads_a_view_with_enum_members_as_it_reads_a_stored_row():
    assert moves_for(PARTNER, Stored(OUT, Status.DELIVERED)) == moves_for(PARTNER, Stored("outbound", "delivered"))


def test_only_staff_may_record_a_checkpoint():
    assert [may_record_checkpoint(actor) for actor in STAFF] == [True] * len(STAFF)
    assert may_record_checkpoint(PARTNER) is False
