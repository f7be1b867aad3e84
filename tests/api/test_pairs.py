"""Items counted in pairs refuse piece and dozen through the API (UN/ECE Rec 20: PR, H87, DZN)."""
from __future__ import annotations

import pytest

API = "/api/v1"


def _shipment(org_id: int, quantity: str) -> dict:
    return {"direction": "outbound", "kind": "donation", "counterparty_id": org_id,
            "origin": {"country": "CN"}, "destination": {"country": "HR"},
            "lines": [{"sku": "PPE-GLV", "quantity": quantity}]}


@pytest.fixture
def gloves(make):
    return make.item("PPE-GLV", "pair", "0.008 kg", [("box", "50 pair")], name="Nitrile gloves")


@pytest.mark.parametrize("quantity", ["100 piece", "100 pcs", {"value": "100", "unit": "each"}, "10 dozen"])
def test_pieces_or_dozens_of_gloves_are_422_and_no_shipment_is_written(make, gloves, quantity):
    staff = make.api("staff")
    org = make.org(name="KBC Osijek", country="HR")
    response = staff.post(f"{API}/shipments", json=_shipment(org.id, quantity))
    assert response.status_code == 422, response.get_json()
    errors = response.get_json()["errors"]
    message = errors.get("json", errors)["lines"]["0"]["quantity"][0]
    assert "this item is counted in pairs, so write pair or one of its packs" in message
    assert staff.get(f"{API}/shipments").get_json() == []


@pytest.mark.parametrize(("quantity", "pairs"), [("100 pair", "100"), ("3 box", "150"), ("2 kg", "250")])
def test_pairs_packs_and_masses_of_gloves_are_accepted(make, gloves, quantity, pairs):
    staff = make.api("staff")
    org = make.org(name="KBC Osijek", country="HR")
    response = staff.post(f"{API}/shipments", json=_shipment(org.id, quantity))
    assert response.status_code == 201, response.get_json()
    line = response.get_json()["lines"][0]
    base = line["normalized"] if line["normalized"]["unit"] == "pair" else line["estimated"]
    assert (base["value"], base["unit"]) == (pairs, "pair")
