"""The shipment pages refuse a date outside the window as the API does, and offer only the window's days."""
from __future__ import annotations

import re

import pytest

from tests.web.pages import input_value

WINDOW = "from 2000-01-01 to 2100-12-31"


@pytest.fixture
def catalogue(make):
    return make.coverall(), make.mask()


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_a_departure_in_year_1900_is_refused_on_the_form_with_the_window_and_kept_as_typed(
        make, signed_in, catalogue):
    org = make.org(name="Nitra Hospital")
    staff = signed_in("staff")
    typed = {"direction": "outbound", "kind": "donation", "counterparty_id": str(org.id),
             "origin_country": "CN", "destination_country": "SK", "planned_departure": "1900-03-02",
             "line-0-sku": "PPE-COV", "line-0-quantity": "1,200 box", "line-0-expiry": "9999-12-31"}

    response = staff.submit(staff.get("/shipments/new"), "Log shipment", typed)

    html = _html(response)
    assert response.status_code == 422
    assert input_value(html, "planned_departure") == "1900-03-02"
    for name in ("planned_departure", "line-0-expiry"):
        error = re.search(rf'id="{name}-error">([^<]*)<', html)
        assert error and WINDOW in error.group(1), name
    assert "/shipments/OUT-" not in _html(staff.get("/shipments"))


def test_the_date_inputs_of_a_shipment_offer_only_the_window(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001")
    make.shipment(reference="OUT-2020-0002", status="in_transit")
    staff = signed_in("staff")
    pages = [_html(staff.get(path)) for path in ("/shipments/new", "/shipments/OUT-2020-0001/edit",
                                                "/shipments/OUT-2020-0001", "/shipments/OUT-2020-0002")]
    for name in ("planned_departure", "expected_arrival", "line-0-expiry"):
        assert re.search(rf'name="{name}"[^>]*min="2000-01-01" max="2100-12-31"', pages[0]), name
    assert re.search(r'name="expected_arrival"[^>]*min="2000-01-01" max="2100-12-31"', pages[1])
    assert re.search(r'name="expiry"[^>]*min="2000-01-01" max="2100-12-31"', pages[2])
    assert re.search(r'name="occurred_at"[^>]*min="2000-01-01T00:00"', pages[3])
    # a list's filters stay wide: any day may start or end a period
    assert 'min="2000' not in _html(staff.get("/shipments")).split('name="from"')[1].split(">")[0]
