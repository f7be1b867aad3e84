"""Finding a shipment as an actor may see it, and claiming its version for a write."""
from __future__ import annotations

import re
from functools import cache

from sqlalchemy import and_, bindparam, exists, or_
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import joinedload
from sqlmodel import Session, col, select

from logistics.domain.access import Actor
from logistics.domain.inputs import excerpt, looks_like_id, parse_id
from logistics.domain.texts import E_
from logistics.domain.workflow import Status
from logistics.errors import NotFound, StaleVersion
from logistics.models import Item, Shipment, ShipmentEvent, ShipmentLine
from logistics.models.types import utcnow
from logistics.services.common import MAX_ID
from logistics.unit_of_work import on_stale_version

REFERENCE_RE = re.compile(r"[A-Za-z0-9._-]{1,40}")


def partner_scope(organization_id):
    """Return the condition on shipments that a partner of this organisation sees.

    Their own shipments (they are the counterparty), except those never confirmed: a draft, and a
    draft that was cancelled (no event ever moved it to confirmed). Those are our work in
    progress, not yet anything the partner has to act on. ``organization_id`` is a value or a
    bind parameter. The shipment list, the reports and find_shipment all use this one rule.
    """
    confirmed = exists().where(col(ShipmentEvent.shipment_id) == col(Shipment.id),
                               col(ShipmentEvent.to_status) == Status.CONFIRMED.value)
    return and_(col(Shipment.counterparty_id) == organization_id,
                col(Shipment.status) != Status.DRAFT.value,
                or_(col(Shipment.status) != Status.CANCELLED.value, confirmed))


def find_shipment(session: Session, actor: Actor, key: str | int, packs: bool = True) -> Shipment:
    """Return a shipment by id or reference; a partner sees only their own (else NotFound).

    One statement reads the shipment, its counterparty, its lines and their items, so the
    version read always belongs to the lines read with it. ``packs`` loads the items' packs too
    (one more statement), for callers that measure quantities in packs; otherwise they are read
    only if touched.
    """
    by_id, value = shipment_key(key)
    params: dict = {"key": value}
    if actor.is_partner:
        params["organization_id"] = actor.organization_id
    shipment = session.exec(_shipment_query(by_id, actor.is_partner, packs), params=params).unique().first()
    if shipment is None:
        raise NotFound(E_("shipment %(key)s not found", key=key))  # an id or a reference: short, and ASCII
    return shipment


def shipment_key(key: str | int) -> tuple[bool, int | str]:
    """Return (by id?, the id or the upper-cased reference) a key names, or raise NotFound."""
    if isinstance(key, int) or looks_like_id(key):
        # All ASCII digits: an id, or nothing (never a reference, never a huge int() to compute).
        row_id = key if isinstance(key, int) else parse_id(key)
        if row_id is None or not 0 < row_id <= MAX_ID:
            raise NotFound(E_("shipment %(key)s not found", key=excerpt(key, quote=False)))
        return True, row_id
    if REFERENCE_RE.fullmatch(key):
        return False, key.upper()
    raise NotFound(E_("shipment %(key)s not found: give its id or its reference (letters, digits, . _ -)",
                      key=excerpt(key)))


@cache
def _shipment_query(by_id: bool, partner: bool, packs: bool):
    """Return the statement find_shipment runs, built once per shape (it keeps its cache key)."""
    # SQLModel types relationships as their values; the loader options take them as attributes.
    lines, item, item_packs = Shipment.lines, ShipmentLine.item, Item.packs
    loaded = joinedload(lines).joinedload(item)  # type: ignore[arg-type]
    query = select(Shipment).options(
        loaded.selectinload(item_packs) if packs else loaded.lazyload(item_packs))  # type: ignore[arg-type]
    query = query.where((Shipment.id if by_id else Shipment.reference) == bindparam("key"))
    if partner:
        query = query.where(partner_scope(bindparam("organization_id")))
    return query


def check_version(shipment: Shipment, expected: int) -> None:
    """Refuse a write based on another version than the shipment's (before deciding what it changes)."""
    if expected != shipment.version:
        raise StaleVersion(expected, shipment.version)


def claim_version(session: Session, shipment: Shipment, expected: int, actor: Actor) -> None:
    """Bump a shipment's version if it is still ``expected``; otherwise refuse the write.

    The bump goes out with the write's other changes to the header, in one UPDATE whose WHERE
    also names the expected version (the mapper's ``version_id_col``): concurrent writers from
    the same version race on one row, exactly one matches, and the unit of work turns the
    others' unmatched UPDATE into StaleVersion. The audit trail records the bump and the
    header's other changes as one update.
    """
    check_version(shipment, expected)
    shipment.version = expected + 1
    shipment.updated_at = utcnow()
    shipment.updated_by_id = actor.user_id
    shipment_id = shipment.id

    def stale(session: OrmSession) -> StaleVersion | None:
        current = session.scalar(select(Shipment.version).where(Shipment.id == shipment_id))
        return None if current == expected else StaleVersion(expected, current or 0)

    on_stale_version(session, stale)
