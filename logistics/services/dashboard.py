"""Figures for the managers' dashboard, computed in the database (GROUP BY over exact base amounts)."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from logistics.domain.workflow import MOVED, Status
from logistics.models import Item, Organization, Shipment, ShipmentEvent, ShipmentLine
from logistics.units import from_micro


def in_transit(session: Session) -> list[Shipment]:
    """Return the shipments on their way, oldest departure first."""
    return list(session.scalars(select(Shipment).where(col(Shipment.status) == Status.IN_TRANSIT)
                                .order_by(col(Shipment.planned_departure), col(Shipment.id))))


def arrived_since(session: Session, since: datetime) -> list[tuple[Shipment, datetime]]:
    """Return the shipments delivered or received since a moment, with when."""
    rows = session.execute(
        select(Shipment, func.max(ShipmentEvent.occurred_at))
        .join(ShipmentEvent, col(ShipmentEvent.shipment_id) == Shipment.id)
        .where(col(ShipmentEvent.to_status).in_([Status.DELIVERED, Status.RECEIVED]),
               col(ShipmentEvent.occurred_at) >= since)
        .group_by(col(Shipment.id)).order_by(func.max(ShipmentEvent.occurred_at).desc()))
    return [(shipment, when) for shipment, when in rows]


def month_start(now: datetime | None = None) -> datetime:
    """Return the first moment of the current month, UTC."""
    now = now or datetime.now(UTC)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def totals_by(session: Session, key: str) -> list[dict]:
    """Return exact totals in and out grouped by "country" or "item", per unit (never mixed)."""
    group = {"country": (col(Organization.country),), "item": (col(Item.sku), col(Item.name))}[key]
    query = (select(col(Shipment.direction), *group, col(ShipmentLine.base_unit),
                    func.sum(ShipmentLine.base_micro), func.count(func.distinct(Shipment.id)))
             .join(ShipmentLine, col(ShipmentLine.shipment_id) == Shipment.id)
             .join(Organization, col(Organization.id) == Shipment.counterparty_id)
             .join(Item, col(Item.id) == ShipmentLine.item_id)
             .where(col(Shipment.status).in_(MOVED))
             .group_by(Shipment.direction, *group, ShipmentLine.base_unit)
             .order_by(Shipment.direction, *group, ShipmentLine.base_unit))
    rows = []
    for direction, *names, unit, micro, count in session.execute(query):
        rows.append({"direction": direction, "key": names[0], "label": " ".join(names),
                     "unit": unit, "value": from_micro(int(micro)), "shipments": count})
    return rows
