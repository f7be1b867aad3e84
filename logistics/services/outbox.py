"""The outbox as a queue: claiming due messages, recording how an attempt went, admins' reads and retries.

The database is the queue. A worker claims due messages in one statement: an UPDATE of the
rows a ``SELECT ... FOR UPDATE SKIP LOCKED`` picks (on PostgreSQL; SQLite has one writer at a
time, whose BEGIN IMMEDIATE makes the same statement atomic), which marks them ``sending``
with a lease (next_attempt_at) and counts the attempt. Two workers never claim the same row;
a worker that dies leaves its rows to be claimed again when the lease ends (at least once).
A failed attempt puts the message back with an exponential back-off computed from its
attempts (domain/notifications.py), until it is given up as failed; an admin may retry it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlmodel import Session, col

from logistics.domain.access import Actor
from logistics.domain.notifications import LEASE, NoticeStatus, after_failure
from logistics.domain.roles import Role
from logistics.domain.texts import E_
from logistics.errors import Conflict, Forbidden
from logistics.models import Notification
from logistics.models.types import utcnow
from logistics.services.common import get_or_404
from logistics.services.pagination import Cursor, KeysetPage, keyset_page
from logistics.unit_of_work import writing

TABLE = Notification.__table__  # type: ignore[attr-defined]  # SQLModel builds it with the class
N = TABLE.c


@dataclass(frozen=True)
class Claim:
    """A message a worker holds: its id and the attempt it makes (the token its result must match)."""

    id: int
    attempt: int


def claim_due(session: Session, limit: int = 10, now: datetime | None = None) -> list[Claim]:
    """Claim up to ``limit`` due messages for this worker, oldest due first, and commit the claim."""
    now = now or utcnow()
    due = (select(N.id)
           .where(or_(N.status == NoticeStatus.PENDING.value, N.status == NoticeStatus.SENDING.value),
                  N.next_attempt_at <= now)
           .order_by(N.next_attempt_at, N.id).limit(limit)
           .with_for_update(skip_locked=True))
    with writing(session):
        claimed = session.execute(
            update(TABLE)
            .where(N.id.in_(due.scalar_subquery()))
            .values(status=NoticeStatus.SENDING.value, attempts=N.attempts + 1, next_attempt_at=now + LEASE)
            .returning(N.id, N.attempts)).all()
    return sorted((Claim(row.id, row.attempts) for row in claimed), key=lambda claim: claim.id)


def record_sent(session: Session, claim: Claim, status: NoticeStatus = NoticeStatus.SENT,
                revision: str | None = None) -> bool:
    """Record that a claimed message went out (or was kept); False if the claim had lapsed meanwhile."""
    with writing(session):
        result = session.execute(
            update(TABLE).where(_held_by(claim))
            .values(status=status.value, sent_at=utcnow(), last_error=None, attachment_revision=revision))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def record_failure(session: Session, claim: Claim, error: str, now: datetime | None = None) -> NoticeStatus:
    """Record a failed attempt: due again after the back-off, or failed for good after the last attempt."""
    status, due = after_failure(claim.attempt, now or utcnow())
    with writing(session):
        session.execute(update(TABLE).where(_held_by(claim))
                        .values(status=status.value, next_attempt_at=due, last_error=error[:200]))
    return status


def _held_by(claim: Claim):
    return and_(N.id == claim.id, N.status == NoticeStatus.SENDING.value, N.attempts == claim.attempt)


def retry(session: Session, actor: Actor, notification_id: int) -> Notification:
    """Send a failed message again now (admins); its attempts keep counting from where they were."""
    _check_admin(actor)
    with writing(session, actor):
        row = get_or_404(session, Notification, notification_id, "notification")
        if row.status != NoticeStatus.FAILED.value:
            raise Conflict(E_("notification %(id)s is %(status)s: only a failed one is retried",
                              id=notification_id, status=row.status),
                           {"status": [E_("is %(status)s, must be failed", status=row.status)]})
        row.status = NoticeStatus.PENDING.value
        row.next_attempt_at = utcnow()
    return row


def find_notification(session: Session, actor: Actor, notification_id: int) -> Notification:
    """Return one message of the outbox (admins)."""
    _check_admin(actor)
    return get_or_404(session, Notification, notification_id, "notification")


def notification_page(session: Session, actor: Actor, filters: dict, size: int,
                      cursor: str | None = None) -> KeysetPage:
    """Return a page of the outbox, newest first, filtered by status and kind (admins)."""
    _check_admin(actor)
    query = select(Notification)
    if status := filters.get("status"):
        query = query.where(col(Notification.status) == status)
    if kind := filters.get("kind"):
        query = query.where(col(Notification.kind) == kind)
    if shipment_id := filters.get("shipment_id"):
        query = query.where(col(Notification.shipment_id) == shipment_id)
    return keyset_page(session, query, N.id, Cursor.decode(cursor) if cursor else None, size)


def _check_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise Forbidden(E_("only admins read and retry the outbox"))
