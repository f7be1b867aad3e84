"""Finding a shipment as an actor may see it, and claiming its version for a write."""
from __future__ import annotations

import re

from sqlalchemy import CursorResult, update
from sqlmodel import Session, col, select

from logistics.domain.access import Actor
from logistics.domain.inputs import excerpt, looks_like_id, parse_id
from logistics.errors import NotFound, StaleVersion
from logistics.models import Shipment
from logistics.models.types import utcnow
from logistics.services.common import MAX_ID

REFERENCE_RE = re.compile(r"[A-Za-z0-9._-]{1,40}")


def find_shipment(session: Session, actor: Actor, key: str | int) -> Shipment:
    """Return a shipment by id or reference; a partner sees only their own (else NotFound)."""
    query = select(Shipment)
    if isinstance(key, int) or looks_like_id(key):
        # All ASCII digits: an id, or nothing (never a reference, never a huge int() to compute).
        row_id = key if isinstance(key, int) else parse_id(key)
        if row_id is None or not 0 < row_id <= MAX_ID:
            raise NotFound(f"shipment {excerpt(key, quote=False)} not found")
        query = query.where(Shipment.id == row_id)
    elif REFERENCE_RE.fullmatch(key):
        query = query.where(Shipment.reference == key.upper())
    else:
        raise NotFound(f"shipment {excerpt(key)} not found: give its id or its reference "
                       "(letters, digits, . _ -)")
    if actor.is_partner:
        query = query.where(Shipment.counterparty_id == actor.organization_id)
    shipment = session.exec(query).first()
    if shipment is None:
        raise NotFound(f"shipment {key} not found")  # an id or a reference: short, and ASCII
    return shipment


def check_version(shipment: Shipment, expected: int) -> None:
    """Refuse a write based on another version than the shipment's (before deciding what it changes)."""
    if expected != shipment.version:
        raise StaleVersion(expected, shipment.version)


def claim_version(session: Session, shipment: Shipment, expected: int, actor: Actor) -> None:
    """Bump a shipment's version if it is still ``expected``; otherwise refuse the write.

    The conditional UPDATE makes concurrent writers from the same version race
    on one row: exactly one matches, the others see no row and get StaleVersion.
    """
    check_version(shipment, expected)
    claimed = {"version": expected + 1, "updated_at": utcnow(), "updated_by_id": actor.user_id}
    result: CursorResult = session.execute(  # type: ignore[assignment]  # an UPDATE's result has a rowcount
        update(Shipment)
        .where(col(Shipment.id) == shipment.id, col(Shipment.version) == expected)
        .values(**claimed)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.refresh(shipment)
        raise StaleVersion(expected, shipment.version)
    # Make the same change on the object, so the unit of work sees it: the audit trail records
    # it (with the write's other changes to the header) as one update. The row is ours by now,
    # so the repeated UPDATE at flush cannot race.
    for key, value in claimed.items():
        setattr(shipment, key, value)
