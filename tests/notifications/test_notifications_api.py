"""The API: admins read and retry the outbox; staff follow shipments; everyone chooses their deliveries."""
from __future__ import annotations

import json

import pytest

from logistics import db
from logistics.services import outbox as queue

API = "/api/v1"


@pytest.fixture
def written(hospital_shipment, outbox):
    """Three messages: two confirmations and a dispatch notice, to a hospital's address and its contact."""
    shipment = hospital_shipment("OUT-2020-0003", "ivana@kbco.example", name="Klinički bolnički centar Osijek",
                                 email="skladiste@kbco.example")
    outbox.move(shipment, "confirmed")
    outbox.move(shipment, "in_transit")
    outbox.fan_out()  # the worker's first step: the events' messages written
    return shipment


def test_admins_list_the_outbox_newest_first_with_filters_and_cursors(make, written):
    admin = make.api("admin")

    response = admin.get(f"{API}/notifications?page_size=3")
    assert response.status_code == 200
    rows = response.get_json()
    assert [(r["recipient"], r["kind"], r["status"], r["attempts"], r["language"]) for r in rows] == [
        ("skladiste@kbco.example", "shipment_dispatched", "pending", 0, "en"),
        ("ivana@kbco.example", "shipment_dispatched", "pending", 0, "en"),
        ("skladiste@kbco.example", "shipment_confirmed", "pending", 0, "en")]
    assert rows[0]["subject"] == "Shipment OUT-2020-0003 is on its way to you"
    assert rows[0]["attachment"] == "manifest"
    paging = json.loads(response.headers["X-Pagination"])
    assert paging["total"] == 4
    rest = admin.get(f"{API}/notifications?page_size=3&cursor={paging['next_cursor']}").get_json()
    assert [(r["recipient"], r["kind"]) for r in rest] == [("ivana@kbco.example", "shipment_confirmed")]

    kinds = {r["kind"] for r in admin.get(f"{API}/notifications?kind=shipment_confirmed").get_json()}
    assert kinds == {"shipment_confirmed"}
    assert admin.get(f"{API}/notifications?status=failed").get_json() == []
    one = admin.get(f"{API}/notifications/{rows[0]['id']}").get_json()
    assert one["body_text"].startswith("Hello,") and one["body_html"].startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("role", ["staff", "manager", "partner"])
def test_only_admins_read_the_outbox(make, written, role):
    caller = make.api(role, make.org() if role == "partner" else None)
    assert caller.get(f"{API}/notifications").status_code == 403
    assert caller.get(f"{API}/notifications/1").status_code == 403
    assert caller.post(f"{API}/notifications/1/retry").status_code == 403


@pytest.mark.parametrize("query, field", [("status=lost", "status"), ("kind=gossip", "kind"),
                                          ("cursor=not-a-cursor", "cursor"), ("shipment_id=٣", "shipment_id")])
def test_bad_filters_are_refused_with_the_field_named(make, written, query, field):
    response = make.api("admin").get(f"{API}/notifications?{query}")
    assert response.status_code == 422
    assert field in json.dumps(response.get_json()["errors"])


def test_an_admin_retries_a_failed_message_and_nothing_else(app, make, written):
    admin = make.api("admin")
    first = admin.get(f"{API}/notifications?kind=shipment_confirmed").get_json()[-1]
    with app.app_context(), db.new_session(app) as session:
        for day in range(8):  # eight refused attempts, a day apart (longer than any back-off)
            for claim in queue.claim_due(session, limit=10, now=_far(day)):
                if claim.id == first["id"]:
                    queue.record_failure(session, claim, "SMTPDataError: (451, b'try later')", now=_far(day))
                else:
                    queue.record_sent(session, claim)
    failed = admin.get(f"{API}/notifications?status=failed").get_json()
    assert [row["id"] for row in failed] == [first["id"]] and failed[0]["attempts"] == 8
    assert failed[0]["last_error"].startswith("SMTPDataError")
    pending = admin.get(f"{API}/notifications?status=sent").get_json()[0]

    assert admin.post(f"{API}/notifications/{pending['id']}/retry").status_code == 409
    assert admin.post(f"{API}/notifications/999999/retry").status_code == 404
    retried = admin.post(f"{API}/notifications/{failed[0]['id']}/retry")
    assert retried.status_code == 200 and retried.get_json()["status"] == "pending"


def _far(days: int):
    from datetime import timedelta

    from logistics.models.types import utcnow

    return utcnow() + timedelta(days=30 + days)


def test_staff_follow_and_unfollow_a_shipment_and_partners_may_not(make, written):
    staff = make.api("staff")
    path = f"{API}/shipments/OUT-2020-0003/follow"
    assert staff.get(path).get_json() == {"following": False}
    assert staff.request("PUT", path).get_json() == {"following": True}
    assert staff.request("PUT", path).get_json() == {"following": True}  # twice is once
    assert staff.get(path).get_json() == {"following": True}
    assert staff.delete(path).get_json() == {"following": False}
    assert staff.request("PUT", f"{API}/shipments/OUT-404/follow").status_code == 404
    partner = make.api("partner", written.counterparty)
    assert partner.request("PUT", path).status_code == 403


def test_everyone_chooses_how_they_take_each_kind(make):
    partner = make.api("partner", make.org())
    path = f"{API}/me/notification-settings"
    assert set(partner.get(path).get_json().values()) == {"immediately"}
    changed = partner.patch(path, json={"shipment_dispatched": "digest", "shipment_changed": "off"})
    assert changed.status_code == 200
    settings = partner.get(path).get_json()
    assert (settings["shipment_dispatched"], settings["shipment_changed"], settings["shipment_confirmed"]) == \
        ("digest", "off", "immediately")
    refused = partner.patch(path, json={"shipment_dispatched": "weekly", "daily_digest": "off"})
    assert refused.status_code == 422
    assert set(refused.get_json()["errors"]["json"]) == {"shipment_dispatched", "daily_digest"}
    assert partner.get(path).get_json() == settings
