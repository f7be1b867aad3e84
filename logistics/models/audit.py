"""The audit trail: one append-only row per created, changed or deleted record."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text, event
from sqlmodel import Field, SQLModel

from logistics.domain.audit import ACTIONS
from logistics.models.types import UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    """Who changed which record when, with the values before and after (JSON text)."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        CheckConstraint(f"action IN ({', '.join(repr(a) for a in ACTIONS)})", name="action"),
        Index("ix_audit_entries_entity_entity_id", "entity", "entity_id"),
    )

    # No foreign keys: the trail must outlive the users and records it names.
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None, index=True)
    actor_email: str = Field(sa_type=String(254))
    action: str = Field(sa_type=String(6))
    entity: str = Field(sa_type=String(40))
    entity_id: int
    shipment_id: int | None = Field(default=None, index=True)
    before: str | None = Field(default=None, sa_type=Text)
    after: str | None = Field(default=None, sa_type=Text)
    # The user action (unit of work) the change was part of; None before migration 0014.
    action_id: str | None = Field(default=None, sa_type=String(32), index=True)


class AppendOnly(RuntimeError):
    """An attempt to change or delete an audit entry."""


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(_mapper, _connection, entry: AuditEntry) -> None:
    raise AppendOnly(f"audit entry {entry.id} cannot be changed or deleted")
