"""Notifications as rules: their kinds, how each user takes them, their states and the retry back-off."""
from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from logistics.domain.workflow import Status


class NoticeKind(StrEnum):
    """What a notification tells: each is a setting a user may choose a delivery for."""

    CONFIRMED = "shipment_confirmed"    # to the counterparty: a shipment to them is planned
    DISPATCHED = "shipment_dispatched"  # to the counterparty: it is on its way (manifest attached)
    DELIVERED = "shipment_delivered"    # to the counterparty: it arrived
    RECEIVED = "goods_received"         # to the sender: what was received, with discrepancies
    CHANGED = "shipment_changed"        # to staff following the shipment: any change
    OVERDUE = "shipment_overdue"        # to the sender's side: the expected arrival passed
    DIGEST = "daily_digest"             # the day's held notifications in one message (not a setting)


CHOOSABLE = tuple(kind for kind in NoticeKind if kind is not NoticeKind.DIGEST)
# What the counterparty's contacts are told when a shipment to them moves to a status.
TO_COUNTERPARTY = {Status.CONFIRMED: NoticeKind.CONFIRMED, Status.IN_TRANSIT: NoticeKind.DISPATCHED,
                   Status.DELIVERED: NoticeKind.DELIVERED}
# The document a kind carries (rendered when the message is sent: the revision current then).
ATTACHMENTS = {NoticeKind.CONFIRMED: "manifest", NoticeKind.DISPATCHED: "manifest",
               NoticeKind.RECEIVED: "grn"}


class Delivery(StrEnum):
    """How a user takes one kind of notification."""

    IMMEDIATELY = "immediately"
    DIGEST = "digest"   # held, then sent with the day's others at the digest hour
    OFF = "off"         # not written at all


class NoticeStatus(StrEnum):
    """Where a message is in the outbox."""

    PENDING = "pending"    # due at next_attempt_at (the first time, or a retry after back-off)
    SENDING = "sending"    # claimed by a worker until next_attempt_at (its lease); then due again
    SENT = "sent"          # handed to the SMTP server
    KEPT = "kept"          # no SMTP server configured: kept, shown to admins exactly as it would go
    FAILED = "failed"      # gave up after MAX_ATTEMPTS; an admin may retry it
    HELD = "held"          # waits for the recipient's daily digest (next_attempt_at: the digest's time)
    DIGESTED = "digested"  # went out inside a digest message


MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
LEASE = timedelta(minutes=5)  # how long a claimed message is a worker's before another may take it


def retry_after(attempts: int) -> timedelta:
    """Return how long to wait after the ``attempts``-th failed attempt: 1, 2, 4 ... minutes, at most 6 h."""
    return min(FIRST_RETRY * (2 ** max(0, attempts - 1)), LONGEST_WAIT)


def after_failure(attempts: int, now: datetime) -> tuple[NoticeStatus, datetime]:
    """Return a message's state after its ``attempts``-th attempt failed: pending again later, or failed."""
    if attempts >= MAX_ATTEMPTS:
        return NoticeStatus.FAILED, now
    return NoticeStatus.PENDING, now + retry_after(attempts)


def next_digest(now: datetime, hour: int) -> datetime:
    """Return when the next daily digest goes out: today at ``hour`` (UTC) if still ahead, else tomorrow."""
    today = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return today if today > now else today + timedelta(days=1)


def short_error(error: BaseException, secrets: tuple[str, ...] = ()) -> str:
    """Return an error as kept on a message: its type and first 200 characters, with secrets blanked out."""
    text = f"{type(error).__name__}: {error}"
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text[:200]
