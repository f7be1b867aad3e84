"""Figures for the managers' dashboard, computed in the database (GROUP BY over exact base amounts)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session, col

from logistics.domain.workflow import MOVED, Status
from logistics.models import Item, Organization, Shipment, ShipmentLine
from logistics.services.shipments import day_after, day_start
from logistics.units import from_micro


def in_transit(session: Session) -> list[Shipment]:
    """Return the shipments on their way, oldest departure first."""
    return list(session.scalars(select(Shipment).where(col(Shipment.status) == Status.IN_TRANSIT)
                                .order_by(col(Shipment.planned_departure), col(Shipment.id))))


def arrived_between(session: Session, start: date, end: date) -> list[tuple[Shipment, datetime]]:
    """Return the shipments that actually arrived (were delivered) on these UTC days, with when.

    Arrival is the shipment's delivered_at, the moment its delivery happened, not when someone
    typed it in; a shipment received without a delivery event (none exist by the workflow) would
    count by its receipt.
    """
    arrived = func.coalesce(col(Shipment.delivered_at), col(Shipment.received_at))
    query = select(Shipment, arrived).where(arrived >= day_start(start))
    following = day_after(end)
    if following is not None:
        query = query.where(arrived < following)
    rows = session.execute(query.order_by(arrived.desc(), col(Shipment.id).desc()))
    return [(shipment, when) for shipment, when in rows]


def month_of(today: date) -> tuple[date, date]:
    """Return the first and last day of the month of ``today``."""
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


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
