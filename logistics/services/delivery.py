"""Sending one claimed message: its MIME form (the document rendered now), SMTP, and the result recorded."""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from sqlmodel import Session

from logistics.domain.access import SYSTEM
from logistics.domain.notifications import NoticeStatus, short_error
from logistics.errors import DomainError
from logistics.mail import Attachment, SmtpServer, build_message, send
from logistics.models import Notification
from logistics.services.documents import Operator, render_document
from logistics.services.outbox import Claim, record_failure, record_sent

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Postman:
    """How messages go out: the SMTP server (None: kept in the outbox only), From, the operator."""

    server: SmtpServer | None
    sender: str
    operator: Operator


def message_of(session: Session, row: Notification,
               postman: Postman) -> tuple[EmailMessage, str | None]:
    """Return a message as it is (or would be) sent, with the revision of the document attached, if any."""
    attachment, revision = None, None
    if row.attachment_kind and row.shipment_id:
        try:
            document = render_document(session, SYSTEM, str(row.shipment_id), row.attachment_kind,
                                       postman.operator)
        except DomainError as error:  # the document no longer applies (a cancelled receipt): send the text
            log.warning("notification %s goes without its %s: %s", row.id, row.attachment_kind, error.message)
        else:
            attachment = Attachment(document.file_name, document.content)
            revision = document.revision
    message = build_message(notification_id=row.id or 0, sender=postman.sender, recipient=row.email,
                            language=row.language, subject=row.subject, text=row.body_text,
                            html=row.body_html, attachment=attachment)
    return message, revision


def deliver(session: Session, claim: Claim, postman: Postman) -> NoticeStatus:
    """Send one claimed message (or keep it, with no SMTP server) and record how it went."""
    row = session.get(Notification, claim.id, populate_existing=True)
    if row is None:  # removed with its shipment meanwhile
        return NoticeStatus.SENT
    if postman.server is None:
        record_sent(session, claim, NoticeStatus.KEPT)
        return NoticeStatus.KEPT
    message, revision = message_of(session, row, postman)
    try:
        send(postman.server, message)
    except (smtplib.SMTPException, OSError) as error:
        text = short_error(error, (postman.server.password or "",))
        status = record_failure(session, claim, text)
        log.warning("notification %s not sent (attempt %s, now %s): %s", claim.id, claim.attempt, status,
                    text)
        return status
    record_sent(session, claim, NoticeStatus.SENT, revision)
    return NoticeStatus.SENT
