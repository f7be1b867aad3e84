"""The worker's other jobs: the daily digests of held messages, and overdue shipments found and told once."""
from __future__ import annotations

from datetime import date, datetime
from itertools import groupby

from sqlalchemy import and_, exists, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from logistics.domain.notice_texts import Message, digest
from logistics.domain.notifications import NoticeKind, NoticeStatus
from logistics.domain.workflow import Status
from logistics.models import Notification, OverdueNotice, Shipment
from logistics.models.types import utcnow
from logistics.services.notice_languages import translator
from logistics.services.notifications import Recipient, concerned, shipment_facts, write
from logistics.unit_of_work import writing

# Shipments still on their way (or not yet left) whose expected arrival can pass unnoticed.
AWAITED = (Status.CONFIRMED.value, Status.IN_TRANSIT.value)


def compose_digests(session: Session, now: datetime | None = None) -> int:
    """Gather each recipient's held messages that are due into one digest message; return how many."""
    now = now or utcnow()
    made = 0
    with writing(session):
        held = list(session.scalars(
            select(Notification).where(col(Notification.status) == NoticeStatus.HELD.value,
                                       col(Notification.next_attempt_at) <= now)
            .order_by(col(Notification.email), col(Notification.id)).with_for_update(skip_locked=True)))
        for _email, rows in groupby(held, key=lambda row: row.email.lower()):
            group = list(rows)
            first = group[0]
            items = [Message(row.subject, row.body_text, row.body_html, (core_text(row.body_text),))
                     for row in group]
            message = digest(items, translator(first.language), first.language)
            row = Notification(user_id=first.user_id, email=first.email, language=first.language,
                               kind=NoticeKind.DIGEST.value, subject=message.subject,
                               body_text=message.text, body_html=message.html,
                               status=NoticeStatus.PENDING.value, next_attempt_at=now)
            session.add(row)
            session.flush()
            for part in group:
                part.status, part.digest_id = NoticeStatus.DIGESTED.value, row.id
            made += 1
    return made


def core_text(text: str) -> str:
    """Return a message's text without its greeting and its footer (what a digest repeats of it)."""
    body = text.split("\n\n-- \n", 1)[0]
    return body.split("\n\n", 1)[1] if "\n\n" in body else body


def notice_overdue(session: Session, today: date) -> int:
    """Tell each overdue shipment's staff (who logged it, who follow it) once per expected date."""
    told = 0
    noticed = exists().where(and_(col(OverdueNotice.shipment_id) == col(Shipment.id),
                                  col(OverdueNotice.expected_arrival) == col(Shipment.expected_arrival)))
    ids: list[int] = list(session.scalars(select(col(Shipment.id)).where(
        col(Shipment.status).in_(AWAITED), col(Shipment.expected_arrival) < today, ~noticed)
        .order_by(col(Shipment.id))))
    session.rollback()  # end the read: each notice is its own write below
    for shipment_id in ids:
        try:
            with writing(session):
                shipment = session.get(Shipment, shipment_id, populate_existing=True)
                if shipment is None or shipment.status not in AWAITED or shipment.expected_arrival is None:
                    continue
                session.add(OverdueNotice(shipment_id=shipment_id,
                                          expected_arrival=shipment.expected_arrival))
                session.flush()  # a second worker's notice of the same date fails here: told once
                people = concerned(session, shipment)
                staff = _unique(people.creator + people.followers)
                wanted = [(recipient, NoticeKind.OVERDUE) for recipient in staff]
                write(session, shipment, shipment_facts(session, shipment), wanted, people.deliveries)
                told += 1
        except IntegrityError:
            continue
    return told


def _unique(recipients: list[Recipient]) -> list[Recipient]:
    by_email: dict[str, Recipient] = {}
    for recipient in recipients:
        by_email.setdefault(recipient.email.lower(), recipient)
    return list(by_email.values())
