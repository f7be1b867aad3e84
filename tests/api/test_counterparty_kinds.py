"""A carrier moves goods; it never sends or receives them: it is no shipment's counterparty.

Refused by the API (create and change) and by the import; the page's form does not offer one
(tests/web/test_counterparty_choices.py).
"""
from __future__ import annotations

import io

from logistics import db
from logistics.domain.access import Actor
from logistics.domain.roles import Role
from logistics.transfer import import_file
from tests.transfer.files import csv_bytes, row

API = "/api/v1"
RAIL = "Cangzhou–Europe Express Rail"
SAYS = f"'{RAIL}' is a carrier: a shipment's counterparty is who sends or receives the goods " \
       "(name the carrier in the carrier field)"


def _body(counterparty_id: int) -> dict:
    return {"direction": "inbound", "kind": "purchase", "counterparty_id": counterparty_id,
            "origin": {"country": "CN"}, "destination": {"country": "CZ"},
            "lines": [{"sku": "PPE-COV", "quantity": "10 box"}]}


def test_a_carrier_is_refused_as_the_counterparty_of_a_new_or_changed_shipment(make):
    make.coverall()
    rail = make.org(name=RAIL, country="CN", kind="carrier")
    supplier = make.org(name="Medtex Žilina", country="SK", kind="supplier")
    staff = make.api("staff")

    refused = staff.post(f"{API}/shipments", json=_body(rail.id))
    assert refused.status_code == 422, refused.get_json()
    assert refused.get_json()["errors"]["counterparty_id"] == [SAYS]
    assert staff.get(f"{API}/shipments").get_json() == []

    created = staff.post(f"{API}/shipments", json=_body(supplier.id))
    assert created.status_code == 201, created.get_json()
    shipment = created.get_json()
    changed = staff.patch(f"{API}/shipments/{shipment['id']}",
                          json={"counterparty_id": rail.id, "version": shipment["version"]})
    assert changed.status_code == 422, changed.get_json()
    assert changed.get_json()["errors"]["counterparty_id"] == [SAYS]
    assert staff.get(f"{API}/shipments/{shipment['id']}").get_json()["counterparty"]["id"] == supplier.id


def test_an_import_naming_a_carrier_as_counterparty_is_refused(app, make):
    make.coverall()
    make.org(name=RAIL, country="CN", kind="carrier")
    user, _ = make.user("staff")
    rows = [row(reference="IMP-RAIL", counterparty=RAIL, direction="inbound", kind="purchase",
                origin_country="CN", destination_country="CZ")]
    with app.app_context(), db.new_session(app) as session:
        report = import_file(session, Actor(user.id, Role.STAFF, None, user.email), io.BytesIO(csv_bytes(rows)),
                             "shipments.csv")
    assert report.shipments_created == 0
    assert [(refusal.column, refusal.reason) for refusal in report.refusals] == [("counterparty", SAYS)]
