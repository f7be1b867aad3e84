"""When things actually happened: an event's occurred_at and recorded_at, a shipment's actual dates."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.answers import expect, field_errors

API = "/api/v1"


def _post(api, key, body: dict):
    version = expect(api.get(f"{API}/shipments/{key}"), 200)["version"]
    return api.post(f"{API}/shipments/{key}/events", json=body, headers={"If-Match": f'"{version}"'})


MARCH = {"confirmed": datetime(2020, 3, 1, tzinfo=UTC)}


@pytest.fixture
def staff(make):
    make.coverall()
    return make.api("staff")


def test_an_event_keeps_when_it_happened_with_its_offset_and_when_it_was_recorded(make, staff):
    shipment = make.shipment(status="confirmed", dates=MARCH)
    before = datetime.now(UTC)
    result = expect(_post(staff, shipment.reference, {"status": "in_transit",
                                                       "occurred_at": "2020-04-02T09:30:00+08:00"}), 201)
    event = result["event"]
    assert datetime.fromisoformat(event["occurred_at"]) == datetime(2020, 4, 2, 1, 30, tzinfo=UTC)
    assert datetime.fromisoformat(event["recorded_at"]) >= before - timedelta(seconds=1)
    assert event["recorded_later"].startswith("recorded ") and event["recorded_later"].endswith("years later")
    assert datetime.fromisoformat(result["shipment"]["dispatched_at"]) == datetime(2020, 4, 2, 1, 30, tzinfo=UTC)
    history = expect(staff.get(f"{API}/shipments/{shipment.reference}/events"), 200)
    assert history[-1] == event


def test_an_event_without_occurred_at_happened_now_and_is_not_marked_late(make, staff):
    shipment = make.shipment(status="confirmed", dates=MARCH)
    event = expect(_post(staff, shipment.reference, {"status": "in_transit"}), 201)["event"]
    assert event["occurred_at"] == event["recorded_at"]
    assert event["recorded_later"] is None


def test_an_entry_recorded_three_days_later_says_so(make, staff):
    shipment = make.shipment(status="confirmed", dates=MARCH)
    three_days_ago = (datetime.now(UTC) - timedelta(days=3, hours=1)).isoformat()
    event = expect(_post(staff, shipment.reference, {"location": "Małaszewicze",
                                                      "occurred_at": three_days_ago}), 201)["event"]
    assert event["recorded_later"] == "recorded 3 days later"


@pytest.mark.parametrize("occurred_at, says", [
    ((datetime.now(UTC) + timedelta(hours=1)).isoformat(), "is in the future"),
    ("2999-01-01T00:00:00+00:00", "must lie between 2000-01-01 and now"),
    ("0001-01-01T00:00:00+14:00", "must lie between 2000-01-01 and now"),
])
def test_a_moment_in_the_future_or_far_off_is_a_422_naming_occurred_at_and_changes_nothing(
        make, staff, occurred_at, says):
    shipment = make.shipment(status="confirmed", dates=MARCH)
    before = expect(staff.get(f"{API}/shipments/{shipment.reference}"), 200)
    body = expect(_post(staff, shipment.reference, {"status": "in_transit", "occurred_at": occurred_at}), 422)
    assert says in str(field_errors(body)["occurred_at"])
    assert expect(staff.get(f"{API}/shipments/{shipment.reference}"), 200) == before


def test_a_small_clock_skew_is_accepted(make, staff):
    shipment = make.shipment(status="confirmed", dates=MARCH)
    soon = (datetime.now(UTC) + timedelta(minutes=2)).isoformat()
    expect(_post(staff, shipment.reference, {"status": "in_transit", "occurred_at": soon}), 201)


def test_a_moment_before_the_previous_event_is_a_422_and_changes_nothing(make, staff):
    shipment = make.shipment(status="in_transit", dates={**MARCH, "in_transit": datetime(2020, 4, 10, tzinfo=UTC)})
    before = expect(staff.get(f"{API}/shipments/{shipment.reference}/events"), 200)
    body = expect(_post(staff, shipment.reference, {"status": "delivered",
                                                     "occurred_at": "2020-04-09T23:00:00+00:00"}), 422)
    assert "before the shipment's previous event (2020-04-10 00:00 UTC)" in str(field_errors(body)["occurred_at"])
    assert expect(staff.get(f"{API}/shipments/{shipment.reference}/events"), 200) == before


def test_a_time_without_an_offset_is_a_422_naming_occurred_at(make, staff):
    shipment = make.shipment(status="confirmed", dates=MARCH)
    body = expect(_post(staff, shipment.reference, {"status": "in_transit",
                                                     "occurred_at": "2020-04-02T09:30:00"}), 422)
    assert "occurred_at" in field_errors(body)


def test_the_shipment_exposes_its_actual_dates_beside_the_planned_ones(make, staff):
    dates = {"in_transit": datetime(2020, 4, 2, 6, tzinfo=UTC), "delivered": datetime(2020, 4, 4, 15, tzinfo=UTC),
             "received": datetime(2020, 4, 6, 8, tzinfo=UTC)}
    shipment = make.shipment(status="received", dates={**MARCH, **dates}, planned_departure=datetime(2020, 4, 1).date())
    body = expect(staff.get(f"{API}/shipments/{shipment.reference}"), 200)
    assert body["planned_departure"] == "2020-04-01"
    assert [datetime.fromisoformat(body[name]) for name in ("dispatched_at", "delivered_at", "received_at")] \
        == list(dates.values())
    draft = make.shipment()
    body = expect(staff.get(f"{API}/shipments/{draft.reference}"), 200)
    assert (body["dispatched_at"], body["delivered_at"], body["received_at"]) == (None, None, None)


def test_the_list_filters_by_actual_dispatch_or_by_planned_departure(make, staff):
    april = make.shipment(status="in_transit", dates={**MARCH, "in_transit": datetime(2020, 4, 30, 23, tzinfo=UTC)},
                          planned_departure=datetime(2020, 3, 1).date())
    may = make.shipment(status="in_transit", dates={**MARCH, "in_transit": datetime(2020, 5, 1, tzinfo=UTC)},
                        planned_departure=datetime(2020, 4, 15).date())
    make.shipment(planned_departure=datetime(2020, 4, 20).date())  # never dispatched

    def listed(query: str) -> set[str]:
        return {s["reference"] for s in expect(staff.get(f"{API}/shipments?{query}"), 200)}

    assert listed("from=2020-04-01&to=2020-04-30&date_basis=actual") == {april.reference}
    assert listed("from=2020-05-01&date_basis=actual") == {may.reference}
    planned = listed("from=2020-04-01&to=2020-04-30")
    assert may.reference in planned and april.reference not in planned
    body = expect(staff.get(f"{API}/shipments?date_basis=sometimes"), 422)
    assert "date_basis" in body["errors"]["query"]


def test_staff_read_the_tracking_url_and_partners_do_not(make, app):
    make.coverall()
    partner_org = make.org()
    shipment = make.shipment(counterparty=partner_org, status="confirmed")
    for role in ("staff", "manager", "admin"):
        body = expect(make.api(role).get(f"{API}/shipments/{shipment.reference}"), 200)
        assert body["tracking_url"] == f"{app.config['PUBLIC_URL']}/track/{shipment.tracking_token}"
    partner = make.api("partner", partner_org)
    body = expect(partner.get(f"{API}/shipments/{shipment.reference}"), 200)
    assert body["tracking_url"] is None
    assert all(s["tracking_url"] is None for s in expect(partner.get(f"{API}/shipments"), 200))
    listed = expect(make.api("staff").get(f"{API}/shipments"), 200)
    assert listed[0]["tracking_url"].endswith(shipment.tracking_token)


def test_the_openapi_document_describes_the_new_fields(make):
    document = expect(make.anonymous().get(f"{API}/openapi.json"), 200)
    schemas = document["components"]["schemas"]
    shipment = schemas["Shipment"]["properties"]
    for name in ("dispatched_at", "delivered_at", "received_at", "tracking_url"):
        assert name in shipment, name
    assert {"occurred_at", "recorded_at", "recorded_later"} <= set(schemas["Event"]["properties"])
    assert "occurred_at" in schemas["EventIn"]["properties"]
