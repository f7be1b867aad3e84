"""Customs data through the API: declared values exact per currency, origin, net mass, Incoterms,
document numbers, EORI/VAT; bad ones are 422 naming the field and change nothing."""
from __future__ import annotations

import pytest

API = "/api/v1"


@pytest.fixture
def staff(make):
    make.coverall()
    make.mask()
    return make.api("staff")


def _create(staff, org, **fields):
    body = {"direction": "outbound", "kind": "donation", "counterparty_id": org.id,
            "origin": {"country": "CN"}, "destination": {"country": "SK", "place": "Nitra"},
            "lines": [{"sku": "PPE-COV", "quantity": "1,200 box", "country_of_origin": "cz",
                       "net_mass": "9.8 t", "value": {"amount": "1250.5", "currency": "eur"}},
                      {"sku": "PPE-N95", "quantity": "2 carton",
                       "value": {"amount": "999999999999999.99", "currency": "EUR"}},
                      {"sku": "PPE-N95", "quantity": "1 box", "value": {"amount": "150000", "currency": "JPY"}}],
            **fields}
    response = staff.post(f"{API}/shipments", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_shipment_with_customs_data_reads_back_exactly_with_values_totalled_per_currency(staff, make):
    shipment = _create(staff, make.org(), incoterm="dap", incoterm_place="Nitra",
                       invoice_number="INV 2020/0417", awb_number="157-12345675")

    read = staff.get(f"{API}/shipments/{shipment['id']}").get_json()
    first, second, third = read["lines"]
    assert first["value"] == {"amount": "1250.50", "currency": "EUR"}
    assert (first["country_of_origin"], first["net_mass"], first["net_mass_kg"]) == (
        "CZ", {"value": "9.8", "unit": "t"}, "9800")
    assert second["value"] == {"amount": "999999999999999.99", "currency": "EUR"}  # exact on both backends
    assert third["value"] == {"amount": "150000", "currency": "JPY"} and second["net_mass"] is None
    assert read["totals"]["values"] == [{"amount": "1000000000001250.49", "currency": "EUR"},
                                        {"amount": "150000", "currency": "JPY"}]
    assert read["totals"]["net_mass"] == {"declared": {"value": "9800", "unit": "kg"}, "complete": False,
                                          "missing_lines": [2, 3]}
    assert (read["incoterm"], read["incoterm_place"], read["invoice_number"], read["awb_number"]) == (
        "DAP", "Nitra", "INV 2020/0417", "157-12345675")


def test_a_line_value_changes_and_clears_by_patch(staff, make):
    shipment = _create(staff, make.org())
    line = shipment["lines"][0]
    url = f"{API}/shipments/{shipment['id']}/lines/{line['id']}"

    changed = staff.patch(url, json={"value": {"amount": "10", "currency": "CZK"}, "net_mass": None},
                          headers={"If-Match": f'"{shipment["version"]}"'})
    assert changed.status_code == 200, changed.get_json()
    read = staff.get(f"{API}/shipments/{shipment['id']}").get_json()
    assert read["lines"][0]["value"] == {"amount": "10.00", "currency": "CZK"}
    assert read["lines"][0]["net_mass"] is None and read["lines"][0]["country_of_origin"] == "CZ"

    cleared = staff.patch(url, json={"value": None}, headers={"If-Match": f'"{read["version"]}"'})
    assert cleared.status_code == 200, cleared.get_json()
    assert staff.get(f"{API}/shipments/{shipment['id']}").get_json()["lines"][0]["value"] is None


def _messages(body: dict, path: tuple) -> str:
    errors = body["errors"].get("json", body["errors"])
    for key in path:
        assert key in errors, (path, body["errors"])
        errors = errors[key]
    return str(errors)


@pytest.mark.parametrize("change, path, says", [
    ({"incoterm": "DAT"}, ("incoterm",), "Must be one of"),
    ({"awb_number": "157-12345676"}, ("awb_number",), "modulo 7"),
    ({"bill_of_lading_number": "x" * 41}, ("bill_of_lading_number",), "1-40 letters"),
])
def test_a_bad_shipment_customs_field_is_422_naming_it_and_nothing_changes(staff, make, change, path, says):
    shipment = _create(staff, make.org())
    response = staff.patch(f"{API}/shipments/{shipment['id']}", json=change,
                           headers={"If-Match": f'"{shipment["version"]}"'})
    assert response.status_code == 422
    assert says in _messages(response.get_json(), path)
    assert staff.get(f"{API}/shipments/{shipment['id']}").get_json()["version"] == shipment["version"]


@pytest.mark.parametrize("value, field, says", [
    ({"amount": "12.505", "currency": "EUR"}, "amount", "EUR has at most 2 decimals"),
    ({"amount": "1.5", "currency": "JPY"}, "amount", "JPY has no decimals"),
    ({"amount": "1", "currency": "XAU"}, "currency", "ISO 4217"),
    ({"amount": "1e3", "currency": "EUR"}, "amount", "is not an amount"),
    ({"amount": "10000000000000000", "currency": "EUR"}, "amount", "more than 10^15"),
])
def test_a_bad_declared_value_is_422_naming_amount_or_currency(staff, make, value, field, says):
    org = make.org()
    response = staff.post(f"{API}/shipments", json={
        "direction": "outbound", "kind": "donation", "counterparty_id": org.id, "origin": {"country": "CN"},
        "destination": {"country": "SK"}, "lines": [{"sku": "PPE-COV", "quantity": "1 piece", "value": value}]})
    assert response.status_code == 422
    assert says in _messages(response.get_json(), ("lines", "0", "value", field))


@pytest.mark.parametrize("fields, path, says", [
    ({"eori": "CN123456"}, ("eori",), "issued by EU member states"),
    ({"eori": "SK 2020-317068 ?"}, ("eori",), "is not an EORI number"),
    ({"vat_number": "SK2020317069"}, ("vat_number",), "check digits are wrong"),
    ({"vat_number": "2020317068"}, ("vat_number",), "country prefix"),
])
def test_a_bad_eori_or_vat_number_is_422_naming_it(make, fields, path, says):
    admin = make.api("admin")
    response = admin.post(f"{API}/organizations", json={"name": "Nitra", "country": "SK", "kind": "recipient",
                                                         **fields})
    assert response.status_code == 422
    assert says in _messages(response.get_json(), path)


def test_eori_and_vat_numbers_are_stored_compacted(make):
    admin = make.api("admin")
    response = admin.post(f"{API}/organizations", json={"name": "Nitra", "country": "SK", "kind": "recipient",
                                                         "eori": "sk 2020317068", "vat_number": "CZ 255 96 641"})
    assert response.status_code == 201, response.get_json()
    assert (response.get_json()["eori"], response.get_json()["vat_number"]) == ("SK2020317068", "CZ25596641")
