"""The SQL of flow reports: one GROUP BY over exact base amounts per group and base unit."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, distinct, func, literal_column, select, union_all
from sqlmodel import col

from logistics.domain.access import Actor
from logistics.domain.reports import ARRIVAL
from logistics.models import Item, Organization, Shipment, ShipmentLine
from logistics.services import flow_sums
from logistics.services.periods import period_of, utc_day
from logistics.services.scoping import partner_scope
from logistics.services.shipments import actual_moment, departed_within
from logistics.units import SCALE, Dimension

_WHOLE = col(ShipmentLine.base_micro) // SCALE
_REST = col(ShipmentLine.base_micro) % SCALE


def _estimates(dimension, whole, micro, lines) -> list:
    """Return the estimated mass of counted goods (µkg and 10^-12 kg) and how many lines had no unit mass.

    Of lines (``lines`` 1 each) or of their per-shipment sums: the items' unit masses are applied
    when the report runs, so an item's change needs no upkeep anywhere.
    """
    unit_mass = col(Item.unit_mass_micro_kg)
    counted = dimension != Dimension.MASS.value
    weighable, unweighed = and_(counted, unit_mass.is_not(None)), and_(counted, unit_mass.is_(None))
    return [func.sum(case((weighable, whole * unit_mass), else_=0)).label("estimate_micro_kg"),
            func.sum(case((weighable, micro * unit_mass), else_=0)).label("estimate_pico_kg"),
            func.sum(case((unweighed, lines), else_=0)).label("unweighed")]


# Amounts are summed as whole units and leftover millionths, and estimates as µkg and 10^-12 kg, so
# every partial sum stays an exact 64-bit integer on SQLite for any realistic data set (PostgreSQL
# sums BIGINT into NUMERIC anyway); an overflow is refused, never rounded.
_MEASURES = (
    func.sum(_WHOLE).label("whole"),
    func.sum(_REST).label("micro"),
    func.count(col(ShipmentLine.id)).label("lines"),
    func.count(distinct(col(Shipment.id))).label("shipments"),
    *_estimates(col(ShipmentLine.dimension), _WHOLE, _REST, 1),
)
SUMS = ("whole", "micro", "lines", "shipments", "estimate_micro_kg", "estimate_pico_kg", "unweighed")


def departure(date_basis: str):
    """Return the day a report dates a shipment by: its actual dispatch (UTC day) or planned departure."""
    if date_basis in ("actual", ARRIVAL):
        return utc_day(actual_moment(date_basis))
    return col(Shipment.planned_departure)


def _columns(key: str, period: str | None, date_basis: str) -> list:
    """Return the labelled columns a grouping selects and orders by (names before ids)."""
    if key == "period":
        # resolve_grouping sets the period whenever "period" is grouped by
        return [period_of(departure(date_basis), period or "month").label("period")]
    return {
        "direction": [col(Shipment.direction).label("direction")],
        "kind": [col(Shipment.kind).label("kind")],
        "country": [col(Organization.country).label("country")],
        "counterparty": [col(Organization.name).label("counterparty_name"),
                         col(Organization.id).label("counterparty_id")],
        "item": [col(Item.sku).label("item_sku"), col(Item.id).label("item_id"),
                 col(Item.name).label("item_name")],
        "category": [col(Item.category).label("category")],
    }[key]


# Names and SKUs depend on the primary key, so only the id is grouped by (narrower sort keys;
# PostgreSQL accepts columns functionally dependent on a grouped primary key).
_GROUPED_BY_ID = {"counterparty_name", "item_sku", "item_name"}


def _order(column):
    """Order a key column ascending with empty values (no category, no date) last on both backends."""
    return column.asc().nulls_last()


# Groupings that are properties of the shipment: a shipment falls into one group per base unit.
_PER_SHIPMENT = {"direction", "kind", "country", "counterparty", "period"}


def flow_query(actor: Actor, keys: list[str], period: str | None, date_from: date | None,
               date_to: date | None, statuses: list[str], date_basis: str = "actual",
               dialect: str = "sqlite") -> Select:
    """Build the one query of a flow report for a database dialect (also what a benchmark times)."""
    if dialect == "postgresql":
        return _summed_flow_query(actor, keys, period, date_from, date_to, statuses, date_basis)
    if set(keys) <= _PER_SHIPMENT:
        return _shipment_flow_query(actor, keys, period, date_from, date_to, statuses, date_basis)
    columns = [column for key in keys for column in _columns(key, period, date_basis)]
    grouped = [column for column in columns if column.name not in _GROUPED_BY_ID]
    units = [col(ShipmentLine.dimension), col(ShipmentLine.base_unit)]  # never add pieces to kilograms
    query = (select(*columns, *units, *_MEASURES)
             .select_from(ShipmentLine)
             .join(Shipment, col(Shipment.id) == col(ShipmentLine.shipment_id))
             .join(Item, col(Item.id) == col(ShipmentLine.item_id))
             .where(col(Shipment.status).in_([str(status) for status in statuses]))
             .group_by(*grouped, *units)
             .order_by(*(_order(column) for column in columns), *units))
    if {"country", "counterparty"} & set(keys):
        query = query.join(Organization, col(Organization.id) == col(Shipment.counterparty_id))
    return scoped(query, actor, date_from, date_to, date_basis)


def _shipment_flow_query(actor: Actor, keys: list[str], period: str | None, date_from: date | None,
                         date_to: date | None, statuses: list[str], date_basis: str) -> Select:
    """Build the report of groupings by shipment: lines added up per shipment first, then per group.

    The first step leaves one row per shipment and base unit, so the second counts shipments
    with COUNT(*): no COUNT(DISTINCT), which PostgreSQL computes only by sorting every line, in
    one process. The sums are the same integers added in another order: exact as before.
    """
    moved = col(Shipment.status).in_([str(status) for status in statuses])
    shipments = scoped(select(col(Shipment.id)).where(moved), actor, date_from, date_to, date_basis)
    units = [col(ShipmentLine.dimension), col(ShipmentLine.base_unit)]
    per_shipment = (select(col(ShipmentLine.shipment_id), *units,
                           *(measure for measure in _MEASURES if measure.name != "shipments"))
                    .join(Item, col(Item.id) == col(ShipmentLine.item_id))
                    .where(col(ShipmentLine.shipment_id).in_(shipments))
                    .group_by(col(ShipmentLine.shipment_id), *units)
                    .subquery("per_shipment"))
    sums = per_shipment.c
    columns = [column for key in keys for column in _columns(key, period, date_basis)]
    query = (select(*columns, sums.dimension, sums.base_unit,
                    *(func.sum(sums[name]).label(name) for name in SUMS if name != "shipments"),
                    func.count().label("shipments"))
             .select_from(per_shipment)
             .join(Shipment, col(Shipment.id) == sums.shipment_id)
             .group_by(*(column for column in columns if column.name not in _GROUPED_BY_ID),
                       sums.dimension, sums.base_unit)
             .order_by(*(_order(column) for column in columns), sums.dimension, sums.base_unit))
    if {"country", "counterparty"} & set(keys):
        query = query.join(Organization, col(Organization.id) == col(Shipment.counterparty_id))
    return query


def _summed_flow_query(actor: Actor, keys: list[str], period: str | None, date_from: date | None,
                       date_to: date | None, statuses: list[str], date_basis: str) -> Select:
    """Build the PostgreSQL report from the flow sums (services/flow_sums.py), not from every line.

    The sums hold each shipment's lines per item and base unit, so a group's totals add up fewer
    rows, and its shipments are counted without COUNT(DISTINCT) wherever the grouping allows
    it: a group that names the item has one sums row per shipment (COUNT(*)); a grouping by
    shipment properties counts the shipments' base units (flow_sums_by_unit) apart and merges the
    two by group; only a grouping by category without the item counts distinct shipments. The
    estimates apply the items' unit masses now, as the one-step query does: the same exact integers.
    """
    sums = flow_sums.BY_ITEM
    moved = col(Shipment.status).in_([str(status) for status in statuses])
    columns = [column for key in keys for column in _summed_columns(key, period, date_basis)]
    grouped = [column for column in columns if column.name not in _GROUPED_BY_ID]
    units = [sums.c.dimension, sums.c.base_unit]
    measures = [func.sum(sums.c.whole).label("whole"), func.sum(sums.c.micro).label("micro"),
                func.sum(sums.c.lines).label("lines"),
                *_estimates(sums.c.dimension, sums.c.whole, sums.c.micro, sums.c.lines)]
    by_shipment = set(keys) <= _PER_SHIPMENT
    shipments: ColumnElement = func.count()
    if by_shipment:
        shipments = literal_column("0")
    elif "item" not in keys:
        shipments = func.count(distinct(sums.c.shipment_id))
    query = (select(*columns, *units, *measures, shipments.label("shipments"))
             .select_from(sums)
             .join(Shipment, col(Shipment.id) == sums.c.shipment_id)
             .join(Item, col(Item.id) == sums.c.item_id)
             .where(moved)
             .group_by(*grouped, *units))
    parties = {"country", "counterparty"} & set(keys)
    if parties:
        query = query.join(Organization, col(Organization.id) == col(Shipment.counterparty_id))
    query = scoped(query, actor, date_from, date_to, date_basis)
    if not by_shipment:
        return query.order_by(*(_order(column) for column in columns), *units)
    counted = flow_sums.BY_UNIT
    counts = (select(*columns, counted.c.dimension, counted.c.base_unit,
                     *(literal_column("0").label(measure.name) for measure in measures),
                     func.count().label("shipments"))
              .select_from(counted)
              .join(Shipment, col(Shipment.id) == counted.c.shipment_id)
              .where(moved)
              .group_by(*grouped, counted.c.dimension, counted.c.base_unit))
    if parties:
        counts = counts.join(Organization, col(Organization.id) == col(Shipment.counterparty_id))
    parts = union_all(query, scoped(counts, actor, date_from, date_to, date_basis)).subquery("parts")
    keyed = [parts.c[column.name] for column in columns]
    merged = [parts.c.dimension, parts.c.base_unit]
    return (select(*keyed, *merged, *(func.sum(parts.c[name]).label(name) for name in SUMS))
            .group_by(*keyed, *merged)
            .order_by(*(_order(column) for column in keyed), *merged))


def _summed_columns(key: str, period: str | None, date_basis: str) -> list:
    """Return a grouping's columns over the flow sums: the item by the sums' own item id.

    Grouped by the sums' column, PostgreSQL's statistics on (item, dimension, base unit) tell it
    how few groups there are, so it adds them up in parallel instead of sorting every row in one
    process; the SKU and name (one per id) come along as the group's min().
    """
    if key != "item":
        return _columns(key, period, date_basis)
    return [func.min(col(Item.sku)).label("item_sku"), flow_sums.BY_ITEM.c.item_id.label("item_id"),
            func.min(col(Item.name)).label("item_name")]


def scoped(query: Select, actor: Actor, date_from: date | None, date_to: date | None,
            date_basis: str) -> Select:
    """Keep to the shipments the actor may see that departed within the dates (actually or as planned).

    On the actual basis a shipment not dispatched yet has no date, so it is never counted.
    """
    if actor.is_partner:
        query = query.where(partner_scope(actor.organization_id))
    if date_basis in ("actual", ARRIVAL):
        query = query.where(actual_moment(date_basis).is_not(None))
    return departed_within(query, date_basis, date_from, date_to)


def value_query(actor: Actor, keys: list[str], period: str | None, date_from: date | None,
                date_to: date | None, statuses: list[str], date_basis: str = "actual") -> Select:
    """Build the query of a flow report's declared values: per group, base unit and currency."""
    columns = [column for key in keys for column in _columns(key, period, date_basis)]
    units = [col(ShipmentLine.dimension), col(ShipmentLine.base_unit), col(ShipmentLine.currency)]
    query = (select(*columns, *units, func.sum(col(ShipmentLine.value_minor)).label("value_minor"))
             .select_from(ShipmentLine)
             .join(Shipment, col(Shipment.id) == col(ShipmentLine.shipment_id))
             .join(Item, col(Item.id) == col(ShipmentLine.item_id))
             .where(col(Shipment.status).in_([str(status) for status in statuses]),
                    col(ShipmentLine.currency).is_not(None))
             .group_by(*(column for column in columns if column.name not in _GROUPED_BY_ID), *units)
             .order_by(col(ShipmentLine.currency)))
    if {"country", "counterparty"} & set(keys):
        query = query.join(Organization, col(Organization.id) == col(Shipment.counterparty_id))
    return scoped(query, actor, date_from, date_to, date_basis)
