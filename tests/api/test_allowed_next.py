"""allowed_next lists exactly the moves the caller may post: every listed move is accepted, no other one is."""
from __future__ import annotations

import pytest

from tests.answers import expect

API = "/api/v1"
NEXT = {"draft": ["confirmed", "cancelled"], "confirmed": ["in_transit", "cancelled"],
        "in_transit": ["delivered"], "delivered": ["received"], "received": [], "cancelled": []}
PARTNER_MOVES = {("outbound", "in_transit"): ["delivered"], ("outbound", "delivered"): ["received"],
                 ("inbound", "confirmed"): ["in_transit"]}
SHIPMENTS = [(direction, status) for direction in ("outbound", "inbound") for status in NEXT]


def _move(caller, shipment: dict, target: str):
    body = {"status": target, **({"tracking_number": "CZE0001-0302"} if target == "in_transit" else {})}
    return caller.post(f"{API}/shipments/{shipment['id']}/events", json=body,
                       headers={"If-Match": f'"{shipment["version"]}"'})


@pytest.mark.parametrize("direction, status", [case for case in SHIPMENTS if case[1] != "draft"])
def test_a_partners_allowed_next_lists_only_moves_it_may_post_and_each_of_them_is_accepted(
        make, direction, status):
    make.coverall()
    org = make.org()
    partner = make.api("partner", org)
    expected = PARTNER_MOVES.get((direction, status), [])
    for target in NEXT[status]:  # every move the workflow allows, each from a fresh shipment
        created = make.shipment(counterparty=org, direction=direction, status=status)
        shipment = expect(partner.get(f"{API}/shipments/{created.id}"), 200)
        assert shipment["allowed_next"] == expected
        listed = expect(partner.get(f"{API}/shipments?page_size=100"), 200)
        assert [s["allowed_next"] for s in listed if s["id"] == created.id] == [expected]
        response = _move(partner, shipment, target)
        if target in expected:
            moved = expect(response, 201)["shipment"]
            assert moved["status"] == target
            assert moved["allowed_next"] == PARTNER_MOVES.get((direction, target), [])
        else:
            expect(response, 403)


@pytest.mark.parametrize("direction, status", SHIPMENTS)
def test_staff_allowed_next_lists_every_move_of_the_workflow_and_each_of_them_is_accepted(
        make, direction, status):
    make.coverall()
    staff = make.api("staff")
    for target in NEXT[status]:
        created = make.shipment(direction=direction, status=status)
        shipment = expect(staff.get(f"{API}/shipments/{created.id}"), 200)
        assert shipment["allowed_next"] == NEXT[status]
        assert expect(_move(staff, shipment, target), 201)["shipment"]["status"] == target
