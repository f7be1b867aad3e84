"""Optimistic versions: every write to a shipment says which version it is based on."""
from __future__ import annotations

import pytest

from tests.answers import expect

API = "/api/v1"
WRITES = ["header", "add line", "change line", "remove line", "status event", "checkpoint"]


def _write(api, kind: str, shipment: dict, version: int | None = None, how: str = "if-match"):
    """Send one kind of write, stating the version by If-Match, in the body (or query), or not at all."""
    key, line = shipment["id"], shipment["lines"][0]["id"]
    headers, extra, query = {}, {}, ""
    if version is not None and how == "if-match":
        headers = {"If-Match": f'"{version}"'}
    elif version is not None and kind == "remove line":
        query = f"?version={version}"
    elif version is not None:
        extra = {"version": version}
    if kind == "header":
        return api.patch(f"{API}/shipments/{key}", json={"notes": "fragile", **extra}, headers=headers)
    if kind == "add line":
        return api.post(f"{API}/shipments/{key}/lines",
                        json={"sku": "PPE-COV", "quantity": "2 box", **extra}, headers=headers)
    if kind == "change line":
        return api.patch(f"{API}/shipments/{key}/lines/{line}",
                         json={"quantity": "150 piece", **extra}, headers=headers)
    if kind == "remove line":
        return api.delete(f"{API}/shipments/{key}/lines/{line}{query}", headers=headers)
    if kind == "status event":
        return api.post(f"{API}/shipments/{key}/events", json={"status": "confirmed", **extra},
                        headers=headers)
    return api.post(f"{API}/shipments/{key}/events", json={"location": "Cangzhou depot", **extra},
                    headers=headers)


def _state(api, key) -> tuple[dict, list]:
    """Return the shipment and its history, to show that a refused write changed nothing."""
    return (expect(api.get(f"{API}/shipments/{key}"), 200),
            expect(api.get(f"{API}/shipments/{key}/events"), 200))


def _new_version(response) -> int:
    body = response.get_json()
    return (body["shipment"] if "shipment" in body else body)["version"]


@pytest.fixture
def staff(make):
    """Return a staff client with the coverall in the catalogue."""
    make.coverall()
    return make.api("staff")


@pytest.fixture
def shipment(make, staff):
    """Return a draft shipment with two lines, as the API shows it."""
    created = make.shipment(lines=[("PPE-COV", "100 piece"), ("PPE-COV", "1 t")])
    return expect(staff.get(f"{API}/shipments/{created.id}"), 200)


@pytest.mark.parametrize("kind", WRITES)
def test_a_write_without_if_match_or_version_is_428_and_changes_nothing(staff, shipment, kind):
    before = _state(staff, shipment["id"])
    body = expect(_write(staff, kind, shipment), 428)
    assert "If-Match" in body["message"] and "version" in body["message"]
    assert _state(staff, shipment["id"]) == before


@pytest.mark.parametrize("how", ["if-match", "body"])
@pytest.mark.parametrize("kind", WRITES)
def test_a_write_based_on_a_stale_version_is_409_and_changes_nothing(staff, shipment, kind, how):
    expect(_write(staff, "checkpoint", shipment, version=1), 201)
    before = _state(staff, shipment["id"])
    assert before[0]["version"] == 2
    body = expect(_write(staff, kind, shipment, version=1, how=how), 409)
    assert "version 1" in body["message"] and "2" in body["message"]
    assert body["errors"]["version"]
    assert _state(staff, shipment["id"]) == before


@pytest.mark.parametrize("how", ["if-match", "body"])
@pytest.mark.parametrize("kind", WRITES)
def test_a_write_returns_the_new_version_as_its_etag(staff, shipment, kind, how):
    response = _write(staff, kind, shipment, version=1, how=how)
    assert response.status_code in (200, 201), response.get_json()
    assert response.headers["ETag"] == '"2"'
    assert _new_version(response) == 2
    read = staff.get(f"{API}/shipments/{shipment['id']}")
    assert read.headers["ETag"] == '"2"' and read.get_json()["version"] == 2


def test_the_version_goes_up_by_one_per_write_and_each_etag_is_the_next_if_match(staff, shipment):
    etag = staff.get(f"{API}/shipments/{shipment['id']}").headers["ETag"]
    assert etag == '"1"'
    current = shipment
    for number, kind in enumerate(["header", "add line", "change line", "remove line", "checkpoint",
                                   "status event"], start=2):
        response = _write(staff, kind, current, version=int(etag.strip('"')))
        assert response.status_code in (200, 201), response.get_json()
        etag = response.headers["ETag"]
        assert etag == f'"{number}"'
        current = expect(staff.get(f"{API}/shipments/{shipment['id']}"), 200)
        assert current["version"] == number
    assert current["status"] == "confirmed"
    assert [line["line_no"] for line in current["lines"]] == [2, 3]


def test_the_etag_of_a_new_shipment_is_its_first_version(make, staff):
    org = make.org()
    response = staff.post(f"{API}/shipments", json={
        "direction": "outbound", "kind": "donation", "counterparty_id": org.id,
        "origin": {"country": "CN"}, "destination": {"country": org.country},
        "lines": [{"sku": "PPE-COV", "quantity": "1,200 box"}]})
    assert expect(response, 201)["version"] == 1
    assert response.headers["ETag"] == '"1"'


@pytest.mark.parametrize("headers, body", [
    ({"If-Match": '"1"'}, {"version": 2}),
    ({"If-Match": "*"}, {}),
    ({"If-Match": "one"}, {}),
    ({}, {"version": "1"}),
    ({}, {"version": 1.5}),
])
def test_an_unreadable_or_contradictory_version_is_422_and_changes_nothing(
        staff, shipment, headers, body):
    before = _state(staff, shipment["id"])
    response = staff.patch(f"{API}/shipments/{shipment['id']}", json={"notes": "fragile", **body},
                           headers=headers)
    assert expect(response, 422)["message"]
    assert _state(staff, shipment["id"]) == before


@pytest.mark.parametrize("if_match", ['"1"', 'W/"1"', "1"])
def test_if_match_accepts_the_etag_as_sent_weak_or_bare(staff, shipment, if_match):
    response = staff.patch(f"{API}/shipments/{shipment['id']}", json={"notes": "fragile"},
                           headers={"If-Match": if_match})
    assert expect(response, 200)["notes"] == "fragile"
    assert response.headers["ETag"] == '"2"'
