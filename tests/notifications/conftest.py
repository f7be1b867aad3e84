"""Fixtures for notifications: staff actors, the outbox as rows, shipments walked by a given user."""
from __future__ import annotations

import pytest
from sqlmodel import col, select

from logistics import db
from logistics.domain.access import Actor
from logistics.domain.roles import Role
from logistics.domain.shipments import ReceivedLine, RecordEvent
from logistics.domain.workflow import Status
from logistics.models import Notification
from logistics.services import events, shipments


def actor_of(user) -> Actor:
    """Return the actor a user acts as."""
    return Actor(user.id, Role(user.role), user.organization_id, user.email)


class Outbox:
    """The app's outbox as a test reads it, and shipments moved by a chosen user."""

    def __init__(self, app):
        self.app = app

    def rows(self, **where) -> list[Notification]:
        """Return the messages written, oldest first (filtered by column values)."""
        with self.app.app_context(), db.new_session(self.app) as session:
            query = select(Notification).order_by(col(Notification.id))
            for name, value in where.items():
                query = query.where(getattr(Notification, name) == value)
            return list(session.exec(query))

    def move(self, shipment, status: str | None, user=None, received: tuple[ReceivedLine, ...] = (),
             **fields):
        """Record an event on a shipment as this user (None: the system); return the shipment after it."""
        from logistics.domain.access import SYSTEM

        actor = actor_of(user) if user is not None else SYSTEM
        with self.app.app_context(), db.new_session(self.app) as session:
            current = shipments.find_shipment(session, actor, shipment.reference)
            events.post_event(session, actor, current.reference, current.version,
                              RecordEvent(status=Status(status) if status else None, received=received, **fields))
            return shipments.find_shipment(session, actor, shipment.reference)


@pytest.fixture
def outbox(app):
    """Return the outbox reader."""
    return Outbox(app)
