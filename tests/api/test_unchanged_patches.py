"""A PATCH that sets nothing new (an empty body, or the values already there) writes nothing.

Before and after: the version and ETag, updated_at, the number of audit entries and the
documents' revision, read back from the API and the database.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from logistics import db
from logistics.models import AuditEntry

API = "/api/v1"


def _ok(response, status: int = 200) -> dict:
    body = response.get_json(silent=True)
    assert response.status_code == status, (response.status_code, body)
    return body


def _audit_count(app) -> int:
    with db.new_session(app) as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


def _shipment_state(app, api, key) -> dict:
    """Return what a write to a shipment would change: version, ETag, updated_at, audit, revision."""
    response = api.get(f"{API}/shipments/{key}")
    body = _ok(response)
    manifest = api.get(f"{API}/shipments/{key}/manifest.pdf")
    assert manifest.status_code == 200
    return {"version": body["version"], "etag": response.headers["ETag"], "updated_at": body["updated_at"],
            "body": body, "audit": _audit_count(app), "revision": manifest.headers["X-Document-Revision"]}


@pytest.fixture
def staff(make):
    make.coverall()
    return make.api("staff")


@pytest.fixture
def shipment(make, staff):
    org = make.org(name="Nitra Hospital")
    made = make.shipment(counterparty=org, reference="OUT-2020-0001", carrier="DHL", notes="fragile",
                         origin_place="Cangzhou", lines=[("PPE-COV", "4 box")])
    return _ok(staff.get(f"{API}/shipments/{made.id}"))


def _same_header(shipment: dict) -> dict:
    return {"carrier": shipment["carrier"], "notes": shipment["notes"], "reference": shipment["reference"],
            "counterparty_id": shipment["counterparty"]["id"],
            **{end: {"country": shipment[end]["country"], "place": shipment[end]["place"]}
               for end in ("origin", "destination")}, "direction": shipment["direction"],
            "kind": shipment["kind"], "transport_mode": shipment["transport_mode"],
            "planned_departure": shipment["planned_departure"]}


@pytest.mark.parametrize("body", ["empty", "version only", "same values"])
def test_a_header_patch_that_sets_nothing_new_writes_nothing(app, staff, shipment, body):
    before = _shipment_state(app, staff, shipment["id"])
    sent = {"empty": {}, "version only": {"version": shipment["version"]},
            "same values": _same_header(shipment)}[body]

    response = staff.patch(f"{API}/shipments/{shipment['id']}", json=sent,
                           headers={"If-Match": before["etag"]})

    answered = _ok(response)
    assert answered["version"] == before["version"]
    assert response.headers["ETag"] == before["etag"]
    assert _shipment_state(app, staff, shipment["id"]) == before


def test_a_header_patch_that_changes_one_value_still_writes_once(app, staff, shipment):
    before = _shipment_state(app, staff, shipment["id"])

    _ok(staff.patch(f"{API}/shipments/{shipment['id']}", json={**_same_header(shipment), "carrier": "UPS"},
                    headers={"If-Match": before["etag"]}))

    after = _shipment_state(app, staff, shipment["id"])
    assert after["version"] == before["version"] + 1
    assert after["updated_at"] > before["updated_at"]
    assert after["audit"] == before["audit"] + 1  # one entry: the header's change
    assert after["revision"] != before["revision"]


def test_a_stale_patch_is_refused_even_when_it_sets_nothing_new(staff, shipment):
    response = staff.patch(f"{API}/shipments/{shipment['id']}", json={}, headers={"If-Match": '"7"'})
    assert response.status_code == 409


@pytest.mark.parametrize("body", [{}, {"quantity": "4 box"}, {"quantity": "4 box", "lot": None, "sku": "PPE-COV"}])
def test_a_line_patch_that_sets_nothing_new_writes_nothing(app, staff, shipment, body):
    line = shipment["lines"][0]
    before = _shipment_state(app, staff, shipment["id"])

    response = staff.patch(f"{API}/shipments/{shipment['id']}/lines/{line['id']}", json=body,
                           headers={"If-Match": before["etag"]})

    assert _ok(response)["version"] == before["version"]
    assert _shipment_state(app, staff, shipment["id"]) == before


def test_the_same_goods_in_another_unit_is_a_change(app, staff, shipment):
    """4 box = 100 piece, but the line is kept as entered, so it changes (and says so)."""
    line = shipment["lines"][0]
    before = _shipment_state(app, staff, shipment["id"])

    _ok(staff.patch(f"{API}/shipments/{shipment['id']}/lines/{line['id']}", json={"quantity": "100 piece"},
                    headers={"If-Match": before["etag"]}))

    assert _shipment_state(app, staff, shipment["id"])["version"] == before["version"] + 1


def _item_state(app, api, item_id) -> tuple[dict, int]:
    return _ok(api.get(f"{API}/items/{item_id}")), _audit_count(app)


@pytest.mark.parametrize("same", [False, True])
def test_an_item_patch_that_sets_nothing_new_writes_nothing(app, make, staff, same):
    item = _ok(staff.get(f"{API}/items")).__getitem__(0)
    before = _item_state(app, staff, item["id"])
    body = {} if not same else {"sku": item["sku"], "name": item["name"], "category": item["category"],
                                "hs_code": item["hs_code"], "base_unit": item["base_unit"],
                                "unit_mass": "0.35 kg",
                                "packs": [{"name": "box", "quantity": "25 piece"},
                                          {"name": "carton", "quantity": "4 box"}]}

    _ok(staff.patch(f"{API}/items/{item['id']}", json=body))

    assert _item_state(app, staff, item["id"]) == before


def test_an_item_patch_that_changes_a_name_is_written(app, staff):
    item = _ok(staff.get(f"{API}/items"))[0]
    before, audit = _item_state(app, staff, item["id"])

    _ok(staff.patch(f"{API}/items/{item['id']}", json={"name": "Coverall, type 5/6"}))

    after, audit_after = _item_state(app, staff, item["id"])
    assert after["updated_at"] > before["updated_at"] and audit_after == audit + 1


@pytest.mark.parametrize("same", [False, True])
def test_an_organisation_patch_that_sets_nothing_new_writes_nothing(app, make, staff, same):
    org = make.org(name="Brno Clinic", country="CZ", kind="recipient", email="desk@brno.example")
    admin = make.api("admin")
    before = _ok(admin.get(f"{API}/organizations/{org.id}")), _audit_count(app)
    body = {"name": "Brno Clinic", "country": "CZ", "kind": "recipient", "email": "desk@brno.example",
            "phone": None} if same else {}

    _ok(admin.patch(f"{API}/organizations/{org.id}", json=body))

    assert (_ok(admin.get(f"{API}/organizations/{org.id}")), _audit_count(app)) == before


@pytest.mark.parametrize("same", [False, True])
def test_a_user_patch_that_sets_nothing_new_writes_nothing(app, make, same):
    org = make.org()
    user, _ = make.user("partner", org, email="lodz@example.org")
    admin = make.api("admin")
    before = _ok(admin.get(f"{API}/users/{user.id}")), _audit_count(app)
    body = {"role": "partner", "organization_id": org.id, "active": True, "name": user.name} if same else {}

    _ok(admin.patch(f"{API}/users/{user.id}", json=body))

    assert (_ok(admin.get(f"{API}/users/{user.id}")), _audit_count(app)) == before
