"""A receipt's errors name the line by its number as printed (from 1), never by the request's path."""
from __future__ import annotations

import pytest

API = "/api/v1"


@pytest.fixture
def delivered(make):
    make.coverall()
    make.mask()
    return make.shipment(lines=[("PPE-COV", "100 piece"), ("PPE-N95", "2 box")], status="delivered")


@pytest.mark.parametrize("quantity, said", [("12 parsec", "unknown unit"), ("lots", ""), (12, ""),
                                            ("-3 piece", ""), ("nan piece", "")])
def test_a_received_quantity_that_cannot_be_read_is_refused_naming_its_line_by_number(
        make, delivered, quantity, said):
    staff = make.api("staff")
    state = staff.get(f"{API}/shipments/{delivered.id}").get_json()
    second = state["lines"][1]["id"]

    response = staff.post(f"{API}/shipments/{delivered.id}/events", headers={"If-Match": f'"{state["version"]}"'},
                          json={"status": "received", "received": [{"line_id": second, "quantity": quantity}]})

    body = response.get_json()
    assert response.status_code == 422, body
    assert body["message"].startswith("the receipt was not recorded: line 2: ")
    assert said in body["message"]
    assert "received.0" not in body["message"] and "json" not in body["message"]
    assert body["errors"]["received"]["0"]["quantity"][0].startswith("line 2: ")
    assert staff.get(f"{API}/shipments/{delivered.id}").get_json() == state
