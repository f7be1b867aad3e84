"""A received quantity that differs from what was sent needs a reason; an over-receipt is flagged."""
from __future__ import annotations

import pytest

from tests.answers import expect

API = "/api/v1"


@pytest.fixture
def staff(make):
    make.coverall()
    make.mask()
    return make.api("staff")


@pytest.fixture
def delivered(make):
    """A delivered shipment: line 1 is 100,000 coveralls, line 2 is 2 boxes of masks (40 pieces)."""
    return make.shipment(lines=[("PPE-COV", "100000 piece"), ("PPE-N95", "2 box")], status="delivered")


def _receive(api, shipment, *entries):
    state = expect(api.get(f"{API}/shipments/{shipment.id}"), 200)
    ids = [line["id"] for line in state["lines"]]
    body = {"status": "received", "received": [{"line_id": ids[at], **entry} for at, entry in entries]}
    return api.post(f"{API}/shipments/{shipment.id}/events", json=body,
                    headers={"If-Match": f'"{state["version"]}"'}), state


REFUSED = [
    # what arrived of line 2 (40 piece sent), and what the refusal says
    ({"quantity": "999999999 piece"}, "reason", "line 2: 999,999,959 piece more arrived than was sent (an over-receipt)"),
    ({"quantity": "50 piece", "reason": "damaged"}, "reason", "confirm it with reason over"),
    ({"quantity": "30 piece"}, "reason", "line 2: 10 piece less arrived than was sent: give a reason"),
    ({"quantity": "30 piece", "reason": "over"}, "reason", "reason over means more arrived"),
    ({"quantity": "40 piece", "reason": "short"}, "reason", "reason short means less arrived"),
    ({"quantity": "30 piece", "reason": "other"}, "note", "with reason other, say in the note what happened"),
    ({"quantity": "30 piece", "reason": "other", "note": "   "}, "note", "say in the note"),
]


@pytest.mark.parametrize("entry, field, said", REFUSED)
def test_a_differing_quantity_without_a_fitting_reason_is_422_naming_the_line_and_nothing_changes(
        staff, delivered, entry, field, said):
    response, before = _receive(staff, delivered, (1, entry))

    body = expect(response, 422)
    assert said in body["message"]
    assert "received.0" not in body["message"]
    assert said in body["errors"]["received"]["0"][field][0]
    assert expect(staff.get(f"{API}/shipments/{delivered.id}"), 200) == before


def test_an_over_receipt_with_reason_over_is_recorded_and_flagged(staff, delivered):
    response, _ = _receive(staff, delivered, (0, {"quantity": "999999999 piece", "reason": "over",
                                                  "note": "counted twice?"}))

    line = expect(response, 201)["shipment"]["lines"][0]
    assert line["discrepancy"] == {"value": "999899999", "unit": "piece"}
    assert line["over_receipt"] is True
    assert (line["received_reason"], line["received_note"]) == ("over", "counted twice?")


@pytest.mark.parametrize("quantity, reason", [("30 piece", "short"), ("30 piece", "damaged"),
                                              ("0 piece", "wrong_item"), ("40 piece", "expired"),
                                              ("40 piece", "damaged"), ("40 piece", None)])
def test_a_reason_that_fits_is_recorded_and_lines_not_listed_arrive_in_full_without_one(
        staff, delivered, quantity, reason):
    response, _ = _receive(staff, delivered, (1, {"quantity": quantity, "reason": reason}))

    in_full, line = expect(response, 201)["shipment"]["lines"]
    assert (line["received_reason"], line["over_receipt"]) == (reason, False)
    assert (in_full["received_reason"], in_full["over_receipt"], in_full["discrepancy"]["value"]) == \
        (None, False, "0")


def test_an_unknown_reason_is_refused_by_the_schema_with_the_list(staff, delivered):
    response, _ = _receive(staff, delivered, (1, {"quantity": "30 piece", "reason": "stolen"}))
    body = expect(response, 422)
    assert "short" in str(body["errors"]) and "over" in str(body["errors"])


def test_the_openapi_document_lists_the_reasons(client):
    schemas = client.get(f"{API}/openapi.json").get_json()["components"]["schemas"]
    received = next(s for name, s in schemas.items() if name.startswith("Received") and "reason" in s["properties"])
    assert received["properties"]["reason"]["enum"][:6] == ["short", "damaged", "wrong_item", "expired",
                                                           "over", "other"]
    line = schemas["ShipmentLine"]["properties"]
    assert "over" in line["received_reason"]["enum"] and line["over_receipt"]["type"] == "boolean"
