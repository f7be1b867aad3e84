"""The outbox is written with the change that causes it: who is told what, and nothing on a rollback."""
from __future__ import annotations

import pytest

from logistics import db
from logistics.domain.access import SYSTEM
from logistics.domain.notifications import Delivery, NoticeKind
from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.shipments import ReceivedLine, RecordEvent
from logistics.domain.workflow import Status
from logistics.errors import Invalid
from logistics.services import events, follows
from logistics.unit_of_work import writing
from logistics.units import parse_quantity
from tests.notifications.conftest import actor_of


@pytest.fixture
def partner_org(make):
    make.coverall()
    return make.org(name="Fakultná nemocnica Nitra", email="sklad@fnnitra.example")


def test_confirming_an_outbound_shipment_tells_the_counterpartys_users_and_address(make, outbox, partner_org):
    first, _ = make.user("partner", partner_org, email="anna@fnnitra.example")
    second, _ = make.user("partner", partner_org, email="jan@fnnitra.example")
    make.user("partner", make.org(), email="other@elsewhere.example")
    shipment = make.shipment(counterparty=partner_org, reference="OUT-1")

    outbox.move(shipment, "confirmed")

    rows = outbox.rows()
    assert [(r.email, r.kind, r.user_id, r.status) for r in rows] == [
        ("anna@fnnitra.example", "shipment_confirmed", first.id, "pending"),
        ("jan@fnnitra.example", "shipment_confirmed", second.id, "pending"),
        ("sklad@fnnitra.example", "shipment_confirmed", None, "pending")]
    assert {r.attachment_kind for r in rows} == {"manifest"}
    assert rows[0].subject == "Shipment OUT-1 to you is confirmed"
    assert "Medical protective coverall (PPE-COV): 100 piece" in rows[0].body_text
    assert "/track/" in rows[0].body_text and "/track/" in rows[0].body_html
    assert rows[0].language == "en"


def test_dispatch_and_delivery_tell_the_counterparty_with_the_tracking_number(make, outbox, partner_org):
    shipment = make.shipment(counterparty=partner_org, status="confirmed", reference="OUT-2")
    outbox.move(shipment, "in_transit", tracking_number="CZE-123")
    outbox.move(shipment, "delivered")

    rows = outbox.rows(email="sklad@fnnitra.example")
    assert [r.kind for r in rows] == ["shipment_confirmed", "shipment_dispatched", "shipment_delivered"]
    assert "Tracking number: CZE-123" in rows[1].body_text
    assert rows[2].attachment_kind is None


def test_an_inbound_shipment_tells_its_counterparty_only_of_the_receipt(make, outbox, partner_org):
    shipment = make.shipment(counterparty=partner_org, direction="inbound", status="delivered")
    assert outbox.rows() == []
    outbox.move(shipment, "received")
    assert [(r.email, r.kind, r.attachment_kind) for r in outbox.rows()] == [
        ("sklad@fnnitra.example", "goods_received", "grn")]


def test_the_sender_is_told_what_arrived_with_discrepancies_and_reasons(make, outbox, partner_org):
    sender, _ = make.user("staff", email="procurement@zone.example")
    partner, _ = make.user("partner", partner_org, email="anna@fnnitra.example")
    shipment = make.shipment(counterparty=partner_org, status="delivered", created_by=sender,
                             lines=(("PPE-COV", "100 piece"), ("PPE-COV", "4 box")))
    short = ReceivedLine(shipment.lines[0].id, parse_quantity("90 piece"), "crushed in the truck",
                         DiscrepancyReason.DAMAGED)

    outbox.move(shipment, "received", user=partner, received=(short,))

    told = outbox.rows(kind="goods_received")
    assert [r.email for r in told] == ["procurement@zone.example"]  # the partner who confirmed is not told
    body = told[0].body_text
    assert "1 line differs from what was sent." in body
    assert "1. Medical protective coverall (PPE-COV): sent 100 piece, received 90 piece (damaged: crushed in the truck)" in body
    assert "2. Medical protective coverall (PPE-COV): sent 4 box, received 4 box" in body


def test_followers_are_told_of_every_change_but_their_own(app, make, outbox, partner_org):
    follower, _ = make.user("staff", email="follower@zone.example")
    mover, _ = make.user("manager", email="mover@zone.example")
    shipment = make.shipment(counterparty=partner_org)
    with app.app_context(), db.new_session(app) as session:
        for user in (follower, mover):
            follows.set_following(session, actor_of(user), shipment.reference, True)

    outbox.move(shipment, "confirmed", user=mover)
    outbox.move(shipment, None, user=follower, location="Cangzhou warehouse")
    outbox.move(shipment, None, user=mover, location="Tianjin port", note="loaded")

    changed = outbox.rows(kind="shipment_changed")
    assert [(r.email, r.subject) for r in changed] == [
        ("follower@zone.example", f"Shipment {shipment.reference}: confirmed"),
        ("mover@zone.example", f"Shipment {shipment.reference}: confirmed"),
        ("follower@zone.example", f"Shipment {shipment.reference}: confirmed")]
    assert "Where: Tianjin port" in changed[2].body_text and "Note: loaded" in changed[2].body_text


def test_a_kind_turned_off_is_not_written_and_a_digest_kind_is_held(app, make, outbox, partner_org):
    quiet, _ = make.user("partner", partner_org, email="quiet@fnnitra.example")
    daily, _ = make.user("partner", partner_org, email="daily@fnnitra.example")
    with app.app_context(), db.new_session(app) as session:
        follows.set_delivery_settings(session, actor_of(quiet), {NoticeKind.CONFIRMED: Delivery.OFF})
        follows.set_delivery_settings(session, actor_of(daily), {NoticeKind.CONFIRMED: Delivery.DIGEST})
    shipment = make.shipment(counterparty=partner_org)

    outbox.move(shipment, "confirmed")

    assert [(r.email, r.status) for r in outbox.rows()] == [
        ("daily@fnnitra.example", "held"), ("sklad@fnnitra.example", "pending")]
    held = outbox.rows(status="held")[0]
    assert held.next_attempt_at > held.created_at


def test_a_status_change_that_rolls_back_notifies_no_one(app, make, outbox, partner_org):
    make.user("partner", partner_org, email="anna@fnnitra.example")
    shipment = make.shipment(counterparty=partner_org, reference="OUT-9")

    confirm = RecordEvent(status=Status.CONFIRMED)
    with app.app_context(), db.new_session(app) as session, pytest.raises(RuntimeError, match="after the event"):
        with writing(session, SYSTEM):
            events.post_event(session, SYSTEM, "OUT-9", shipment.version, confirm)
            raise RuntimeError("something after the event failed")

    assert outbox.rows() == []
    outbox.move(shipment, "confirmed")
    assert len(outbox.rows()) == 2


def test_a_refused_receipt_notifies_no_one(make, outbox, partner_org):
    sender, _ = make.user("staff", email="procurement@zone.example")
    shipment = make.shipment(counterparty=partner_org, status="delivered", created_by=sender)
    before = len(outbox.rows())
    short = ReceivedLine(shipment.lines[0].id, parse_quantity("90 piece"))  # less, and no reason

    with pytest.raises(Invalid):
        outbox.move(shipment, "received", received=(short,))

    assert len(outbox.rows()) == before


def test_each_recipient_is_written_to_in_their_language_with_quantities_as_they_write_them(app, make, outbox):
    from logistics.domain.roles import Role
    from logistics.domain.users import CreateUser
    from logistics.services import users

    make.coverall()
    org = make.org(name="Klinički bolnički centar Osijek", country="HR", language="hr",
                   email="skladiste@kbco.example")
    with app.app_context(), db.new_session(app) as session:
        users.create_user(session, SYSTEM, CreateUser(email="anna@kbco.example", role=Role.PARTNER,
                                                      organization_id=org.id, language="pl"))
        users.create_user(session, SYSTEM, CreateUser(email="ivo@kbco.example", role=Role.PARTNER,
                                                      organization_id=org.id))
    shipment = make.shipment(counterparty=org, reference="OUT-2020-0003",
                             lines=(("PPE-COV", "10000 piece"), ("PPE-COV", "2.5 t")))

    outbox.move(shipment, "confirmed")

    by_email = {row.email: row for row in outbox.rows()}
    polish, croatian, address = (by_email[e] for e in ("anna@kbco.example", "ivo@kbco.example",
                                                        "skladiste@kbco.example"))
    assert (polish.language, croatian.language, address.language) == ("pl", "hr", "hr")
    assert polish.subject == "Przesyłka OUT-2020-0003 do Państwa została potwierdzona"
    polish_text = polish.body_text.replace("\u00a0", " ").replace("\u202f", " ")  # CLDR's no-break spaces
    assert "1. Medical protective coverall (PPE-COV): 10 000 szt." in polish_text
    assert "2. Medical protective coverall (PPE-COV): 2,5 t" in polish_text
    assert croatian.subject == "Pošiljka OUT-2020-0003 za vas je potvrđena"
    assert "10.000 kom" in croatian.body_text and '<html lang="hr">' in croatian.body_html


def test_followers_are_told_which_header_fields_an_edit_changed(app, make, outbox, partner_org):
    from logistics.domain.shipments import UpdateShipment
    from logistics.services import shipments

    follower, _ = make.user("staff", email="follower@zone.example")
    editor, _ = make.user("staff", email="editor@zone.example")
    shipment = make.shipment(counterparty=partner_org, reference="OUT-7")
    with app.app_context(), db.new_session(app) as session:
        follows.set_following(session, actor_of(follower), "OUT-7", True)
        shipments.update_shipment(session, actor_of(editor), "OUT-7", shipment.version,
                                  UpdateShipment(frozenset({"carrier", "notes"}), carrier="Cangzhou–Europe Express Rail",
                                                 notes="two pallets more"))

    [told] = outbox.rows(kind="shipment_changed")
    assert told.email == "follower@zone.example"
    assert "Shipment OUT-7 was edited: carrier and notes." in told.body_text
