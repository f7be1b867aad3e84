"""Packages through the API: bulk creation, listing with packing per line, one package, changes, access."""
from __future__ import annotations

import json

import pytest

API = "/api/v1"
BULK = {"type": "pallet", "count": 14, "gross_mass": "310 kg", "dimensions_mm": [1200, 800, 1500],
        "children": [{"type": "carton", "count": 40, "gross_mass": "7 kg",
                      "contents": [{"line_no": 1, "quantity": "4 box"}]}]}


@pytest.fixture
def staff(make):
    make.coverall()
    make.mask()
    return make.api("staff")


@pytest.fixture
def shipment(make, staff):
    return make.shipment(lines=(("PPE-COV", "60,000 piece"), ("PPE-N95", "100 carton")))


def _packages(client, shipment):
    response = client.get(f"{API}/shipments/{shipment.reference}/packages")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_fourteen_pallets_of_forty_cartons_are_created_in_one_request(staff, shipment):
    response = staff.post(f"{API}/shipments/{shipment.reference}/packages", json=BULK)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["totals"] == {"count": 14 + 14 * 40, "outer": 14, "gross_mass_kg": "4340", "unweighed": 0,
                              "volume_m3": "20.16", "unmeasured": 0}
    assert [(t["type"], t["count"], t["gross_mass_kg"]) for t in body["by_type"]] == [
        ("pallet", 14, "4340"), ("carton", 560, "3920")]
    first, coverall = body["packages"][0], body["lines"][0]
    assert (first["number"], first["type"], first["children"], first["level"]) == ("PKG-00000001", "pallet", 40, 1)
    assert first["total_contents"] == [{"line_no": 1, "sku": "PPE-COV", "quantity": None,
                                        "base": {"value": "4000", "unit": "piece"}}]
    carton = body["packages"][1]
    assert (carton["parent"], carton["level"], carton["contents"][0]["quantity"]) == (
        "PKG-00000001", 2, {"value": "4", "unit": "box"})
    assert coverall["packed"] == {"value": "56000", "unit": "piece"}
    assert coverall["unpacked"] == {"value": "4000", "unit": "piece"}
    assert [line["line_no"] for line in body["unpacked"]] == [1, 2]
    assert response.headers["ETag"] == f'"{shipment.version + 1}"'


def test_contents_beyond_the_line_are_refused_naming_the_line_and_nothing_is_created(staff, shipment):
    body = {**BULK, "count": 16}  # 16 x 40 x 4 box = 64,000 piece of 60,000
    response = staff.post(f"{API}/shipments/{shipment.reference}/packages", json=body)
    assert response.status_code == 422
    message = response.get_json()["errors"]["contents"]["1"][0]
    assert "line 1 (PPE-COV) has 60,000 piece" in message and "4,000 more" in message
    assert _packages(staff, shipment)["totals"]["count"] == 0


@pytest.mark.parametrize(("change", "field_path"), [
    ({"count": 10_001}, ["count"]),
    ({"count": 1_000}, ["count"]),  # 1,000 x 41 packages: over 10,000 in all
    ({"type": "spaceship"}, ["type"]),
    ({"gross_mass": "310 L"}, ["gross_mass"]),
    ({"dimensions_mm": [1200, 800]}, ["dimensions_mm"]),
    ({"dimensions_mm": [1200, 800, 0]}, ["dimensions_mm", "2"]),
    ({"children": [{"type": "carton", "contents": [{"line_no": 9, "quantity": "1 box"}]}]},
     ["children", "0", "contents", "0", "line_no"]),
    ({"children": [{"type": "carton", "contents": [{"line_no": 1, "quantity": "3 kg"}]}]},
     ["children", "0", "contents", "0", "quantity"]),
    ({"children": [{"type": "carton", "contents": [{"line_no": 1, "quantity": "1 parsec"}]}]},
     ["children", "0", "contents", "0", "quantity"]),
    ({"sscc": "340123450000000018"}, ["sscc"]),
])
def test_bad_bulk_requests_are_422_naming_the_field(staff, shipment, change, field_path):
    response = staff.post(f"{API}/shipments/{shipment.reference}/packages", json={**BULK, **change})
    assert response.status_code == 422, response.get_json()
    errors = response.get_json()["errors"]
    for step in field_path:
        errors = errors.get("json", errors)[step] if "json" in errors and step not in errors else errors[step]
    assert errors
    assert _packages(staff, shipment)["totals"]["count"] == 0


def test_a_package_reads_by_number_and_by_sscc_and_changes(staff, shipment):
    sscc = "340123450000000017"
    created = staff.post(f"{API}/shipments/{shipment.reference}/packages",
                         json={"type": "crate", "sscc": f"(00) {sscc}",
                               "contents": [{"line_no": 2, "quantity": "10 carton"}]})
    assert created.status_code == 201, created.get_json()
    number = created.get_json()["packages"][0]["number"]
    assert number == sscc
    read = staff.get(f"{API}/packages/{sscc}").get_json()
    assert (read["type"], read["shipment"], read["contents"][0]["base"]) == (
        "crate", shipment.reference, {"value": "4800", "unit": "piece"})

    changed = staff.patch(f"{API}/packages/{number}", json={"gross_mass": "0.25 t", "dimensions_mm": [600, 400, 400],
                                                            "contents": [{"line_no": 2, "quantity": "20 carton"}]})
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert (body["gross_mass"], body["gross_mass_kg"], body["volume_m3"]) == (
        {"value": "0.25", "unit": "t"}, "250", "0.096")
    assert body["contents"][0]["base"] == {"value": "9600", "unit": "piece"}

    assert staff.delete(f"{API}/packages/{number}").status_code == 204
    assert staff.get(f"{API}/packages/{number}").status_code == 404


def test_removing_a_pallet_removes_its_cartons_and_unpacks_their_contents(staff, shipment):
    staff.post(f"{API}/shipments/{shipment.reference}/packages", json={**BULK, "count": 2})
    assert staff.delete(f"{API}/packages/PKG-00000001").status_code == 204
    body = _packages(staff, shipment)
    assert body["totals"]["count"] == 41 and body["lines"][0]["packed"]["value"] == "4000"


def test_cartons_are_added_onto_an_existing_pallet_and_nesting_is_bounded(staff, shipment):
    staff.post(f"{API}/shipments/{shipment.reference}/packages", json={"type": "pallet"})
    added = staff.post(f"{API}/shipments/{shipment.reference}/packages",
                       json={"type": "carton", "count": 3, "parent": "pkg-00000001",
                             "children": [{"type": "box", "contents": [{"line_no": 1, "quantity": "1 box"}]}]})
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["packages"][0]["total_contents"][0]["base"]["value"] == "75"
    too_deep = staff.post(f"{API}/shipments/{shipment.reference}/packages",
                          json={"type": "bag", "parent": "PKG-00000003", "children": [{"type": "bag"}]})
    assert too_deep.status_code == 422 and "parent" in too_deep.get_json()["errors"]
    onto_itself = staff.patch(f"{API}/packages/PKG-00000001", json={"parent": "PKG-00000002"})
    assert onto_itself.status_code == 422 and "parent" in onto_itself.get_json()["errors"]


def test_packing_stops_once_the_shipment_is_dispatched(staff, make):
    shipment = make.shipment(lines=(("PPE-COV", "100 piece"),), status="in_transit")
    response = staff.post(f"{API}/shipments/{shipment.reference}/packages", json={"type": "pallet"})
    assert response.status_code == 409
    assert "in_transit" in response.get_json()["message"]


def test_a_line_cannot_shrink_below_what_is_packed_nor_be_removed_while_packed(staff, shipment):
    staff.post(f"{API}/shipments/{shipment.reference}/packages", json={**BULK, "count": 1})
    current = _packages(staff, shipment)["version"]
    line_id = shipment.lines[0].id
    url = f"{API}/shipments/{shipment.reference}/lines/{line_id}"
    shrink = staff.patch(url, json={"quantity": "100 piece"}, headers={"If-Match": f'"{current}"'})
    assert shrink.status_code == 409 and "4,000 piece" in shrink.get_json()["message"]
    remove = staff.delete(url, headers={"If-Match": f'"{current}"'})
    assert remove.status_code == 409


def test_partners_read_their_own_shipments_packages_only_and_never_write(staff, make, shipment):
    staff.post(f"{API}/shipments/{shipment.reference}/packages", json={"type": "pallet"})
    version = staff.get(f"{API}/shipments/{shipment.reference}").get_json()["version"]
    confirmed = staff.post(f"{API}/shipments/{shipment.reference}/events", json={"status": "confirmed"},
                           headers={"If-Match": f'"{version}"'})  # a partner sees no draft
    assert confirmed.status_code == 201
    own = make.api("partner", org=shipment.counterparty)
    other = make.api("partner", org=make.org())
    assert own.get(f"{API}/shipments/{shipment.reference}/packages").status_code == 200
    assert own.get(f"{API}/packages/PKG-00000001").status_code == 200
    assert other.get(f"{API}/shipments/{shipment.reference}/packages").status_code == 404
    assert other.get(f"{API}/packages/PKG-00000001").status_code == 404
    assert own.post(f"{API}/shipments/{shipment.reference}/packages", json={"type": "pallet"}).status_code == 403
    assert own.delete(f"{API}/packages/PKG-00000001").status_code == 403


def test_admins_add_package_types_which_others_then_use(make, staff, shipment):
    admin = make.api("admin")
    assert staff.post(f"{API}/package-types", json={"code": "octabin", "name": "Octabin"}).status_code == 403
    added = admin.post(f"{API}/package-types", json={"code": "Octabin", "name": "Octabin"})
    assert added.status_code == 201 and added.get_json() == {"code": "octabin", "name": "Octabin"}
    assert admin.post(f"{API}/package-types", json={"code": "octabin", "name": "Again"}).status_code == 409
    codes = [t["code"] for t in staff.get(f"{API}/package-types").get_json()]
    assert codes == ["pallet", "carton", "box", "crate", "drum", "bag", "octabin"]
    assert staff.post(f"{API}/shipments/{shipment.reference}/packages", json={"type": "octabin"}).status_code == 201


def test_package_writes_are_in_the_audit_trail(make, staff, shipment):
    staff.post(f"{API}/shipments/{shipment.reference}/packages", json={**BULK, "count": 1})
    manager = make.api("manager")
    entries = manager.get(f"{API}/audit?entity=packages&shipment_id={shipment.id}").get_json()
    assert len(entries) >= 10
    contents = manager.get(f"{API}/audit?entity=package_contents").get_json()
    assert contents and contents[0]["shipment_id"] == shipment.id


def test_the_package_list_pages_by_cursor_in_the_order_packed_with_the_whole_shipments_totals(staff, shipment):
    assert staff.post(f"{API}/shipments/{shipment.reference}/packages", json=BULK).status_code == 201
    url = f"{API}/shipments/{shipment.reference}/packages?page_size=250"
    seen, pages, response = [], [], staff.get(url)
    while True:
        assert response.status_code == 200, response.get_json()
        body, paging = response.get_json(), json.loads(response.headers["X-Pagination"])
        assert body["totals"]["count"] == 574 and paging["total"] == 574 and paging["page_size"] == 250
        assert "total_estimated" not in paging
        seen += [package["number"] for package in body["packages"]]
        pages.append(paging)
        if "next_cursor" not in paging:
            break
        response = staff.get(f"{url}&cursor={paging['next_cursor']}")
    assert [len(seen)] == [574] and seen == sorted(seen) and seen[0] == "PKG-00000001"
    assert len(pages) == 3 and "previous_cursor" not in pages[0] and "previous_cursor" in pages[2]
    back = staff.get(f"{url}&cursor={pages[2]['previous_cursor']}").get_json()["packages"]
    assert [p["number"] for p in back] == seen[250:500]
    last = staff.get(f"{url}&cursor={pages[0]['last_cursor']}").get_json()["packages"]
    assert [p["number"] for p in last] == seen[-250:]
    numbered = staff.get(f"{url}&page=3").get_json()["packages"]
    assert [p["number"] for p in numbered] == seen[500:]


def test_the_package_list_sends_a_thousand_at_most_and_all_of_a_smaller_shipment_at_once(staff, shipment):
    assert staff.post(f"{API}/shipments/{shipment.reference}/packages", json=BULK).status_code == 201
    whole = staff.get(f"{API}/shipments/{shipment.reference}/packages")
    assert len(whole.get_json()["packages"]) == 574 and "next_cursor" not in json.loads(whole.headers["X-Pagination"])
    too_many = staff.get(f"{API}/shipments/{shipment.reference}/packages?page_size=1001")
    assert too_many.status_code == 422 and "page_size" in too_many.get_json()["errors"]["query"]
    bad = staff.get(f"{API}/shipments/{shipment.reference}/packages?cursor=" + "x" * 41)
    assert bad.status_code == 422 and "cursor" in bad.get_json()["errors"]["query"]
    garbled = staff.get(f"{API}/shipments/{shipment.reference}/packages?cursor=bm9wZQ")
    assert garbled.status_code == 422
