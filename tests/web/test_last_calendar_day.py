"""A period may end on the last day the calendar holds (9999-12-31): everything up to it, never a 500."""
from __future__ import annotations

import pytest

API = "/api/v1"
LAST = "9999-12-31"


@pytest.fixture
def dispatched(make):
    make.coverall()
    return make.shipment(counterparty=make.org(), status="in_transit")


@pytest.mark.parametrize("path", [
    f"{API}/shipments?date_basis=actual&to={LAST}",
    f"{API}/reports/flows?date_basis=actual&from=0001-01-01&to={LAST}",
    f"{API}/reports/flows?to={LAST}",
    f"{API}/reports/flows.csv?from=0001-01-01&to={LAST}",
])
def test_the_api_reads_a_period_ending_on_the_last_calendar_day(make, dispatched, path):
    response = make.api("manager").get(path)

    # Before: 500 (OverflowError: the day after 9999-12-31).
    assert response.status_code == 200, response.get_data()[:300]
    if "shipments?date_basis=actual" in path:
        assert [row["reference"] for row in response.get_json()] == [dispatched.reference]


@pytest.mark.parametrize("path", [f"/dashboard?from=2020-01-01&to={LAST}", f"/reports?to={LAST}",
                                  f"/shipments?date_basis=actual&to={LAST}", f"/reports/flows.csv?to={LAST}"])
def test_the_pages_read_a_period_ending_on_the_last_calendar_day(signed_in, dispatched, path):
    response = signed_in("manager").get(path)

    assert response.status_code == 200, response.get_data()[:300]
