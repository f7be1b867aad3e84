"""The event is the outbox's entry: the worker writes its messages once, from the event, whatever happens."""
from __future__ import annotations

import threading

import pytest
from sqlmodel import col, select

from logistics import db
from logistics.models import Notification, ShipmentEvent
from logistics.services import fan_out as fan_out_module
from logistics.services import follows
from logistics.services.fan_out import fan_out
from tests.notifications.conftest import actor_of


def _pending(app) -> list[tuple[str, str | None]]:
    """Return (shipment reference, status) of the events whose messages are still to be written."""
    from logistics.models import Shipment

    with app.app_context(), db.new_session(app) as session:
        return [(reference, status) for reference, status in session.exec(
            select(Shipment.reference, ShipmentEvent.to_status).join(Shipment)
            .where(col(ShipmentEvent.notify_pending)).order_by(col(ShipmentEvent.id)))]


def _written(app) -> list[tuple[str, str]]:
    """Return (recipient, kind) of the messages in the outbox, without fanning anything out."""
    with app.app_context(), db.new_session(app) as session:
        return [(row.email, row.kind) for row in session.exec(select(Notification).order_by(col(Notification.id)))]


def _fan_out(app, **kwargs) -> int:
    with app.app_context(), db.new_session(app) as session:
        return fan_out(session, **kwargs)


@pytest.fixture
def hospital(make):
    make.coverall()
    org = make.org(name="Fakultná nemocnica Nitra", email="sklad@fnnitra.example")
    make.user("partner", org, email="anna@fnnitra.example")
    return org


def test_a_status_change_leaves_its_messages_to_the_worker_which_writes_them_once(app, make, outbox, hospital):
    shipment = make.shipment(counterparty=hospital, reference="OUT-1")

    outbox.move(shipment, "confirmed")

    assert _written(app) == [] and _pending(app) == [("OUT-1", "confirmed")]
    assert _fan_out(app) == 1
    assert _written(app) == [("anna@fnnitra.example", "shipment_confirmed"),
                             ("sklad@fnnitra.example", "shipment_confirmed")]
    assert _pending(app) == []
    assert _fan_out(app) == 0 and len(_written(app)) == 2


def test_messages_say_what_each_event_changed_even_when_written_after_the_next_one(app, make, outbox, hospital):
    follower, _ = make.user("staff", email="follower@zone.example")
    shipment = make.shipment(counterparty=hospital, reference="OUT-2")
    with app.app_context(), db.new_session(app) as session:
        follows.set_following(session, actor_of(follower), "OUT-2", True)
    outbox.move(shipment, "confirmed")
    outbox.move(shipment, "in_transit", tracking_number="CZE-1")
    outbox.move(shipment, None, location="Tianjin port")

    assert _fan_out(app) == 3

    changed = outbox.rows(kind="shipment_changed")
    assert [row.subject for row in changed] == ["Shipment OUT-2: confirmed", "Shipment OUT-2: in transit",
                                                "Shipment OUT-2: in transit"]
    assert "Tracking number: CZE-1" in changed[1].body_text  # (the shipment's: the first says it too)
    assert "Where: Tianjin port" in changed[2].body_text
    assert [row.kind for row in outbox.rows(email="sklad@fnnitra.example")] == [
        "shipment_confirmed", "shipment_dispatched"]


def test_an_event_whose_messages_fail_stays_pending_and_the_others_are_told(app, make, outbox, hospital,
                                                                             monkeypatch, caplog):
    first = make.shipment(counterparty=hospital, reference="OUT-3")
    second = make.shipment(counterparty=hospital, reference="OUT-4")
    outbox.move(first, "confirmed")
    outbox.move(second, "confirmed")
    real = fan_out_module.notify_event

    def failing(session, shipment, event, actor_id):
        real(session, shipment, event, actor_id)  # written, then the transaction fails: rolled back
        if shipment.reference == "OUT-3":
            raise RuntimeError("a bug in composing")

    monkeypatch.setattr(fan_out_module, "notify_event", failing)
    assert _fan_out(app) == 1
    assert _pending(app) == [("OUT-3", "confirmed")]
    assert {kind for _, kind in _written(app)} == {"shipment_confirmed"} and len(_written(app)) == 2
    assert "the notifications of event" in caplog.text and "a bug in composing" in caplog.text

    monkeypatch.setattr(fan_out_module, "notify_event", real)
    assert _fan_out(app) == 1 and _pending(app) == [] and len(_written(app)) == 4


def test_fan_out_takes_at_most_its_limit_of_events_a_call(app, make, outbox, hospital):
    shipment = make.shipment(counterparty=hospital)
    for status in ("confirmed", "in_transit", "delivered"):
        outbox.move(shipment, status)
    assert _fan_out(app, limit=2) == 2 and len(_pending(app)) == 1
    assert _fan_out(app, limit=2) == 1 and _pending(app) == []


def test_two_workers_fanning_out_at_once_write_each_events_messages_once(app, make, outbox, hospital):
    for _ in range(8):
        outbox.move(make.shipment(counterparty=hospital), "confirmed")
    assert len(_pending(app)) == 8
    counts: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def work(name: str) -> None:
        barrier.wait()
        counts[name] = _fan_out(app)  # each with its own session and connection

    threads = [threading.Thread(target=work, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert counts["a"] + counts["b"] == 8 and _pending(app) == []
    written = _written(app)
    assert len(written) == 16  # each shipment: its contact and its address, once


def test_messages_go_to_those_concerned_when_the_event_was_recorded(app, make, outbox, hospital):
    shipment = make.shipment(counterparty=hospital, reference="OUT-5")
    outbox.move(shipment, "confirmed")  # not yet fanned out when these arrive:
    make.user("partner", hospital, email="newcomer@fnnitra.example")
    follower, _ = make.user("staff", email="late@zone.example")
    with app.app_context(), db.new_session(app) as session:
        follows.set_following(session, actor_of(follower), "OUT-5", True)

    outbox.move(shipment, "in_transit")

    assert [(row.email, row.kind) for row in outbox.rows()] == [
        ("anna@fnnitra.example", "shipment_confirmed"), ("sklad@fnnitra.example", "shipment_confirmed"),
        ("anna@fnnitra.example", "shipment_dispatched"), ("newcomer@fnnitra.example", "shipment_dispatched"),
        ("sklad@fnnitra.example", "shipment_dispatched"), ("late@zone.example", "shipment_changed")]
