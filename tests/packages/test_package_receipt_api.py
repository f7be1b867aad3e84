"""The receipt API takes each package's state (arrived, missing, damaged); the packages API reads it back."""
from __future__ import annotations

import pytest

from tests.packages.receiving import API, packed_and_delivered, receipts, receive


@pytest.fixture
def packed(make):
    return packed_and_delivered(make)


@pytest.fixture
def partner(make, packed):
    return make.api("partner", packed.org)


def test_a_receipt_by_package_records_each_package_and_the_sender_reads_the_states(make, packed, partner):
    crushed, lost = packed.cartons[0], packed.cartons[1]
    response = receive(partner, packed.reference, packages=[
        {"number": crushed, "state": "damaged", "note": "corner crushed, 3 boxes wet"},
        {"number": lost, "state": "missing"}],
        received={1: {"quantity": "11 carton", "reason": "short", "note": f"{lost} missing"}})

    assert response.status_code == 201, response.get_json()
    found = receipts(make.api("staff"), packed.reference)
    assert {key: found[crushed][key] for key in ("state", "reason", "note", "inherited_from")} == {
        "state": "damaged", "reason": "damaged", "note": "corner crushed, 3 boxes wet", "inherited_from": None}
    assert (found[lost]["state"], found[lost]["reason"], found[lost]["text"]) == ("missing", "short",
                                                                                  "missing (short)")
    assert found[packed.pallet]["state"] == "arrived" and found[packed.pallet]["inherited_from"] is None
    assert found[packed.cartons[5]]["state"] == "arrived"
    assert found[packed.cartons[5]]["inherited_from"] == packed.pallet  # not listed: as the pallet it is on
    assert {found[number]["state"] for number in packed.masks} == {"arrived"}
    assert found[crushed]["recorded_at"] and found[crushed]["recorded_by_id"]
    line = make.api("staff").get(f"{API}/shipments/{packed.reference}").get_json()["lines"][0]
    assert (line["received"]["value"], line["received"]["unit"], line["received_reason"]) == (
        "11", "carton", "short")


def test_a_missing_pallet_takes_its_cartons_with_it(make, packed, partner):
    response = receive(partner, packed.reference, packages=[
        {"number": packed.pallet, "state": "missing", "note": "not on the truck"}],
        received={1: {"quantity": "0 carton", "reason": "short"}})

    assert response.status_code == 201, response.get_json()
    found = receipts(partner, packed.reference)
    assert {found[number]["state"] for number in packed.cartons} == {"missing"}
    assert found[packed.cartons[0]]["text"] == f"missing (with {packed.pallet}, short: not on the truck)"


def test_a_receipt_without_packages_keeps_old_clients_working_and_says_nothing_of_packages(
        make, packed, partner):
    response = receive(partner, packed.reference)

    assert response.status_code == 201, response.get_json()
    assert set(receipts(partner, packed.reference).values()) == {None}


REFUSED = [
    ([{"number": "NOPE-1", "state": "arrived"}], "number", "no package 'NOPE-1' is on shipment"),
    ([{"number": "{carton}", "state": "damaged"}], "note", "package {carton} is damaged: say in the note"),
    ([{"number": "{carton}", "state": "arrived", "reason": "short"}], "reason",
     "package {carton} arrived: a reason goes with missing or damaged"),
    ([{"number": "{carton}", "state": "missing", "reason": "over"}], "reason", "reason over is for a line"),
    ([{"number": "{carton}", "state": "missing", "reason": "other"}], "note", "say in the note what happened"),
]


@pytest.mark.parametrize("packages, field, said", REFUSED)
def test_bad_package_states_are_422_naming_the_package_and_nothing_changes(
        make, packed, partner, packages, field, said):
    carton = packed.cartons[0]
    packages = [{key: value.format(carton=carton) if isinstance(value, str) else value
                 for key, value in entry.items()} for entry in packages]
    before = partner.get(f"{API}/shipments/{packed.reference}").get_json()

    response = receive(partner, packed.reference, packages=packages)

    assert response.status_code == 422, response.get_json()
    body = response.get_json()
    assert said.format(carton=carton) in body["message"]
    assert said.format(carton=carton) in body["errors"]["packages"]["0"][field][0]
    assert partner.get(f"{API}/shipments/{packed.reference}").get_json() == before
    assert set(receipts(partner, packed.reference).values()) == {None}


def test_another_shipments_package_is_refused_without_saying_whose_it_is(make, packed, partner):
    other = packed_and_delivered(make, make.org(name="Klinički bolnički centar Osijek"), items=False)

    response = receive(partner, packed.reference, packages=[{"number": other.cartons[0], "state": "missing"}])

    assert response.status_code == 422
    message = response.get_json()["message"]
    assert f"no package '{other.cartons[0]}' is on shipment {packed.reference}" in message
    assert other.reference not in message


def test_a_package_listed_twice_is_refused(make, packed, partner):
    carton = packed.cartons[0]
    response = receive(partner, packed.reference, packages=[{"number": carton, "state": "arrived"},
                                                             {"number": carton.lower(), "state": "missing"}])

    assert response.status_code == 422
    assert f"package {carton} is listed twice" in response.get_json()["errors"]["packages"]["1"]["number"][0]


def test_package_states_go_with_status_received_only(make, packed):
    staff = make.api("staff")
    version = staff.get(f"{API}/shipments/{packed.reference}").get_json()["version"]
    response = staff.post(f"{API}/shipments/{packed.reference}/events", headers={"If-Match": f'"{version}"'},
                          json={"location": "gate", "packages": [{"number": packed.pallet, "state": "arrived"}]})

    assert response.status_code == 422
    assert "status received" in response.get_json()["message"]


def test_a_partner_cannot_mark_another_partners_packages(make, packed):
    stranger = make.api("partner", make.org(name="Szpital Wojewódzki Łódź"))

    response = receive_as_stranger = stranger.post(
        f"{API}/shipments/{packed.reference}/events",
        json={"status": "received", "packages": [{"number": packed.pallet, "state": "missing"}]},
        headers={"If-Match": '"1"'})

    assert receive_as_stranger is response and response.status_code == 404
    assert stranger.get(f"{API}/shipments/{packed.reference}/packages").status_code == 404
    assert set(receipts(make.api("staff"), packed.reference).values()) == {None}


def test_an_over_receipt_beside_package_states_is_flagged_not_accepted(make, packed, partner):
    response = receive(partner, packed.reference, packages=[{"number": packed.pallet, "state": "arrived"}],
                       received={1: {"quantity": "13 carton"}})

    assert response.status_code == 422
    message = response.get_json()["message"]
    assert "line 1: 100 piece more arrived than was sent (an over-receipt)" in message
    assert set(receipts(partner, packed.reference).values()) == {None}  # the package states went too

    accepted = receive(partner, packed.reference, received={1: {"quantity": "13 carton", "reason": "over",
                                                                "note": "one extra carton"}})
    assert accepted.status_code == 201
    line = partner.get(f"{API}/shipments/{packed.reference}").get_json()["lines"][0]
    assert line["over_receipt"] is True
