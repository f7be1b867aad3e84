"""The demo story through the API: partners and items, 22.5 t in, 345,000 pieces out, totals."""
from __future__ import annotations


def _create(api, path, body, status=201):
    response = api.post(path, json=body)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def _move(api, shipment, status, **extra):
    response = api.post(f"/api/v1/shipments/{shipment['id']}/events",
                        json={"status": status, **extra},
                        headers={"If-Match": f'"{shipment["version"]}"'})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["shipment"]


def test_full_story_in_and_out_with_exact_totals(make):
    staff = make.api("staff")
    brno = _create(staff, "/api/v1/organizations",
                   {"name": "Zdravotnické potřeby Brno s.r.o.", "country": "cz", "kind": "supplier"})
    zilina = _create(staff, "/api/v1/organizations",
                     {"name": "Medtex Žilina a.s.", "country": "SK", "kind": "supplier"})
    recipients = {code: _create(staff, "/api/v1/organizations",
                                {"name": name, "country": code, "kind": "recipient"})
                  for code, name in [("SK", "Fakultná nemocnica Nitra"),
                                      ("PL", "Szpital Wojewódzki Łódź"),
                                      ("HR", "Klinički bolnički centar Osijek")]}
    assert brno["country"] == "CZ"
    _create(staff, "/api/v1/items", {
        "sku": "PPE-COV", "name": "Medical protective coverall", "base_unit": "piece",
        "unit_mass": "0.35 kg", "hs_code": "6210.10",
        "packs": [{"name": "box", "quantity": "25 piece"}, {"name": "carton", "quantity": "4 box"}]})
    mask = _create(staff, "/api/v1/items", {
        "sku": "PPE-N95", "name": "N95 respirator", "base_unit": "pcs",
        "unit_mass": {"value": "0.012", "unit": "kg"},
        "packs": [{"name": "box", "quantity": "20 piece"}, {"name": "carton", "quantity": "24 box"}]})
    assert mask["base_unit"] == "piece"
    assert mask["packs"][1]["base"] == {"value": "480", "unit": "piece"}

    inbound = []
    for org, qty in [(brno, "14.5 t"), (zilina, "8000 kg")]:
        shipment = _create(staff, "/api/v1/shipments", {
            "direction": "inbound", "kind": "purchase", "counterparty_id": org["id"],
            "origin": {"country": org["country"], "place": "Brno"},
            "destination": {"country": "CN", "place": "Cangzhou"}, "transport_mode": "rail",
            "planned_departure": "2020-03-02", "expected_arrival": "2020-03-20",
            "lines": [{"sku": "PPE-COV", "quantity": qty}]})
        assert shipment["reference"].startswith("IN-2020-")
        for status in ("confirmed", "in_transit", "delivered", "received"):
            shipment = _move(staff, shipment, status)
        inbound.append(shipment)
    assert [s["reference"] for s in inbound] == ["IN-2020-0001", "IN-2020-0002"]
    mass = sum(int(s["totals"]["gross_mass"]["exact_part"]["value"]) for s in inbound)
    assert mass == 22_500

    plan = [("SK", [("PPE-N95", "120000 piece"), ("PPE-COV", "1,200 box")]),
            ("PL", [("PPE-N95", "100000 pcs"), ("PPE-COV", "15000 piece")]),
            ("HR", [("PPE-N95", "145 carton"), ("PPE-N95", "400 each"), ("PPE-COV", "10000 piece")])]
    pieces = 0
    for code, lines in plan:
        shipment = _create(staff, "/api/v1/shipments", {
            "direction": "outbound", "kind": "donation", "counterparty_id": recipients[code]["id"],
            "origin": {"country": "CN", "place": "Cangzhou"},
            "destination": {"country": code}, "planned_departure": "2020-04-02",
            "lines": [{"sku": sku, "quantity": qty} for sku, qty in lines]})
        shipment = _move(staff, shipment, "confirmed")
        for item in shipment["totals"]["items"]:
            (total,) = item["totals"]
            assert total["dimension"] == "count"
            pieces += int(total["quantity"]["value"])
    assert pieces == 345_000

    listed = staff.get("/api/v1/shipments?direction=outbound&status=confirmed")
    assert listed.status_code == 200
    assert len(listed.get_json()) == 3
