"""Every write through the API leaves audit entries: who, when, which record, the values before and after."""
from __future__ import annotations

from datetime import datetime

import pytest

from tests.audit.trail import API, expect, just_now

NEXT = {"draft": ["confirmed", "cancelled"], "confirmed": ["in_transit", "cancelled"],
        "in_transit": ["delivered"], "delivered": ["received"]}
TRANSITIONS = [(current, target) for current, targets in NEXT.items() for target in targets]


def _me(api) -> dict:
    return expect(api.get(f"{API}/me"), 200)


def _by(entry, me: dict) -> bool:
    return entry.actor_id == me["id"] and entry.actor_email == me["email"] and just_now(entry.at)


def _if_match(version: int) -> dict:
    return {"If-Match": f'"{version}"'}


@pytest.fixture
def staff(make):
    """Return a staff client, with the demo's coverall and mask in the catalogue."""
    make.coverall()
    make.mask()
    return make.api("staff")


def test_creating_and_changing_an_organisation_records_both_with_the_values(make, trail):
    staff = make.api("staff")
    me, mark = _me(staff), trail.mark()

    org = expect(staff.post(f"{API}/organizations", json={
        "name": "Fakultná nemocnica Nitra", "country": "SK", "kind": "recipient"}), 201)
    expect(staff.patch(f"{API}/organizations/{org['id']}", json={"phone": "+421 37 654 5111"}), 200)

    created, updated = trail.since(mark)
    assert (created.action, created.entity, created.entity_id) == ("create", "organizations", org["id"])
    assert created.before is None
    assert created.after["name"] == "Fakultná nemocnica Nitra" and created.after["country"] == "SK"
    assert created.shipment_id is None
    assert (updated.action, updated.entity, updated.entity_id) == ("update", "organizations", org["id"])
    assert set(updated.after) == {"phone", "updated_at"}
    assert (updated.before["phone"], updated.after["phone"]) == (None, "+421 37 654 5111")
    assert _by(created, me) and _by(updated, me)


def test_creating_an_item_records_the_item_and_each_of_its_packs(make, trail):
    staff = make.api("staff")
    me, mark = _me(staff), trail.mark()

    item = expect(staff.post(f"{API}/items", json={
        "sku": "PPE-GLV", "name": "Nitrile gloves", "base_unit": "pair", "unit_mass": "0.008 kg",
        "packs": [{"name": "box", "quantity": "50 pair"}, {"name": "carton", "quantity": "10 box"}]}), 201)

    entries = trail.since(mark)
    assert [(e.action, e.entity) for e in entries] == [
        ("create", "items"), ("create", "item_packs"), ("create", "item_packs")]
    assert entries[0].entity_id == item["id"] and entries[0].after["unit_mass_micro_kg"] == 8000
    packs = {e.after["name"]: e.after for e in entries[1:]}
    assert packs["box"]["base_micro"] == 50 * 10**6 and packs["carton"]["base_micro"] == 500 * 10**6
    assert all(_by(e, me) for e in entries)


def test_changing_an_item_records_the_item_and_packs_changed_added_and_removed(make, trail):
    item = make.item("PPE-GLV", "pair", packs=[("box", "50 pair"), ("carton", "10 box")])
    staff = make.api("staff")
    me, mark = _me(staff), trail.mark()

    expect(staff.patch(f"{API}/items/{item.id}", json={
        "name": "Nitrile examination gloves",
        "packs": [{"name": "box", "quantity": "100 pair"}, {"name": "pallet", "quantity": "40 box"}]}), 200)

    entries = {(e.action, e.entity, (e.after or e.before).get("name")): e for e in trail.since(mark)}
    changed = entries[("update", "items", "Nitrile examination gloves")]
    assert changed.before["name"] == "Test item" and changed.entity_id == item.id
    box = next(e for (action, entity, _), e in entries.items() if (action, entity) == ("update", "item_packs"))
    assert (box.before["quantity_value"], box.after["quantity_value"]) == ("50", "100")
    assert (box.before["base_micro"], box.after["base_micro"]) == (50 * 10**6, 100 * 10**6)
    assert entries[("delete", "item_packs", "carton")].before["quantity_value"] == "10"
    assert entries[("delete", "item_packs", "carton")].after is None
    assert entries[("create", "item_packs", "pallet")].after["base_micro"] == 4000 * 10**6
    assert all(_by(e, me) for e in entries.values())


def test_logging_a_shipment_records_it_its_lines_and_its_first_event_under_its_id(make, staff, trail):
    org = make.org()
    me, mark = _me(staff), trail.mark()

    shipment = expect(staff.post(f"{API}/shipments", json={
        "direction": "outbound", "kind": "donation", "counterparty_id": org.id,
        "origin": {"country": "CN", "place": "Cangzhou"}, "destination": {"country": "SK"},
        "lines": [{"sku": "PPE-COV", "quantity": "1,200 box"}, {"sku": "PPE-N95", "quantity": "22.5 t"}]}), 201)

    entries = trail.since(mark)
    assert sorted((e.action, e.entity) for e in entries) == [
        ("create", "shipment_events"), ("create", "shipment_lines"), ("create", "shipment_lines"),
        ("create", "shipments")]
    assert {e.shipment_id for e in entries} == {shipment["id"]}
    header = next(e for e in entries if e.entity == "shipments")
    assert header.entity_id == shipment["id"] and header.after["reference"] == shipment["reference"]
    assert header.after["status"] == "draft" and header.after["created_by_id"] == me["id"]
    lines = sorted(tuple(e.after[k] for k in ("line_no", "quantity_value", "quantity_unit", "base_micro"))
                   for e in entries if e.entity == "shipment_lines")
    assert lines == [(1, "1200", "box", 30_000 * 10**6), (2, "22.5", "t", 22_500 * 10**6)]
    assert all(_by(e, me) for e in entries)


def test_changing_a_header_records_the_changed_fields_and_the_version_in_one_entry(make, staff, trail):
    shipment = make.shipment()
    me, mark = _me(staff), trail.mark()

    expect(staff.patch(f"{API}/shipments/{shipment.id}", json={"carrier": "DHL Freight", "notes": "fragile"},
                       headers=_if_match(shipment.version)), 200)

    [entry] = trail.since(mark)
    assert (entry.action, entry.entity, entry.entity_id, entry.shipment_id) == (
        "update", "shipments", shipment.id, shipment.id)
    assert set(entry.after) == {"carrier", "notes", "version", "updated_at", "updated_by_id"}
    assert {k: entry.before[k] for k in ("carrier", "notes", "version", "updated_by_id")} == {
        "carrier": None, "notes": None, "version": 1, "updated_by_id": None}
    assert {k: entry.after[k] for k in ("carrier", "notes", "version", "updated_by_id")} == {
        "carrier": "DHL Freight", "notes": "fragile", "version": 2, "updated_by_id": me["id"]}
    assert _by(entry, me)


def test_adding_changing_and_removing_a_line_is_recorded_with_the_version_bumps(make, staff, trail):
    shipment = make.shipment()
    me, mark = _me(staff), trail.mark()

    added = expect(staff.post(f"{API}/shipments/{shipment.id}/lines",
                              json={"sku": "PPE-N95", "quantity": "3 box"}, headers=_if_match(1)), 201)
    line_id = added["lines"][1]["id"]
    expect(staff.patch(f"{API}/shipments/{shipment.id}/lines/{line_id}",
                       json={"quantity": "4 carton", "lot": "L7"}, headers=_if_match(2)), 200)
    expect(staff.delete(f"{API}/shipments/{shipment.id}/lines/{line_id}", headers=_if_match(3)), 200)

    entries = trail.since(mark)
    line_entries = [e for e in entries if e.entity == "shipment_lines"]
    assert [e.action for e in line_entries] == ["create", "update", "delete"]
    assert {e.entity_id for e in line_entries} == {line_id}
    assert {e.shipment_id for e in entries} == {shipment.id}
    create, update, delete = line_entries
    assert (create.after["quantity_value"], create.after["quantity_unit"]) == ("3", "box")
    assert update.before == {"quantity_value": "3", "quantity_unit": "box", "base_micro": 60 * 10**6,
                             "lot": None}
    assert update.after == {"quantity_value": "4", "quantity_unit": "carton", "base_micro": 1920 * 10**6,
                            "lot": "L7"}
    assert delete.after is None and delete.before["lot"] == "L7" and delete.before["shipment_id"] == shipment.id
    versions = [(e.before["version"], e.after["version"]) for e in entries if e.entity == "shipments"]
    assert versions == [(1, 2), (2, 3), (3, 4)]
    assert all(_by(e, me) for e in entries)


@pytest.mark.parametrize("current, target", TRANSITIONS)
def test_every_status_transition_records_the_status_change_and_its_event(make, staff, trail, current, target):
    shipment = make.shipment(status=current)
    me, mark = _me(staff), trail.mark()
    body = {"status": target, **({"tracking_number": "CZE0001"} if target == "in_transit" else {})}

    result = expect(staff.post(f"{API}/shipments/{shipment.id}/events", json=body,
                               headers=_if_match(shipment.version)), 201)

    entries = trail.since(mark)
    header = next(e for e in entries if e.entity == "shipments")
    assert (header.before["status"], header.after["status"]) == (current, target)
    assert header.after["version"] == header.before["version"] + 1
    event = next(e for e in entries if e.entity == "shipment_events")
    assert (event.action, event.entity_id) == ("create", result["event"]["id"])
    assert (event.after["kind"], event.after["from_status"], event.after["to_status"]) == (
        "transition", current, target)
    if target == "in_transit":
        assert header.after["tracking_number"] == "CZE0001"
    assert {e.shipment_id for e in entries} == {shipment.id}
    assert all(_by(e, me) for e in entries)


def test_a_checkpoint_records_its_event_and_a_new_tracking_number(make, staff, trail):
    shipment = make.shipment(status="in_transit")
    me, mark = _me(staff), trail.mark()

    expect(staff.post(f"{API}/shipments/{shipment.id}/events",
                      json={"location": "Małaszewicze", "note": "reloaded", "tracking_number": "PL-77"},
                      headers=_if_match(shipment.version)), 201)

    entries = trail.since(mark)
    event = next(e for e in entries if e.entity == "shipment_events")
    assert event.after["kind"] == "checkpoint" and event.after["location"] == "Małaszewicze"
    header = next(e for e in entries if e.entity == "shipments")
    assert (header.before["tracking_number"], header.after["tracking_number"]) == (None, "PL-77")
    assert "status" not in header.after
    assert all(_by(e, me) for e in entries)


def test_a_receipt_records_what_arrived_of_each_line(make, staff, trail):
    shipment = make.shipment(lines=(("PPE-COV", "4 box"), ("PPE-N95", "100 piece")), status="delivered")
    short, full = shipment.lines
    me, mark = _me(staff), trail.mark()

    expect(staff.post(f"{API}/shipments/{shipment.id}/events", json={
        "status": "received", "received": [{"line_id": short.id, "quantity": "90 piece", "note": "wet",
                                       "reason": "damaged"}]},
        headers=_if_match(shipment.version)), 201)

    lines = {e.entity_id: e for e in trail.since(mark, entity="shipment_lines")}
    assert lines[short.id].before == {"received_value": None, "received_unit": None, "received_micro": None,
                                      "received_note": None, "received_reason": None}
    assert lines[short.id].after == {"received_value": "90", "received_unit": "piece",
                                     "received_micro": 90 * 10**6, "received_note": "wet",
                                     "received_reason": "damaged"}
    assert lines[full.id].after == {"received_value": "100", "received_unit": "piece",
                                    "received_micro": 100 * 10**6}
    assert all(_by(e, me) for e in lines.values())


def test_creating_and_changing_a_user_is_recorded_with_the_password_hash_masked(make, trail):
    admin = make.api("admin")
    me, mark = _me(admin), trail.mark()

    user = expect(admin.post(f"{API}/users", json={
        "email": "ops@example.org", "role": "staff", "password": "correct horse 1"}), 201)
    expect(admin.patch(f"{API}/users/{user['id']}", json={
        "name": "Ops", "role": "manager", "password": "correct horse 2"}), 200)

    created, updated = trail.since(mark, entity="users")
    assert created.action == "create" and created.entity_id == user["id"]
    assert created.after["email"] == "ops@example.org" and created.after["password_hash"] == "***"
    assert updated.before == {"name": None, "role": "staff", "password_hash": "***"}
    assert updated.after == {"name": "Ops", "role": "manager", "password_hash": "***"}
    assert _by(created, me) and _by(updated, me)


def test_issuing_and_revoking_a_token_is_recorded_without_the_token(make, trail):
    admin = make.api("admin")
    user, _ = make.user("staff")
    me, mark = _me(admin), trail.mark()

    issued = expect(admin.post(f"{API}/users/{user.id}/tokens", json={"label": "laptop"}), 201)
    expect(admin.delete(f"{API}/tokens/{issued['id']}"), 200)

    created, revoked = trail.since(mark, entity="api_tokens")
    assert created.action == "create" and created.entity_id == issued["id"]
    assert created.after["token_hash"] == "***" and created.after["label"] == "laptop"
    assert created.after["user_id"] == user.id
    assert revoked.action == "update" and revoked.before == {"revoked_at": None}
    assert just_now(datetime.fromisoformat(revoked.after["revoked_at"]))
    assert _by(created, me) and _by(revoked, me)
    assert issued["token"] not in trail.raw()


def test_deactivating_a_user_records_the_change_and_every_token_it_revokes(make, trail):
    admin = make.api("admin")
    user, _ = make.user("staff")
    mark = trail.mark()

    expect(admin.patch(f"{API}/users/{user.id}", json={"active": False}), 200)

    entries = trail.since(mark)
    assert [(e.action, e.entity) for e in entries] == [("update", "users"), ("update", "api_tokens")]
    assert (entries[0].before, entries[0].after) == ({"active": True}, {"active": False})
