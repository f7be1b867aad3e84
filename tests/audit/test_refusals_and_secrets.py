"""A refused write leaves no audit entry, secrets never reach the trail, and the trail cannot be changed."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from logistics import db
from logistics.models import ApiToken, AuditEntry, Shipment, User
from logistics.models.audit import AppendOnly
from tests.audit.trail import API, expect

SHIPMENT = {"direction": "outbound", "kind": "donation", "origin": {"country": "CN"},
            "destination": {"country": "SK"}}


def _v(version: int) -> dict:
    return {"If-Match": f'"{version}"'}


# Each case: (what, status, the request as a function of the clients and the data).
REFUSED = [
    ("an organisation named like another", 409, lambda c, d: c.staff.post(
        f"{API}/organizations", json={"name": d.org.name, "country": "SK", "kind": "recipient"})),
    ("an organisation renamed like another", 409, lambda c, d: c.staff.patch(
        f"{API}/organizations/{d.other.id}", json={"name": d.org.name})),
    ("an item with a SKU that exists", 409, lambda c, d: c.staff.post(
        f"{API}/items", json={"sku": "PPE-COV", "name": "x", "base_unit": "piece"})),
    ("an item with a pack of a mass", 422, lambda c, d: c.staff.patch(
        f"{API}/items/{d.item.id}", json={"packs": [{"name": "box", "quantity": "3 kg"}]})),
    ("a pack in use resized", 422, lambda c, d: c.staff.patch(
        f"{API}/items/{d.item.id}", json={"packs": [{"name": "box", "quantity": "30 piece"}]})),
    ("a shipment with an unknown item", 422, lambda c, d: c.staff.post(f"{API}/shipments", json={
        **SHIPMENT, "counterparty_id": d.org.id, "lines": [{"sku": "NOPE", "quantity": "1 piece"}]})),
    ("a shipment with a reference in use", 409, lambda c, d: c.staff.post(f"{API}/shipments", json={
        **SHIPMENT, "counterparty_id": d.org.id, "reference": d.draft.reference})),
    ("a header change on a stale version", 409, lambda c, d: c.staff.patch(
        f"{API}/shipments/{d.draft.id}", json={"carrier": "DHL"}, headers=_v(d.draft.version + 1))),
    ("a header change with no version", 428, lambda c, d: c.staff.patch(
        f"{API}/shipments/{d.draft.id}", json={"carrier": "DHL"})),
    ("a header change not allowed in transit", 422, lambda c, d: c.staff.patch(
        f"{API}/shipments/{d.moving.id}", json={"counterparty_id": d.other.id}, headers=_v(d.moving.version))),
    ("a line of an unknown unit", 422, lambda c, d: c.staff.post(
        f"{API}/shipments/{d.draft.id}/lines", json={"sku": "PPE-COV", "quantity": "3 parsec"},
        headers=_v(d.draft.version))),
    ("a line added in transit", 409, lambda c, d: c.staff.post(
        f"{API}/shipments/{d.moving.id}/lines", json={"sku": "PPE-COV", "quantity": "3 box"},
        headers=_v(d.moving.version))),
    ("a line changed by litres", 422, lambda c, d: c.staff.patch(
        f"{API}/shipments/{d.draft.id}/lines/{d.draft.lines[0].id}", json={"quantity": "3 L"},
        headers=_v(d.draft.version))),
    ("a transition the workflow forbids", 409, lambda c, d: c.staff.post(
        f"{API}/shipments/{d.draft.id}/events", json={"status": "received"}, headers=_v(d.draft.version))),
    ("a checkpoint with nothing in it", 422, lambda c, d: c.staff.post(
        f"{API}/shipments/{d.moving.id}/events", json={}, headers=_v(d.moving.version))),
    ("a receipt of a line not on the shipment", 422, lambda c, d: c.staff.post(
        f"{API}/shipments/{d.delivered.id}/events", json={"status": "received", "received": [
            {"line_id": d.draft.lines[0].id, "quantity": "1 piece"}]}, headers=_v(d.delivered.version))),
    ("a receipt by mass of a line sent by count", 422, lambda c, d: c.staff.post(
        f"{API}/shipments/{d.delivered.id}/events", json={"status": "received", "received": [
            {"line_id": d.delivered.lines[0].id, "quantity": "9 kg"}]}, headers=_v(d.delivered.version))),
    ("a user with an email in use", 409, lambda c, d: c.admin.post(
        f"{API}/users", json={"email": d.user.email, "role": "staff"})),
    ("a partner user without an organisation", 422, lambda c, d: c.admin.post(
        f"{API}/users", json={"email": "p@example.org", "role": "partner"})),
    ("a user given a short password", 422, lambda c, d: c.admin.patch(
        f"{API}/users/{d.user.id}", json={"name": "x", "password": "short"})),
    ("a token for a deactivated user", 422, lambda c, d: c.admin.post(
        f"{API}/users/{d.inactive.id}/tokens", json={})),
]


class _Data:
    """The records the refused requests aim at."""

    def __init__(self, make):
        self.item = make.coverall()
        self.org, self.other = make.org(), make.org()
        self.draft = make.shipment(counterparty=self.org)
        self.moving = make.shipment(status="in_transit")
        self.delivered = make.shipment(status="delivered")
        self.user, _ = make.user("staff")
        self.inactive, _ = make.user("staff")


class _Clients:
    def __init__(self, make):
        self.staff, self.admin = make.api("staff"), make.api("admin")


@pytest.mark.parametrize("status, request_", [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_a_refused_write_leaves_no_audit_entry(make, trail, status, request_):
    data = _Data(make)
    clients = _Clients(make)
    expect(clients.admin.patch(f"{API}/users/{data.inactive.id}", json={"active": False}), 200)
    mark = trail.mark()

    expect(request_(clients, data), status)

    assert trail.since(mark) == []


def test_after_a_write_refused_at_flush_the_next_write_records_only_its_own_changes(make, trail):
    org = make.org(name="Szpital Łódź")
    staff = make.api("staff")
    mark = trail.mark()

    refused = {"name": org.name, "country": "PL", "kind": "recipient"}
    expect(staff.post(f"{API}/organizations", json=refused), 409)
    made = expect(staff.post(f"{API}/organizations", json={**refused, "name": "Osijek"}), 201)

    assert [(e.action, e.entity_id) for e in trail.since(mark)] == [("create", made["id"])]


def test_passwords_tokens_and_their_hashes_never_reach_the_trail_or_its_exports(app, make, trail, runner):
    admin = make.api("admin")
    make.coverall()
    shipment = make.shipment(status="confirmed")
    user = expect(admin.post(f"{API}/users", json={"email": "ops@example.org", "role": "staff",
                                                   "password": "correct horse 1"}), 201)
    expect(admin.patch(f"{API}/users/{user['id']}", json={"password": "correct horse 2"}), 200)
    issued = expect(admin.post(f"{API}/users/{user['id']}/tokens", json={}), 201)
    expect(admin.delete(f"{API}/tokens/{issued['id']}"), 200)
    demo = runner.invoke(args=["demo"])
    assert demo.exit_code == 0, demo.output
    with db.new_session(app) as session:
        hashes = [h for h in session.scalars(select(User.password_hash)) if h]
        hashes += list(session.scalars(select(ApiToken.token_hash)))
        hashes += [t for t in session.scalars(select(Shipment.tracking_token)) if t]
    secrets = ["correct horse 1", "correct horse 2", issued["token"], *hashes,
               *(line.split()[-1] for line in demo.output.splitlines()
                 if "password:" in line or "token:" in line)]
    assert len(hashes) > 10 and len(secrets) > 25

    stored = trail.raw()
    listed = admin.get(f"{API}/audit?page_size=100").get_data(as_text=True)
    exported = admin.get(f"{API}/audit.csv").get_data(as_text=True)

    assert '"password_hash": "***"' in stored and '"token_hash": "***"' in stored
    assert '"tracking_token": "***"' in stored
    for text in (stored, listed, exported):
        leaked = [secret for secret in secrets if secret in text]
        assert leaked == []
    assert shipment.reference in exported


def test_the_trail_cannot_be_changed_or_deleted_through_the_models(app, make, trail):
    make.org()
    with db.new_session(app) as session:
        entry = session.scalars(select(AuditEntry)).first()
        entry.actor_email = "someone-else@example.org"
        with pytest.raises(AppendOnly):
            session.commit()
        session.rollback()
        session.delete(session.get(AuditEntry, entry.id))
        with pytest.raises(AppendOnly):
            session.commit()
        session.rollback()
        for statement in (update(AuditEntry).values(actor_email="x"), delete(AuditEntry)):
            with pytest.raises(AppendOnly):
                session.execute(statement)
            session.rollback()
    [kept] = trail.since(0)
    assert kept.actor_email == "system"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/audit", "/audit.csv", "/audit/1", "/shipments/{id}/audit"])
def test_the_api_has_no_way_to_write_the_trail(make, trail, method, path):
    shipment = make.shipment(lines=())
    admin = make.api("admin")
    mark = trail.mark()

    response = admin.request(method, API + path.format(id=shipment.id), json={"action": "delete"})

    assert response.status_code in (404, 405)
    assert trail.since(mark) == [] and len(trail.since(0)) > 0
