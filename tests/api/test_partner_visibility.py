"""Partners see their shipments once confirmed: a draft that was never confirmed is not theirs to see yet."""
from __future__ import annotations

import pytest

from logistics.domain.access import SYSTEM
from logistics.domain.shipments import RecordEvent
from logistics.domain.workflow import Status
from logistics.services import events

API = "/api/v1"


def _cancel(app, shipment):
    from logistics import db

    with app.app_context(), db.new_session(app) as session:
        events.post_event(session, SYSTEM, shipment.reference, shipment.version,
                          RecordEvent(status=Status.CANCELLED))


@pytest.fixture
def own(make):
    make.coverall()
    return make.org()


@pytest.mark.parametrize("status, seen", [("draft", False), ("confirmed", True), ("in_transit", True),
                                          ("received", True)])
def test_a_partner_sees_its_shipment_only_once_it_was_confirmed(make, own, status, seen):
    shipment = make.shipment(counterparty=own, status=status, reference="OUT-1")
    partner = make.api("partner", own)

    listed = [s["reference"] for s in partner.get(f"{API}/shipments").get_json()]
    answers = [partner.get(f"{API}/shipments/{key}").status_code for key in (shipment.id, "OUT-1")]
    history = partner.get(f"{API}/shipments/OUT-1/events").status_code
    manifest = partner.get(f"{API}/shipments/OUT-1/manifest.pdf").status_code

    assert listed == (["OUT-1"] if seen else [])
    assert answers == ([200, 200] if seen else [404, 404])
    assert history == (200 if seen else 404)
    assert (manifest == 404) is not seen


def test_a_draft_cancelled_before_it_was_confirmed_stays_hidden_but_a_confirmed_one_cancelled_shows(
        app, make, own):
    never = make.shipment(counterparty=own, reference="OUT-NEVER")
    confirmed = make.shipment(counterparty=own, reference="OUT-CONF", status="confirmed")
    _cancel(app, never)
    _cancel(app, confirmed)
    partner, staff = make.api("partner", own), make.api("staff")

    listed = [s["reference"] for s in partner.get(f"{API}/shipments?status=cancelled").get_json()]

    assert listed == ["OUT-CONF"]
    assert partner.get(f"{API}/shipments/OUT-NEVER").status_code == 404
    assert staff.get(f"{API}/shipments/OUT-NEVER").get_json()["status"] == "cancelled"


def test_a_partners_page_of_a_draft_is_not_found(make, own, app):
    make.shipment(counterparty=own, reference="OUT-DRAFT")
    partner = make.api("partner", own)

    assert partner.get(f"{API}/shipments/OUT-DRAFT/events").status_code == 404
    assert partner.get(f"{API}/shipments/export.csv").get_data(as_text=True).count("OUT-DRAFT") == 0
