"""Actual dates on the pages: when an event happened, entries recorded late, the shipment's actual dates."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.web.pages import text_of

MARCH = {"confirmed": datetime(2020, 3, 1, tzinfo=UTC)}


def _main(response) -> str:
    html = response.get_data(as_text=True)
    return text_of(html[html.index("<main>"):html.index("</main>")])


def _history(response) -> str:
    text = _main(response)
    return text[text.index("History"):]


@pytest.fixture
def staff(make, signed_in):
    make.coverall()
    return signed_in("staff")


def test_dispatch_reported_with_a_local_time_and_offset_shows_the_actual_time_and_the_late_mark(make, staff):
    shipment = make.shipment(reference="OUT-2020-0001", status="confirmed", dates=MARCH)
    page = staff.get("/shipments/OUT-2020-0001")
    response = staff.submit(page, "Report dispatch (in transit)",
                            {"occurred_at": "2020-04-02T09:30", "utc_offset": "+08:00"})
    assert response.status_code == 302, _main(response)
    detail = staff.get("/shipments/OUT-2020-0001")
    history = _history(detail)
    assert "2020-04-02 01:30 UTC in transit" in history
    assert "years later" in history
    assert "Dispatched 2020-04-02 01:30 UTC" in _main(detail)
    assert shipment.dispatched_at is None  # the factory's copy; the page read the stored one


def test_a_time_without_an_offset_is_taken_as_utc_when_scripts_do_not_run(make, staff):
    make.shipment(reference="OUT-2020-0002", status="confirmed", dates=MARCH)
    page = staff.get("/shipments/OUT-2020-0002")
    response = staff.submit(page, "Record checkpoint", {"location": "Małaszewicze",
                                                        "occurred_at": "2020-04-05T10:00"})
    assert response.status_code == 302, _main(response)
    history = _history(staff.get("/shipments/OUT-2020-0002"))
    assert "2020-04-05 10:00 UTC checkpoint at Małaszewicze" in history


def test_a_future_time_is_refused_at_its_field_and_nothing_is_recorded(make, staff):
    make.shipment(reference="OUT-2020-0003", status="confirmed", dates=MARCH)
    page = staff.get("/shipments/OUT-2020-0003")
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = staff.submit(page, "Report dispatch (in transit)", {"occurred_at": tomorrow})
    assert response.status_code == 422
    assert "occurred_at is in the future" in _main(response)
    assert "in transit" not in _history(staff.get("/shipments/OUT-2020-0003"))


def test_a_garbled_time_is_a_422_naming_the_field(make, staff):
    make.shipment(reference="OUT-2020-0004", status="confirmed", dates=MARCH)
    page = staff.get("/shipments/OUT-2020-0004")
    response = staff.submit(page, "Report dispatch (in transit)",
                            {"occurred_at": "yesterday", "utc_offset": "x"})
    assert response.status_code == 422
    assert "occurred_at" in _main(response)


def test_an_entry_typed_in_now_is_not_marked_late(make, staff):
    make.shipment(reference="OUT-2020-0005", status="delivered")
    history = _history(staff.get("/shipments/OUT-2020-0005"))
    assert "later" not in history


def test_the_dashboard_lists_what_actually_arrived_in_the_period_the_user_chooses(make, signed_in):
    make.coverall()
    april = {**MARCH, "in_transit": datetime(2020, 4, 2, tzinfo=UTC), "delivered": datetime(2020, 4, 4, tzinfo=UTC)}
    make.shipment(reference="OUT-2020-0011", status="delivered", dates=april)
    make.shipment(reference="OUT-2020-0012", status="received",
                  dates={**april, "delivered": datetime(2020, 5, 6, tzinfo=UTC),
                         "received": datetime(2020, 5, 7, tzinfo=UTC)})
    make.shipment(reference="OUT-2020-0013", status="delivered")  # arrived today: not in 2020
    manager = signed_in("manager")
    page = manager.get("/dashboard")
    response = manager.submit(page, "Show", {"from": "2020-04-01", "to": "2020-04-30"})
    text = _main(response)
    arrived = text[text.index("Arrived"):text.index("Flows in and out")]
    assert "Arrived 2020-04-01 – 2020-04-30 (1)" in arrived
    assert "OUT-2020-0011 delivered 2020-04-04" in arrived
    assert "OUT-2020-0012" not in arrived and "OUT-2020-0013" not in arrived
    spring = _main(manager.get("/dashboard?from=2020-03-01&to=2020-05-31"))
    assert "(2)" in spring[spring.index("Arrived"):spring.index("Flows in and out")]


@pytest.mark.parametrize("query, field", [("from=2020-13-01", "from"), ("from=2020-05-01&to=2020-04-01", "to")])
def test_a_garbled_or_empty_dashboard_period_says_which_field_is_wrong(make, signed_in, query, field):
    page = signed_in("manager").get(f"/dashboard?{query}")
    assert page.status_code == 200
    assert f"{field} :" in _main(page) or f"{field}:" in _main(page)
