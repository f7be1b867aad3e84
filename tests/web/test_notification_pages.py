"""Notification pages: the follow button, one's delivery settings, and the outbox that admins read and retry."""
from __future__ import annotations

from datetime import timedelta

import pytest

from logistics import db
from logistics.models.types import utcnow
from logistics.services import outbox as queue
from tests.notifications.conftest import Outbox
from tests.web.pages import button_texts, table_rows, text_of


def _html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def shipment(make):
    make.coverall()
    org = make.org(name="Szpital Wojewódzki Łódź", email="magazyn@szpital.example")
    return make.shipment(counterparty=org, reference="OUT-2020-0002")


def test_staff_follow_a_shipment_from_its_page_and_are_then_told_of_its_changes(app, signed_in, shipment):
    staff = signed_in("staff", email="follower@zone.example")
    page = staff.get("/shipments/OUT-2020-0002")
    assert "Follow" in button_texts(_html(page))

    followed = staff.submit(page, "Follow", follow_redirects=True)
    assert "Following ✓ (stop)" in button_texts(_html(followed))
    assert "You follow this shipment" in text_of(_html(followed))
    Outbox(app).move(shipment, "confirmed")
    assert [r.email for r in Outbox(app).rows(kind="shipment_changed")] == ["follower@zone.example"]

    stopped = staff.submit(followed, "Following ✓ (stop)", follow_redirects=True)
    assert "Follow" in button_texts(_html(stopped))


def test_partners_get_no_follow_button_and_cannot_post_one(make, signed_in, shipment):
    partner = signed_in("partner", org=shipment.counterparty)
    make.confirm(shipment)
    page = partner.get("/shipments/OUT-2020-0002")
    assert page.status_code == 200 and "Follow" not in button_texts(_html(page))
    assert partner.post("/shipments/OUT-2020-0002/follow", data={"follow": "1"}).status_code in (400, 403)


def test_a_user_chooses_a_digest_for_one_kind_on_the_settings_page(app, make, signed_in, shipment):
    partner = signed_in("partner", org=shipment.counterparty, email="kierownik@szpital.example")
    page = partner.get("/settings/notifications")
    assert page.status_code == 200
    saved = partner.submit(page, "Save settings", {"shipment_confirmed": "digest"}, follow_redirects=True)
    assert "Notification settings saved." in text_of(_html(saved))
    make.confirm(shipment)
    assert [(r.email, r.status) for r in Outbox(app).rows()] == [
        ("kierownik@szpital.example", "held"), ("magazyn@szpital.example", "pending")]


def test_a_setting_that_is_no_choice_is_refused_and_nothing_changes(app, signed_in):
    partner = signed_in("partner")
    page = partner.get("/settings/notifications")
    refused = partner.submit(page, "Save settings", {"shipment_confirmed": "hourly"})
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in _html(refused)
    again = partner.get("/settings/notifications")
    assert 'value="immediately" selected' in _html(again)


def test_admins_read_the_outbox_open_a_message_and_retry_a_failed_one(app, make, signed_in, shipment):
    make.confirm(shipment)
    Outbox(app).fan_out()  # the worker's first step: the event's messages written
    with app.app_context(), db.new_session(app) as session:
        later = utcnow()
        for day in range(8):
            later += timedelta(days=1)
            for claim in queue.claim_due(session, now=later):
                queue.record_failure(session, claim, "SMTPDataError: (451, b'try later')", now=later)
    admin = signed_in("admin")

    page = admin.get("/admin/notifications")
    assert page.status_code == 200
    rows = table_rows(_html(page), 'class="list cards-on-phone"')
    assert [row[1:6] for row in rows] == [["magazyn@szpital.example", "en", "shipment confirmed",
                                           "Shipment OUT-2020-0002 to you is confirmed",
                                           "failed SMTPDataError: (451, b'try later')"]]
    [row] = Outbox(app).rows()
    message = admin.get(f"/admin/notifications/{row.id}")
    assert "Szpital Wojewódzki Łódź" in text_of(_html(message)) and "manifest" in text_of(_html(message))
    html_part = admin.get(f"/admin/notifications/{row.id}/html")
    assert html_part.mimetype == "text/html" and "OUT-2020-0002" in _html(html_part)

    retried = admin.submit(page, "Retry", follow_redirects=True)
    assert "will be sent again" in text_of(_html(retried))
    assert Outbox(app).rows()[0].status == "pending"
    filtered = admin.get("/admin/notifications?status=failed")
    assert "No messages match." in text_of(_html(filtered))
    assert admin.get("/admin/notifications?status=lost").status_code == 422


@pytest.mark.parametrize("role", ["staff", "manager", "partner"])
def test_only_admins_open_the_outbox(signed_in, role):
    browser = signed_in(role)
    assert browser.get("/admin/notifications").status_code == 403
    assert browser.get("/admin/notifications/1").status_code == 403


def test_a_partner_sees_which_shipments_changed_since_their_last_visit(app, make, signed_in, shipment):
    from tests.web.conftest import PASSWORD, Browser

    quiet = make.shipment(counterparty=shipment.counterparty, reference="OUT-2020-0009")
    make.confirm(shipment)
    make.confirm(quiet)
    first = signed_in("partner", org=shipment.counterparty, email="kierownik@szpital.example")
    assert "changed since your last visit" not in _html(first.get("/shipments"))  # a first visit: nothing marked

    Outbox(app).move(shipment, "in_transit", tracking_number="PL-778")  # staff dispatch it meanwhile

    later = Browser(app.test_client())
    assert later.sign_in("kierownik@szpital.example", PASSWORD).status_code == 302
    rows = table_rows(_html(later.get("/shipments")), 'class="list"')
    assert [(row[0].split()[0], row[0].endswith("new")) for row in rows] == [
        ("OUT-2020-0009", False), ("OUT-2020-0002", True)]
