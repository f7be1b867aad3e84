"""What changed since a user's last visit: their previous page session, and shipments with newer events."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, func, select

from logistics.models import ShipmentEvent, WebSession


def previous_visit(session: Session, user_id: int, current_id_hash: str | None) -> datetime | None:
    """Return when the user was last seen in a page session before this one (None: this is the first)."""
    query = select(func.max(WebSession.last_seen_at)).where(WebSession.user_id == user_id)
    if current_id_hash:
        query = query.where(col(WebSession.id_hash) != current_id_hash)
    return session.exec(query).one()


def changed_since(session: Session, shipment_ids: Sequence[int], since: datetime | None,
                  user_id: int | None) -> set[int]:
    """Return which of these shipments had events recorded after ``since`` by someone other than the user."""
    if since is None or not shipment_ids:
        return set()
    query = (select(ShipmentEvent.shipment_id).distinct()
             .where(col(ShipmentEvent.shipment_id).in_(shipment_ids), col(ShipmentEvent.recorded_at) > since))
    if user_id is not None:
        query = query.where((col(ShipmentEvent.actor_id) != user_id) | col(ShipmentEvent.actor_id).is_(None))
    return set(session.exec(query))
