"""Fixtures for notifications: staff actors, shipments to a hospital, the outbox as rows, moves by a user."""
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
from logistics.services.fan_out import fan_out


def actor_of(user) -> Actor:
    """Return the actor a user acts as."""
    return Actor(user.id, Role(user.role), user.organization_id, user.email)


class Outbox:
    """The app's outbox as a test reads it, and shipments moved by a chosen user."""

    def __init__(self, app):
        self.app = app

    def rows(self, **where) -> list[Notification]:
        """Return the messages written, oldest first (filtered by column values).

        The worker's first step is taken first: the messages of events still pending are written.
        """
        self.fan_out()
        with self.app.app_context(), db.new_session(self.app) as session:
            query = select(Notification).order_by(col(Notification.id))
            for name, value in where.items():
                query = query.where(getattr(Notification, name) == value)
            return list(session.exec(query))

    def fan_out(self) -> int:
        """Write the messages of the events still pending, as the worker's pass does first."""
        with self.app.app_context(), db.new_session(self.app) as session:
            return fan_out(session)

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
def hospital_shipment(make):
    """Return a factory: an outbound shipment of coveralls to a new hospital that has one partner user."""

    def make_shipment(reference: str, contact: str, **hospital):
        make.coverall()
        org = make.org(**hospital)
        make.user("partner", org, email=contact)
        return make.shipment(counterparty=org, reference=reference)

    return make_shipment


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
        self.mechanisms: list[str] = []  # the AUTH mechanism of each login

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


@pytest.fixture(scope="session")
def certificate_authority():
    """Return a CA made for this test session (trustme), which signs the TLS servers' certificates."""
    import trustme

    return trustme.CA(organization_name="logistics tests")


@pytest.fixture
def smtp_server(certificate_authority):
    """Start a real SMTP server on a free port; return (mailbox, start) where start(...) gives its URL.

    ``start(login=(user, password))`` requires AUTH (LOGIN or PLAIN, or only ``mechanisms``);
    ``tls="starttls"`` offers STARTTLS and requires it before MAIL and AUTH; ``tls="implicit"``
    speaks TLS from the first byte (smtps). The certificate is for 127.0.0.1, signed by
    ``certificate`` (the session's CA unless another is given).
    """
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    mailbox = Mailbox()
    controllers = []

    def start(login: tuple[str, str] | None = None, tls: str | None = None, certificate=None,
              mechanisms: tuple[str, ...] = ("LOGIN", "PLAIN")) -> str:
        def authenticator(server, session, envelope, mechanism, data):
            encrypted = server.transport.get_extra_info("ssl_object") is not None
            ok = (isinstance(data, LoginPassword) and login is not None and (encrypted or tls is None)
                  and (data.login.decode(), data.password.decode()) == login)
            if ok:
                mailbox.logins.append(data.login.decode())
                mailbox.mechanisms.append(mechanism)
            return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

        port = _free_port()
        options: dict = {}
        if login:
            # aiosmtpd's auth_require_tls knows STARTTLS only (it would refuse AUTH on smtps):
            # on implicit TLS the authenticator above checks the connection is encrypted.
            options = {"authenticator": authenticator, "auth_required": True,
                       "auth_require_tls": tls == "starttls",
                       "auth_exclude_mechanism": [m for m in ("LOGIN", "PLAIN") if m not in mechanisms]}
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            (certificate or certificate_authority).issue_cert("127.0.0.1", "localhost") \
                .configure_cert(context)
            if tls == "starttls":
                options.update(tls_context=context, require_starttls=True)
            else:
                options["ssl_context"] = context
        controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return f"{'smtps' if tls == 'implicit' else 'smtp'}://127.0.0.1:{port}" + \
            ("?starttls=1" if tls == "starttls" else "")

    yield mailbox, start
    for controller in controllers:
        controller.stop()
