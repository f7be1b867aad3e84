"""The worker's jobs besides sending: daily digests of held messages, overdue shipments told once."""
from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date

from logistics import db
from logistics.domain.notifications import Delivery, NoticeKind
from logistics.models.types import utcnow
from logistics.services import follows
from logistics.services.notice_jobs import compose_digests, notice_overdue
from tests.notifications.conftest import actor_of


def test_held_messages_go_out_once_a_day_in_one_digest(app, make, outbox):
    make.coverall()
    org = make.org(name="Szpital Wojewódzki Łódź")
    daily, _ = make.user("partner", org, email="magazyn@szpital.example")
    with app.app_context(), db.new_session(app) as session:
        follows.set_delivery_settings(session, actor_of(daily), {kind: Delivery.DIGEST for kind in
                                                                 (NoticeKind.CONFIRMED, NoticeKind.DISPATCHED)})
    first = make.shipment(counterparty=org, reference="OUT-A")
    second = make.shipment(counterparty=org, reference="OUT-B")
    outbox.move(first, "confirmed")
    outbox.move(second, "confirmed")
    outbox.move(first, "in_transit")
    held = outbox.rows(status="held")
    assert len(held) == 3

    with app.app_context(), db.new_session(app) as session:
        assert compose_digests(session) == 0  # not yet the digest's hour
        assert compose_digests(session, now=held[0].next_attempt_at) == 1
        assert compose_digests(session, now=held[0].next_attempt_at + timedelta(days=1)) == 0

    [digest] = outbox.rows(kind="daily_digest")
    assert (digest.email, digest.status) == ("magazyn@szpital.example", "pending")
    assert digest.subject == "Your daily summary: 3 updates"
    for reference in ("Shipment OUT-A to you is confirmed", "Shipment OUT-B to you is confirmed",
                      "Shipment OUT-A is on its way to you"):
        assert reference in digest.body_text and reference in digest.body_html
    assert digest.body_text.count("Hello,") == 1
    assert {(row.status, row.digest_id) for row in outbox.rows(email="magazyn@szpital.example")
            if row.kind != "daily_digest"} == {("digested", digest.id)}


def test_an_overdue_shipment_is_told_to_its_staff_once_per_expected_date(app, make, outbox):
    make.coverall()
    creator, _ = make.user("staff", email="logger@zone.example")
    follower, _ = make.user("manager", email="boss@zone.example")
    yesterday = utcnow().date() - timedelta(days=1)
    late = make.shipment(created_by=creator, status="in_transit", expected_arrival=yesterday, reference="OUT-LATE")
    make.shipment(created_by=creator, status="in_transit", expected_arrival=utcnow().date(), reference="OUT-TODAY")
    make.shipment(created_by=creator, status="delivered", expected_arrival=yesterday, reference="OUT-DONE")
    with app.app_context(), db.new_session(app) as session:
        follows.set_following(session, actor_of(follower), "OUT-LATE", True)
    before = len(outbox.rows())

    with app.app_context(), db.new_session(app) as session:
        today = utcnow().date()
        assert notice_overdue(session, today) == 1
        assert notice_overdue(session, today) == 0  # once
        assert notice_overdue(session, today + timedelta(days=3)) == 1  # OUT-TODAY is late by then

    told = outbox.rows(kind="shipment_overdue")[: len(outbox.rows()) - before]
    assert [(row.email, row.shipment_id) for row in told if row.shipment_id == late.id] == [
        ("logger@zone.example", late.id), ("boss@zone.example", late.id)]
    assert f"was expected to arrive on {format_date(yesterday, 'long', locale='en_GB')}" in told[0].body_text
    assert isinstance(yesterday, date)


def test_the_worker_command_sends_what_is_due_and_says_so(app, make, outbox, runner):
    make.coverall()
    org = make.org(email="store@hospital.example")
    outbox.move(make.shipment(counterparty=org), "confirmed")

    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "kept in the outbox (no LOGISTICS_SMTP_URL)" in result.output
    assert "1 message(s) handled {'kept': 1}" in result.output
    assert [row.status for row in outbox.rows()] == ["kept"]
