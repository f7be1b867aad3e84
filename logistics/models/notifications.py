"""Notifications: the outbox of messages, who follows which shipment, and how each user takes each kind."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from logistics.domain.notifications import Delivery, NoticeKind, NoticeStatus
from logistics.models.organizations import _in
from logistics.models.types import UTCDateTime, utcnow


class Notification(SQLModel, table=True):
    """One message to one recipient, written with the change that causes it and sent by a worker.

    Subject and bodies are rendered when written, in the recipient's language, so the outbox shows
    exactly what goes out. An attached document is named (``attachment_kind`` of the shipment)
    and rendered when sent: the status change stays quick and the outbox small.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(_in("kind", NoticeKind), name="kind"),
        CheckConstraint(_in("status", NoticeStatus), name="status"),
        # The worker's claim reads due messages in this order (status, then when due).
        Index("ix_notifications_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="users.id", index=True, ondelete="SET NULL")
    email: str = Field(sa_type=String(254))
    language: str = Field(default="en", sa_type=String(8))
    kind: str = Field(sa_type=String(24), index=True)
    shipment_id: int | None = Field(default=None, foreign_key="shipments.id", index=True, ondelete="CASCADE")
    subject: str = Field(sa_type=String(200))
    body_text: str = Field(sa_type=Text)
    body_html: str = Field(sa_type=Text)
    attachment_kind: str | None = Field(default=None, sa_type=String(20))
    attachment_revision: str | None = Field(default=None, sa_type=String(40))  # as attached when sent
    status: str = Field(default=NoticeStatus.PENDING.value, sa_type=String(10))
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, sa_type=String(200))
    digest_id: int | None = Field(default=None, foreign_key="notifications.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class NotificationPreference(SQLModel, table=True):
    """How one user takes one kind of notification (no row: immediately)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        CheckConstraint(_in("delivery", Delivery), name="delivery"),
        UniqueConstraint("user_id", "kind", name="uq_notification_preferences_user_id_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    kind: str = Field(sa_type=String(24))
    delivery: str = Field(sa_type=String(12))


class ShipmentFollow(SQLModel, table=True):
    """A staff user follows a shipment: told of every change to it."""

    __tablename__ = "shipment_follows"
    __table_args__ = (
        UniqueConstraint("user_id", "shipment_id", name="uq_shipment_follows_user_id_shipment_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    shipment_id: int = Field(foreign_key="shipments.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OverdueNotice(SQLModel, table=True):
    """A shipment's expected arrival passed without delivery, and this was told (once per expected date).

    The key makes "once" hold with several workers: the second insert of the same notice fails.
    """

    __tablename__ = "overdue_notices"

    shipment_id: int = Field(foreign_key="shipments.id", primary_key=True, ondelete="CASCADE")
    expected_arrival: date = Field(primary_key=True)
    noticed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
