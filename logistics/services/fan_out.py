"""The worker's fan-out: the notifications a recorded event causes, written from the event itself.

A status change or a checkpoint (services/events.py) marks its event ``notify_pending`` in the
transaction of the change: that flag is the outbox's entry, so a change that rolls back tells no
one and one that commits is never forgotten, and the change itself costs no statement for it.
Here the worker claims one pending event at a time, oldest first, and in one transaction clears
the flag and writes the messages (services/notifications.py: who is concerned, each message
composed in its recipient's language). A worker that dies in between leaves the event pending,
to be fanned out again; an event is fanned out once, since its claim is one UPDATE of a row that a
concurrent worker's claim skips (``SKIP LOCKED`` on PostgreSQL, the one writer's lock on SQLite).
"""
from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlmodel import Session

from logistics.domain.access import SYSTEM
from logistics.models import ShipmentEvent
from logistics.services.notifications import notify_event
from logistics.services.scoping import find_shipment
from logistics.unit_of_work import writing

log = logging.getLogger(__name__)
TABLE = ShipmentEvent.__table__  # type: ignore[attr-defined]  # SQLModel builds it with the class
E = TABLE.c
# A bare boolean, rendered "notify_pending" on PostgreSQL and "notify_pending = 1" on SQLite: the
# partial index's condition on each (models/shipments.py), so both planners use the index.
PENDING = E.notify_pending


class FanOutFailed(Exception):
    """Writing one event's notifications failed: it stays pending, and the others go on."""

    def __init__(self, event_id: int):
        super().__init__(f"the notifications of event {event_id} were not written")
        self.event_id = event_id


def fan_out(session: Session, limit: int = 200) -> int:
    """Write the notifications of up to ``limit`` pending events, oldest first; return how many were told.

    An event whose messages cannot be written (a bug, not a mail server's mood: nothing is sent
    here) is logged and left pending for a later pass, without holding up the events after it.
    """
    told = 0
    failed: list[int] = []
    while told + len(failed) < limit:
        try:
            if not fan_out_one(session, failed):
                break
        except FanOutFailed as error:
            log.exception("notifications: %s; it stays pending", error)
            failed.append(error.event_id)
        else:
            told += 1
    return told


def fan_out_one(session: Session, skip: list[int] | tuple[int, ...] = ()) -> bool:
    """Claim the oldest pending event (but ``skip``) and write its notifications; False if none is pending."""
    with writing(session):
        event_id = _claim(session, skip)
        if event_id is None:
            return False
        try:
            event = session.get(ShipmentEvent, event_id, populate_existing=True)
            if event is not None:  # removed with its shipment meanwhile: nobody to tell
                shipment = find_shipment(session, SYSTEM, event.shipment_id, packs=False)
                notify_event(session, shipment, event, event.actor_id)
                session.flush()
        except Exception as error:
            raise FanOutFailed(event_id) from error
    return True


def _claim(session: Session, skip: list[int] | tuple[int, ...]) -> int | None:
    """Clear the flag of the oldest pending event no other worker holds; return its id (None: none)."""
    oldest = select(E.id).where(PENDING).order_by(E.id).limit(1).with_for_update(skip_locked=True)
    if skip:
        oldest = oldest.where(E.id.not_in(skip))
    return session.execute(
        update(TABLE).where(E.id == oldest.scalar_subquery(), PENDING)
        .values(notify_pending=False).returning(E.id)).scalar_one_or_none()

