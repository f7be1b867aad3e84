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


class Mailbox:
    """What a real SMTP server (aiosmtpd, in this process) received: parsed messages, and how it answers."""

    def __init__(self):
        self.received: list = []
        self.answer = "250 OK"   # "451 ..." makes it refuse every message for a while
        self.delay = 0.0         # seconds each message takes (to make two workers overlap)
        self.logins: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        """Keep the message (as parsed) unless told to refuse it."""
        import asyncio
        import email
        import email.policy

        if self.delay:
            await asyncio.sleep(self.delay)
        if not self.answer.startswith("250"):
            return self.answer
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((tuple(envelope.rcpt_tos), message))
        return "250 OK"

    def messages(self) -> list:
        """Return the messages received, in order."""
        return [message for _, message in self.received]


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """Start a real SMTP server on a free port; return (mailbox, start) where start(auth=...) gives its URL."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    mailbox = Mailbox()
    controllers = []

    def start(login: tuple[str, str] | None = None) -> str:
        def authenticator(server, session, envelope, mechanism, data):
            ok = (isinstance(data, LoginPassword) and login is not None
                  and (data.login.decode(), data.password.decode()) == login)
            if ok:
                mailbox.logins.append(data.login.decode())
            return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

        port = _free_port()
        options = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False} \
            if login else {}
        controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return f"smtp://127.0.0.1:{port}"

    yield mailbox, start
    for controller in controllers:
        controller.stop()
