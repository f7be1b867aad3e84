"""Customs data on the pages: the forms take declared values, origin, net mass, Incoterms and document
numbers; the shipment page shows them with value totals per currency; a refused value says why."""
from __future__ import annotations

import re

import pytest

from tests.web.test_shipment_pages import _detail, _html, _line_rows, _main, _new_shipment_form


@pytest.fixture
def catalogue(make):
    return make.coverall(), make.mask()


def test_a_shipment_logged_with_customs_data_shows_it_and_totals_values_per_currency(make, signed_in, catalogue):
    org = make.org(name="Nitra Hospital")
    staff = signed_in("staff")
    form = {**_new_shipment_form(org), "incoterm": "DAP", "incoterm_place": "Nitra",
            "cmr_number": "CMR-77", "awb_number": "157 1234567 5",
            "line-0-country_of_origin": "cz", "line-0-net_mass": "9.8 t",
            "line-0-value_amount": "1,250.50", "line-0-value_currency": "eur",
            "line-1-value_amount": "40000", "line-1-value_currency": "CZK",
            "line-2-sku": "PPE-N95", "line-2-quantity": "10 box",
            "line-2-value_amount": "100", "line-2-value_currency": "EUR"}

    response = staff.submit(staff.get("/shipments/new"), "Log shipment", form)

    assert response.status_code == 302, _main(response)
    page = _detail(staff, "OUT-2020-0001")
    rows = _line_rows(page)
    assert [(row["Origin"], row["Net mass"], row["Declared value"]) for row in rows] == [
        ("CZ", "9.8 tonnes", "1,250.50 EUR"), ("—", "—", "40,000.00 CZK"), ("—", "—", "100.00 EUR")]
    text = _main(page)
    assert "Incoterms 2020 DAP Nitra" in text
    assert "CMR consignment note CMR-77" in text and "Air waybill (AWB) 157-12345675" in text
    assert "Declared value: 40,000.00 CZK" in text and "Declared value: 1,350.50 EUR" in text
    assert "Net mass (declared): 9,800 kilograms (lines 2, 3 have none)" in text


@pytest.mark.parametrize("amount, currency, message", [
    ("12.505", "EUR", "EUR has at most 2 decimals"),
    ("1250.5", "JPY", "JPY has no decimals"),
    ("12,5", "EUR", "is not an amount"),
    ("10", "EURO", "is not an ISO 4217 currency code"),
])
def test_a_refused_declared_value_on_the_add_line_form_says_why_and_adds_nothing(
        make, signed_in, catalogue, amount, currency, message):
    make.shipment(reference="OUT-2020-0001", lines=[("PPE-COV", "100 piece")])
    staff = signed_in("staff")

    response = staff.submit(_detail(staff, "OUT-2020-0001"), "Add line",
                            {"sku": "PPE-N95", "quantity": "2 carton", "value_amount": amount,
                             "value_currency": currency})

    assert response.status_code == 422
    assert message in _html(response).replace("&#39;", "'")
    assert len(_line_rows(_detail(staff, "OUT-2020-0001"))) == 1


def test_a_lines_value_origin_and_net_mass_change_from_its_row_and_clear_when_emptied(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001", lines=[("PPE-COV", "100 piece")])
    staff = signed_in("staff")

    changed = staff.submit(_detail(staff, "OUT-2020-0001"), "Save",
                           {"value_amount": "99.90", "value_currency": "PLN", "country_of_origin": "PL",
                            "net_mass": "30 kg"}, where=lambda form: form.value("quantity") == "100 piece")
    assert changed.status_code == 302, _main(changed)
    row = _line_rows(_detail(staff, "OUT-2020-0001"))[0]
    assert (row["Origin"], row["Net mass"], row["Declared value"]) == ("PL", "30 kilograms", "99.90 PLN")

    cleared = staff.submit(_detail(staff, "OUT-2020-0001"), "Save",
                           {"value_amount": "", "value_currency": "", "net_mass": ""},
                           where=lambda form: form.value("quantity") == "100 piece")
    assert cleared.status_code == 302, _main(cleared)
    row = _line_rows(_detail(staff, "OUT-2020-0001"))[0]
    assert (row["Origin"], row["Net mass"], row["Declared value"]) == ("PL", "—", "—")
    assert not re.search(r"Declared value: \d", _main(_detail(staff, "OUT-2020-0001")))
