"""Shipments read through the API are exactly what the schemas' fields dump, on both backends.

The read path builds its JSON by hand (schemas/shipment_json.py); here every demo shipment and a
few more (every status, packs, tonnes, values, net masses, a rounded pound, an item without a
unit mass, receipts short, damaged and over, customs fields) is read by staff and by partners and
compared with marshmallow's own dump of the same shipment, so /api/v1/openapi.json stays true.
"""
from __future__ import annotations

import pytest

from logistics import db
from logistics.domain.access import Actor
from logistics.domain.roles import Role
from logistics.schemas.shipments import ShipmentSchema, ShipmentSummarySchema
from logistics.services import shipment_list, shipments
from logistics.services.demo import load_demo
from logistics.services.totals import shipment_view
from tests.answers import expect
from tests.factories import ApiClient

API = "/api/v1"


@pytest.fixture
def story(app, make):
    """Load the demo, add shipments of the other shapes; return the demo users (with tokens)."""
    with app.app_context(), db.new_session(app) as session:
        people = load_demo(session, app.config["SECRET_KEY"])
    staff = ApiClient(app, next(p["token"] for p in people if p["role"] == "staff"))
    make.item("RICE", "kg", name="Rice")
    make.item("KIT", "piece", name="First-aid kit")
    nitra = next(org for org in expect(staff.get(f"{API}/organizations?page_size=100"), 200)
                 if "Nitra" in org["name"])
    body = {"direction": "outbound", "kind": "donation", "counterparty_id": nitra["id"],
            "origin": {"country": "CN", "place": "Cangzhou"}, "destination": {"country": "SK", "place": "Nitra"},
            "transport_mode": "air", "carrier": "CA Cargo", "tracking_number": "AWB-1",
            "incoterm": "DAP", "incoterm_place": "Nitra", "awb_number": "999-12345675",
            "invoice_number": "INV-7", "notes": "keep dry", "planned_departure": "2020-04-02",
            "lines": [
                {"sku": "RICE", "quantity": "10 lb", "value": {"amount": "120.5", "currency": "EUR"}},
                {"sku": "KIT", "quantity": "12 piece", "lot": "K-1", "expiry": "2027-01-31",
                 "country_of_origin": "CZ", "net_mass": "4.8 kg", "value": {"amount": "300", "currency": "JPY"}},
                {"sku": "PPE-N95", "quantity": "2 carton", "net_mass": "3 kg"},
                {"sku": "SAN-GEL", "quantity": "6 bottle"}]}
    draft = expect(staff.post(f"{API}/shipments", json=body), 201)
    for status in ("confirmed",):
        expect(staff.post(f"{API}/shipments/{draft['id']}/events", json={"status": status},
                           headers={"If-Match": f'"{draft["version"]}"'}), 201)
    expect(staff.post(f"{API}/shipments", json={**body, "lines": body["lines"][:1]}), 201)
    cancelled = expect(staff.post(f"{API}/shipments", json={**body, "lines": []}), 201)
    expect(staff.post(f"{API}/shipments/{cancelled['id']}/events", json={"status": "cancelled"},
                       headers={"If-Match": f'"{cancelled["version"]}"'}), 201)
    over = make.shipment(counterparty=None, lines=[("PPE-COV", "2 box"), ("KIT", "3 piece")], status="delivered")
    state = expect(staff.get(f"{API}/shipments/{over.id}"), 200)
    received = [{"line_id": state["lines"][0]["id"], "quantity": "60 piece", "reason": "over"},
                {"line_id": state["lines"][1]["id"], "quantity": "3 piece", "reason": "expired", "note": "old"}]
    expect(staff.post(f"{API}/shipments/{over.id}/events", json={"status": "received", "received": received},
                       headers={"If-Match": f'"{state["version"]}"'}), 201)
    return people


def _actor(app, person) -> Actor:
    from logistics.services.users import actor_of, authenticate_token

    with app.app_context(), db.new_session(app) as session:
        return actor_of(authenticate_token(session, person["token"]))


def _by_fields(app, actor: Actor, key) -> dict:
    with app.app_context(), db.new_session(app) as session:
        view = shipment_view(shipments.find_shipment(session, actor, key), actor, app.config["PUBLIC_URL"])
        return ShipmentSchema().dump_by_fields(view)


def test_every_shipment_read_by_staff_is_what_the_schema_fields_dump(app, story):
    staff = next(p for p in story if p["role"] == "staff")
    api, actor = ApiClient(app, staff["token"]), _actor(app, staff)
    listed = expect(api.get(f"{API}/shipments?page_size=100"), 200)
    statuses = {row["status"] for row in listed}

    for row in listed:
        assert expect(api.get(f"{API}/shipments/{row['reference']}"), 200) == _by_fields(app, actor, row["id"])
    assert statuses == {"draft", "confirmed", "in_transit", "delivered", "received", "cancelled"}


def test_every_shipment_read_by_its_partner_is_what_the_schema_fields_dump(app, story):
    partners = [p for p in story if p["role"] == "partner"]
    read = 0
    for person in partners:
        api, actor = ApiClient(app, person["token"]), _actor(app, person)
        for row in expect(api.get(f"{API}/shipments?page_size=100"), 200):
            body = expect(api.get(f"{API}/shipments/{row['id']}"), 200)
            assert body == _by_fields(app, actor, row["id"])
            assert body["tracking_url"] is None
            read += 1
    assert read >= 5


@pytest.mark.parametrize("role", ["staff", "partner"])
@pytest.mark.parametrize("include", ["", "&include=totals"])
def test_list_rows_are_what_the_summary_schema_fields_dump(app, story, include, role):
    """The API builds list rows from database rows (list_row_json); the web's summaries are the reference."""
    reader = next(p for p in story if p["role"] == role)
    api, actor = ApiClient(app, reader["token"]), _actor(app, reader)
    listed = expect(api.get(f"{API}/shipments?page_size=100{include}"), 200)
    assert listed and (role == "staff" or all(row["tracking_url"] is None for row in listed))

    with app.app_context(), db.new_session(app) as session:
        page = shipment_list.shipment_page(session, actor, {}, 100, with_totals=bool(include),
                                           public_url=app.config["PUBLIC_URL"])
    assert listed == ShipmentSummarySchema(many=True).dump_by_fields(page.items)
    assert all(("totals" in row) == bool(include) for row in listed)


def test_a_status_change_answers_with_the_shipment_as_the_schema_fields_dump_it(app, story):
    staff = next(p for p in story if p["role"] == "staff")
    api, actor = ApiClient(app, staff["token"]), _actor(app, staff)
    row = next(r for r in expect(api.get(f"{API}/shipments?status=confirmed"), 200))
    answer = expect(api.post(f"{API}/shipments/{row['id']}/events", json={"status": "in_transit"},
                              headers={"If-Match": f'"{row["version"]}"'}), 201)

    assert answer["shipment"] == _by_fields(app, actor, row["id"])
    assert Role(staff["role"]) is Role.STAFF
