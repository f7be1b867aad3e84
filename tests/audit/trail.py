"""Read the audit trail as stored, straight from the database, and small checks the tests share."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from logistics import db
from logistics.models import AuditEntry

API = "/api/v1"


@dataclass
class Entry:
    """One stored audit entry, with its before and after values decoded."""

    id: int
    at: datetime
    actor_id: int | None
    actor_email: str
    action: str
    entity: str
    entity_id: int
    shipment_id: int | None
    before: dict | None
    after: dict | None


class Trail:
    """Read the audit trail as stored: everything, or what was recorded since a mark."""

    def __init__(self, app):
        self.app = app

    def mark(self) -> int:
        """Return the newest entry's id, so later entries can be told apart."""
        with db.new_session(self.app) as session:
            return session.scalar(select(func.max(AuditEntry.id))) or 0

    def since(self, mark: int = 0, **filters) -> list[Entry]:
        """Return the entries recorded after a mark, oldest first, filtered by column values."""
        query = select(AuditEntry).where(AuditEntry.id > mark).order_by(AuditEntry.id)
        for name, value in filters.items():
            query = query.where(getattr(AuditEntry, name) == value)
        with db.new_session(self.app) as session:
            return [_decoded(row) for row in session.scalars(query)]

    def raw(self) -> str:
        """Return every stored entry's text, for searching it for what must never be there."""
        with db.new_session(self.app) as session:
            return "\n".join(" ".join(str(value) for value in row.model_dump().values())
                             for row in session.scalars(select(AuditEntry)))


def _decoded(row: AuditEntry) -> Entry:
    return Entry(row.id, row.at, row.actor_id, row.actor_email, row.action, row.entity, row.entity_id,
                 row.shipment_id, json.loads(row.before) if row.before else None,
                 json.loads(row.after) if row.after else None)


def expect(response, status: int):
    """Return a response's JSON body after checking its status."""
    body = response.get_json(silent=True)
    assert response.status_code == status, (response.status_code, body)
    return body


def just_now(moment: datetime) -> bool:
    """Say whether a timestamp is time-zone aware, in UTC and from the last minute."""
    now = datetime.now(timezone.utc)
    return moment.utcoffset() == timedelta(0) and now - timedelta(minutes=1) <= moment <= now
