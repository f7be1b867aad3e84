"""The shipment status workflow: which moves are allowed, when lines change, what partners may do."""
from __future__ import annotations

import itertools

import pytest

from logistics.domain.workflow import (
    Direction, Status, allowed_next, check_transition, is_earlier_or_same, lines_editable,
    partner_may_transition,
)
from logistics.errors import Conflict, InvalidTransition

D, C, T, DL, R, X = (Status.DRAFT, Status.CONFIRMED, Status.IN_TRANSIT, Status.DELIVERED,
                     Status.RECEIVED, Status.CANCELLED)

ALLOWED = {(D, C), (D, X), (C, T), (C, X), (T, DL), (DL, R)}
EXPECTED_NEXT = {D: "confirmed, cancelled", C: "in_transit, cancelled", T: "delivered",
                 DL: "received", R: "none (it is final)", X: "none (it is final)"}
ALL_PAIRS = list(itertools.product(Status, repeat=2))
REFUSED = [pair for pair in ALL_PAIRS if pair not in ALLOWED]


def test_the_statuses_are_the_six_of_the_workflow():
    assert [status.value for status in Status] == [
        "draft", "confirmed", "in_transit", "delivered", "received", "cancelled"]


def test_every_pair_of_statuses_is_either_allowed_or_refused():
    assert len(ALL_PAIRS) == 36
    assert len(REFUSED) == 30


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transition_passes(current, target):
    assert check_transition(current, target) is None


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_any_other_transition_is_refused_naming_current_and_allowed_statuses(current, target):
    with pytest.raises(InvalidTransition) as caught:
        check_transition(current, target)
    allowed = EXPECTED_NEXT[current]
    assert caught.value.message == (
        f"cannot move a shipment from {current.value} to {target.value}: "
        f"allowed next statuses are {allowed}")
    assert str(caught.value) == caught.value.message
    assert caught.value.fields == {"status": [f"current status is {current.value}; allowed: {allowed}"]}


def test_invalid_transition_is_a_conflict():
    with pytest.raises(Conflict):
        check_transition(R, D)


@pytest.mark.parametrize("status", list(Status))
def test_allowed_next_lists_exactly_the_allowed_targets_in_order(status):
    expected = tuple(target for current, target in ALL_PAIRS if (current, target) in ALLOWED
                     and current is status)
    assert allowed_next(status) == expected


@pytest.mark.parametrize("status", [R, X])
def test_received_and_cancelled_are_final(status):
    assert allowed_next(status) == ()


@pytest.mark.parametrize(("status", "editable"), [
    (D, True), (C, True), (T, False), (DL, False), (R, False), (X, False),
])
def test_lines_are_editable_only_in_draft_and_confirmed(status, editable):
    assert lines_editable(status) is editable


@pytest.mark.parametrize(("direction", "target"), list(itertools.product(Direction, Status)))
def test_partner_may_only_say_an_outbound_arrived_and_confirm_its_receipt_or_report_dispatch_of_inbound(
        direction, target):
    expected = (direction, target) in {(Direction.OUTBOUND, DL), (Direction.OUTBOUND, R), (Direction.INBOUND, T)}
    assert partner_may_transition(direction, target) is expected


@pytest.mark.parametrize("status, than, expected", [
    (Status.DRAFT, Status.RECEIVED, True), (Status.CONFIRMED, Status.CONFIRMED, True),
    (Status.DRAFT, Status.CANCELLED, True), (Status.IN_TRANSIT, Status.CANCELLED, False),
    (Status.RECEIVED, Status.DELIVERED, False), (Status.CANCELLED, Status.DRAFT, False)])
def test_a_status_is_earlier_than_those_the_workflow_leads_to_from_it(status, than, expected):
    assert is_earlier_or_same(status, than) is expected
