"""Dates a record names must be ones that could have happened: 2000-01-01 to 2100-12-31, never year 1 or 9999.

A departure, an arrival, an expiry or the moment an event happened outside the window is a typing
slip (0202 for 2020, 9999-12-31 as "no date"); it is refused with a 422 naming the field and the
window, and nothing changes. List and report filters stay wide (tests/web/test_last_calendar_day.py).
"""
from __future__ import annotations

import pytest

from tests.answers import expect, field_errors

API = "/api/v1"
WINDOW = "from 2000-01-01 to 2100-12-31"


def field_errors(body: dict) -> dict:
    return body["errors"].get("json", body["errors"])


@pytest.fixture
def staff(make):
    make.coverall()
    return make.api("staff")


def _new(org, **fields) -> dict:
    return {"direction": "outbound", "kind": "donation", "counterparty_id": org.id,
            "origin": {"country": "CN"}, "destination": {"country": "SK"},
            "lines": [{"sku": "PPE-COV", "quantity": "100 piece"}], **fields}


@pytest.mark.parametrize("field, day", [
    ("planned_departure", "0001-01-01"), ("planned_departure", "1999-12-31"),
    ("expected_arrival", "9999-12-31"), ("expected_arrival", "2101-01-01"),
])
def test_a_shipment_date_outside_the_window_is_a_422_naming_the_field_and_the_window(
        make, staff, field, day):
    org = make.org()

    body = expect(staff.post(f"{API}/shipments", json=_new(org, **{field: day})), 422)

    said = str(field_errors(body)[field])
    assert WINDOW in said and day in said, said
    assert expect(staff.get(f"{API}/shipments"), 200) == []


def test_the_window_s_first_and_last_days_are_accepted(make, staff):
    org = make.org()
    created = expect(staff.post(f"{API}/shipments", json=_new(
        org, planned_departure="2000-01-01", expected_arrival="2100-12-31",
        lines=[{"sku": "PPE-COV", "quantity": "1 piece", "expiry": "2100-12-31"}])), 201)
    assert (created["planned_departure"], created["expected_arrival"]) == ("2000-01-01", "2100-12-31")
    assert created["lines"][0]["expiry"] == "2100-12-31"


def test_a_patch_to_a_date_outside_the_window_changes_nothing(make, staff):
    shipment = make.shipment()
    before = expect(staff.get(f"{API}/shipments/{shipment.reference}"), 200)

    body = expect(staff.patch(f"{API}/shipments/{shipment.reference}", json={"planned_departure": "0202-03-01"},
                               headers={"If-Match": f'"{before["version"]}"'}), 422)

    assert WINDOW in str(field_errors(body)["planned_departure"])
    assert expect(staff.get(f"{API}/shipments/{shipment.reference}"), 200) == before


@pytest.mark.parametrize("day", ["1900-01-01", "9999-12-31"])
def test_a_line_expiry_outside_the_window_is_refused_on_add_and_on_change(make, staff, day):
    shipment = make.shipment()
    before = expect(staff.get(f"{API}/shipments/{shipment.reference}"), 200)
    version = {"If-Match": f'"{before["version"]}"'}

    added = expect(staff.post(f"{API}/shipments/{shipment.reference}/lines",
                               json={"sku": "PPE-COV", "quantity": "1 piece", "expiry": day}, headers=version), 422)
    line_id = before["lines"][0]["id"]
    changed = expect(staff.patch(f"{API}/shipments/{shipment.reference}/lines/{line_id}",
                                  json={"expiry": day}, headers=version), 422)

    for body in (added, changed):
        assert WINDOW in str(field_errors(body)["expiry"])
    assert expect(staff.get(f"{API}/shipments/{shipment.reference}"), 200) == before


def test_an_event_before_the_window_is_a_422_naming_occurred_at_and_the_first_day(make, staff):
    shipment = make.shipment(status="confirmed")
    before = expect(staff.get(f"{API}/shipments/{shipment.reference}/events"), 200)
    version = expect(staff.get(f"{API}/shipments/{shipment.reference}"), 200)["version"]

    body = expect(staff.post(f"{API}/shipments/{shipment.reference}/events",
                              json={"location": "Małaszewicze", "occurred_at": "1999-12-31T23:30:00+00:00"},
                              headers={"If-Match": f'"{version}"'}), 422)

    assert "must lie between 2000-01-01 and now" in str(field_errors(body)["occurred_at"])
    assert expect(staff.get(f"{API}/shipments/{shipment.reference}/events"), 200) == before


def test_the_openapi_document_states_the_window_on_each_date_a_client_sends(client):
    schemas = client.get(f"{API}/openapi.json").get_json()["components"]["schemas"]
    for schema, field in (("ShipmentIn", "planned_departure"), ("ShipmentIn", "expected_arrival"),
                          ("LineIn", "expiry")):
        assert WINDOW in schemas[schema]["properties"][field]["description"], (schema, field)


@pytest.mark.parametrize("moment", ["2000-01-01T05:00:00+08:00", "2000-01-01T00:00:00+00:00"])
def test_the_first_day_counts_on_the_local_calendar_of_the_moment_given(make, staff, moment):
    """05:00 on 1 January 2000 in Cangzhou (21:00 UTC the day before) happened on the window's first day.

    It was refused with "must lie between 2000-01-01 and now, not in year 2000", which contradicts itself.
    """
    shipment = make.shipment()
    body = expect(staff.post(f"{API}/shipments/{shipment.reference}/events",
                              json={"status": "confirmed", "occurred_at": moment}, headers={"If-Match": '"1"'}), 201)
    assert body["event"]["to_status"] == "confirmed"


def test_a_moment_on_the_day_before_the_window_is_refused_naming_its_own_year(make, staff):
    shipment = make.shipment()
    body = expect(staff.post(f"{API}/shipments/{shipment.reference}/events",
                              json={"status": "confirmed", "occurred_at": "1999-12-31T23:30:00-05:00"},
                              headers={"If-Match": '"1"'}), 422)
    assert "not in year 1999" in str(field_errors(body)["occurred_at"])
