"""The outbox's writer: who is told what about a change, each message in its recipient's language.

``notify_event`` writes the messages of a recorded event. The event itself is the outbox's entry,
committed with the change (services/events.py sets its ``notify_pending``); the worker calls this
when it fans the event out (services/fan_out.py), in the transaction that clears the flag. A header
edit's messages (``notify_edit``) are still written in the edit's own transaction. Each message is
composed here; the worker (services/outbox.py, delivery.py) only sends it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from logistics.config import DEFAULT_PUBLIC_URL
from logistics.domain.notice_texts import Amount, LineFact, Message, ShipmentFacts, compose
from logistics.domain.notifications import (
    ATTACHMENTS,
    TO_COUNTERPARTY,
    Delivery,
    NoticeKind,
    NoticeStatus,
    next_digest,
)
from logistics.domain.roles import Role
from logistics.domain.workflow import Direction, Status
from logistics.models import (
    Notification,
    NotificationPreference,
    Shipment,
    ShipmentEvent,
    ShipmentFollow,
    User,
)
from logistics.models.types import utcnow
from logistics.services.notice_languages import language_of, translator

SETTINGS_KEY = "logistics_notices"  # session.info: the NoticeSettings db.init_app puts on every session


@dataclass(frozen=True)
class NoticeSettings:
    """What messages need from the app's settings: the links' base, the operator's name, the digest hour."""

    public_url: str = DEFAULT_PUBLIC_URL
    operator: str = "the operator"
    digest_hour: int = 6


@dataclass(frozen=True)
class Recipient:
    """Someone to tell: a user (with their settings) or an organisation's own address."""

    email: str
    language: str
    user_id: int | None = None


def settings_of(session: Session) -> NoticeSettings:
    """Return the notice settings the session was opened with (the defaults outside an app)."""
    return session.info.get(SETTINGS_KEY) or NoticeSettings()


def notify_event(session: Session, shipment: Shipment, event: ShipmentEvent, actor_id: int | None) -> None:
    """Write the messages a recorded event causes: counterparty, sender, followers (never to its actor).

    Two statements: one read of everyone concerned with their settings, one INSERT of all the
    messages. They go to those the event concerned when it was recorded, and say what it changed
    (its status, place and note); the lines and the tracking number are the shipment's as they
    stand when the messages are written (by the worker, moments later: services/fan_out.py).
    """
    target = Status(event.to_status) if event.to_status else None
    outbound = shipment.direction == Direction.OUTBOUND.value
    people = concerned(session, shipment, as_of=event.recorded_at)
    told: dict[str, tuple[Recipient, NoticeKind]] = {}
    if target in TO_COUNTERPARTY and outbound:
        for recipient in people.counterparty:
            told.setdefault(recipient.email.lower(), (recipient, TO_COUNTERPARTY[target]))
    if target is Status.RECEIVED:
        # The sender: our staff who logged or follow an outbound shipment (they get the receipt with its
        # discrepancies rather than a bare "received"), the counterparty of an inbound one.
        for recipient in people.creator + people.followers if outbound else people.counterparty:
            told.setdefault(recipient.email.lower(), (recipient, NoticeKind.RECEIVED))
    for recipient in people.followers:
        told.setdefault(recipient.email.lower(), (recipient, NoticeKind.CHANGED))
    wanted = [(recipient, kind) for recipient, kind in told.values()
              if actor_id is None or recipient.user_id != actor_id]
    if wanted:
        write(session, shipment, shipment_facts(session, shipment, event), wanted, people.deliveries)


def notify_edit(session: Session, shipment: Shipment, fields: list[str], actor_id: int | None) -> None:
    """Tell the staff following a shipment that its header was edited (which fields), never its editor."""
    people = concerned(session, shipment)
    wanted = [(recipient, NoticeKind.CHANGED) for recipient in people.followers
              if actor_id is None or recipient.user_id != actor_id]
    if wanted:
        facts = replace(shipment_facts(session, shipment), change="edit", edited=tuple(sorted(fields)))
        write(session, shipment, facts, wanted, people.deliveries)


@dataclass
class Concerned:
    """Everyone a shipment's messages may go to, and how each user takes each kind."""

    counterparty: list[Recipient] = field(default_factory=list)  # its partner users, then its address
    creator: list[Recipient] = field(default_factory=list)       # the staff user who logged it
    followers: list[Recipient] = field(default_factory=list)     # staff following it
    deliveries: dict[tuple[int | None, str], Delivery] = field(default_factory=dict)


def concerned(session: Session, shipment: Shipment, as_of: datetime | None = None) -> Concerned:
    """Read, in one statement, the active users a shipment concerns and their notification settings.

    ``as_of``: those it concerned then (users who existed, staff who followed it by that time),
    for an event whose messages the worker writes later (services/fan_out.py).
    """
    follows = select(ShipmentFollow.user_id).where(ShipmentFollow.shipment_id == shipment.id)
    table = User.__table__  # type: ignore[attr-defined]  # SQLModel builds it with the class
    users = table.c
    wanted = [users.active.is_(True)]
    if as_of is not None:
        follows = follows.where(col(ShipmentFollow.created_at) <= as_of)
        wanted.append(users.created_at <= as_of)
    preferences = NotificationPreference.__table__  # type: ignore[attr-defined]
    prefs = preferences.c
    staff = users.role != Role.PARTNER.value
    following = and_(staff, users.id.in_(follows))
    partner = and_(users.role == Role.PARTNER.value, users.organization_id == shipment.counterparty_id)
    creator = and_(staff, users.id == shipment.created_by_id)
    rows = session.execute(
        sa_select(users.id, users.email, users.language, following.label("following"),
                  partner.label("partner"), creator.label("creator"), prefs.kind, prefs.delivery)
        .select_from(table.outerjoin(preferences, prefs.user_id == users.id))
        .where(*wanted, or_(partner, following, creator)).order_by(users.id)).all()
    org = shipment.counterparty
    found = Concerned()
    seen: set[int] = set()
    for row in rows:
        if row.kind is not None:
            found.deliveries[(row.id, row.kind)] = Delivery(row.delivery)
        if row.id in seen:
            continue
        seen.add(row.id)
        recipient = Recipient(row.email, language_of(row.language, org.language if row.partner else None),
                              row.id)
        for flag, bucket in ((row.partner, found.counterparty), (row.creator, found.creator),
                             (row.following, found.followers)):
            if flag:
                bucket.append(recipient)
    if org.email and org.email.lower() not in {c.email.lower() for c in found.counterparty}:
        found.counterparty.append(Recipient(org.email, language_of(None, org.language)))
    return found


def write(session: Session, shipment: Shipment, facts: ShipmentFacts,
          wanted: list[tuple[Recipient, NoticeKind]],
          deliveries: dict[tuple[int | None, str], Delivery]) -> list[Notification]:
    """Add one message per recipient, as each takes that kind (immediately, held for the digest, or not)."""
    now = utcnow()
    written = []
    for recipient, kind in wanted:
        delivery = deliveries.get((recipient.user_id, kind.value), Delivery.IMMEDIATELY)
        if delivery is Delivery.OFF:
            continue
        message = compose(kind, facts, translator(recipient.language), recipient.language)
        held = delivery is Delivery.DIGEST
        row = _row(recipient, kind, message, shipment.id,
                   NoticeStatus.HELD if held else NoticeStatus.PENDING,
                   next_digest(now, settings_of(session).digest_hour) if held else now)
        row.attachment_kind = ATTACHMENTS.get(kind)
        written.append(row)
    session.add_all(written)
    return written


def _row(recipient: Recipient, kind: NoticeKind, message: Message, shipment_id: int | None,
         status: NoticeStatus, due: datetime) -> Notification:
    return Notification(user_id=recipient.user_id, email=recipient.email, language=recipient.language,
                        kind=kind.value, shipment_id=shipment_id, subject=message.subject[:200],
                        body_text=message.text, body_html=message.html, status=status.value,
                        next_attempt_at=due)


def shipment_facts(session: Session, shipment: Shipment, event: ShipmentEvent | None = None) -> ShipmentFacts:
    """Return what a message says about a shipment (and the event that changed it), as plain values."""
    settings = settings_of(session)
    outbound = shipment.direction == Direction.OUTBOUND.value
    lines = tuple(LineFact(line.line_no, line.item.name, line.item.sku,
                           Amount(Decimal(line.quantity_value), line.quantity_unit),
                           Amount(Decimal(line.received_value), line.received_unit or line.quantity_unit)
                           if line.received_value else None,
                           line.received_reason, line.received_note, line.item.translations)
                  for line in shipment.lines)
    base = settings.public_url.rstrip("/")
    return ShipmentFacts(
        reference=shipment.reference, outbound=outbound, operator=settings.operator,
        counterparty=shipment.counterparty.name,
        origin=_place(shipment.origin_country, shipment.origin_place),
        destination=_place(shipment.destination_country, shipment.destination_place),
        status=(event.to_status if event else None) or shipment.status, lines=lines,
        occurred_at=event.occurred_at if event else None,
        location=event.location if event else None, note=event.note if event else None,
        tracking_number=(event.tracking_number if event else None) or shipment.tracking_number,
        carrier=shipment.carrier,
        expected_arrival=shipment.expected_arrival,
        tracking_link=f"{base}/track/{shipment.tracking_token}" if shipment.tracking_token else None,
        page_link=f"{base}/shipments/{shipment.reference}",
        change=event.kind if event else "transition")


def _place(country: str, name: str | None) -> str:
    return f"{name}, {country}" if name else country
