"""Flow reports: totals in and out, computed in the database by one GROUP BY over exact base amounts."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Select, and_, case, distinct, func, select
from sqlalchemy.exc import DataError, OperationalError
from sqlmodel import Session, col

from logistics.document_language import Wording
from logistics.domain.access import REPORT_ROLES, Actor
from logistics.domain.reports import (
    ARRIVAL,
    CounterpartyKey,
    FlowReport,
    GroupKey,
    GroupSums,
    ItemKey,
    check_date_basis,
    check_mass_unit,
    flow_row,
    resolve_grouping,
)
from logistics.domain.summary import file_name, flow_summary
from logistics.domain.texts import E_
from logistics.domain.workflow import MOVED, Direction, Kind, Status
from logistics.errors import Forbidden, Invalid
from logistics.models import Item, Organization, Shipment, ShipmentLine
from logistics.money import Money, from_minor
from logistics.pdf import summary as pdf
from logistics.services.documents import Document
from logistics.services.periods import period_of, utc_day
from logistics.services.scoping import partner_scope
from logistics.services.shipments import actual_moment, departed_within
from logistics.units import SCALE, Dimension

_BY_MASS = col(ShipmentLine.dimension) == Dimension.MASS.value
_WEIGHABLE = and_(~_BY_MASS, col(Item.unit_mass_micro_kg).is_not(None))
_UNWEIGHED = and_(~_BY_MASS, col(Item.unit_mass_micro_kg).is_(None))
_WHOLE = col(ShipmentLine.base_micro) // SCALE
_REST = col(ShipmentLine.base_micro) % SCALE

# Amounts are summed as whole units and leftover millionths, and estimates as µkg and 10^-12 kg, so
# every partial sum stays an exact 64-bit integer on SQLite for any realistic data set (PostgreSQL
# sums BIGINT into NUMERIC anyway); an overflow is refused, never rounded.
_MEASURES = (
    func.sum(_WHOLE).label("whole"),
    func.sum(_REST).label("micro"),
    func.count(col(ShipmentLine.id)).label("lines"),
    func.count(distinct(col(Shipment.id))).label("shipments"),
    func.sum(case((_WEIGHABLE, _WHOLE * col(Item.unit_mass_micro_kg)), else_=0)).label("estimate_micro_kg"),
    func.sum(case((_WEIGHABLE, _REST * col(Item.unit_mass_micro_kg)), else_=0)).label("estimate_pico_kg"),
    func.sum(case((_UNWEIGHED, 1), else_=0)).label("unweighed"),
)
_SUMS = ("whole", "micro", "lines", "shipments", "estimate_micro_kg", "estimate_pico_kg", "unweighed")


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
               date_to: date | None, statuses: list[str], date_basis: str = "actual") -> Select:
    """Build the one GROUP BY query of a flow report (also what a benchmark compares against)."""
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
    return _scoped(query, actor, date_from, date_to, date_basis)


def _shipment_flow_query(actor: Actor, keys: list[str], period: str | None, date_from: date | None,
                         date_to: date | None, statuses: list[str], date_basis: str) -> Select:
    """Build the report of groupings by shipment: lines added up per shipment first, then per group.

    The first step leaves one row per shipment and base unit, so the second counts shipments
    with COUNT(*): no COUNT(DISTINCT), which PostgreSQL computes only by sorting every line, in
    one process. The sums are the same integers added in another order: exact as before.
    """
    moved = col(Shipment.status).in_([str(status) for status in statuses])
    shipments = _scoped(select(col(Shipment.id)).where(moved), actor, date_from, date_to, date_basis)
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
                    *(func.sum(sums[name]).label(name) for name in _SUMS if name != "shipments"),
                    func.count().label("shipments"))
             .select_from(per_shipment)
             .join(Shipment, col(Shipment.id) == sums.shipment_id)
             .group_by(*(column for column in columns if column.name not in _GROUPED_BY_ID),
                       sums.dimension, sums.base_unit)
             .order_by(*(_order(column) for column in columns), sums.dimension, sums.base_unit))
    if {"country", "counterparty"} & set(keys):
        query = query.join(Organization, col(Organization.id) == col(Shipment.counterparty_id))
    return query


def _scoped(query: Select, actor: Actor, date_from: date | None, date_to: date | None,
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
    return _scoped(query, actor, date_from, date_to, date_basis)


def _values(session: Session, query: Select, keys: list[str]) -> dict[tuple, tuple[Money, ...]]:
    """Return the declared values per group and base unit, one Money per currency (never added across)."""
    found: dict[tuple, list[Money]] = {}
    for row in _run(session, query):
        if isinstance(row.value_minor, float):
            raise _too_large()
        found.setdefault((*_keys_of(row, keys).values(), row.base_unit), []).append(
            from_minor(int(row.value_minor), row.currency))
    return {key: tuple(values) for key, values in found.items()}


def flows(session: Session, actor: Actor, group_by: list[str], period: str | None = None,
          date_from: date | None = None, date_to: date | None = None, statuses: list[str] | None = None,
          mass_unit: str = "kg", date_basis: str = "actual", values: bool = False) -> FlowReport:
    """Report exact totals in and out per group and base unit, with gross mass (partners: their own).

    Shipments are dated by their actual dispatch (``date_basis="actual"``, the default; those not
    dispatched yet are left out) or by their planned departure (``"planned"``).
    """
    keys, period = resolve_grouping(group_by, period)
    check_mass_unit(mass_unit)
    check_date_basis(date_basis)
    if date_from and date_to and date_from > date_to:
        raise Invalid(E_("the period is empty: 'from' is after 'to'"),
                      {"to": [E_("must not be before from")]})
    in_force = tuple(Status(status) for status in statuses or MOVED)
    query = flow_query(actor, keys, period, date_from, date_to, list(in_force), date_basis)
    declared = _values(session, value_query(actor, keys, period, date_from, date_to, list(in_force),
                                            date_basis), keys) if values else {}
    rows = []
    for row in _run(session, query):
        group = _keys_of(row, keys)
        found = declared.get((*group.values(), row.base_unit), ())
        rows.append(flow_row(group, _sums_of(row), mass_unit, found))
    return FlowReport(tuple(keys), period, date_from, date_to, in_force, mass_unit, tuple(rows), date_basis,
                      values)


def _run(session: Session, query) -> list:
    """Run the report query; an overflow (only for absurd amounts) is refused, never rounded."""
    try:
        return list(session.execute(query).all())
    except (DataError, OperationalError) as error:
        if not any(word in str(error.orig).lower() for word in ("overflow", "out of range")):
            raise
        session.rollback()
        raise _too_large() from None


def _too_large() -> Invalid:
    """Return the refusal of totals that would not stay exact."""
    return Invalid(E_("the totals are too large to add up exactly: narrow the dates or group more finely"))


def _sums_of(row) -> GroupSums:
    """Return a row's sums as exact integers (a float means SQLite overflowed: refuse it)."""
    values = row._mapping
    if any(isinstance(values[name], float) for name in _SUMS):
        raise _too_large()
    return GroupSums(row.base_unit, *(int(values[name]) for name in _SUMS))


def _keys_of(row, keys: list[str]) -> dict[str, GroupKey]:
    """Return a row's group keys as typed values (directions and kinds as enums, parties and items by id)."""
    values = row._mapping
    result: dict[str, GroupKey] = {}
    for key in keys:
        if key == "counterparty":
            result[key] = CounterpartyKey(values["counterparty_id"], values["counterparty_name"])
        elif key == "item":
            result[key] = ItemKey(values["item_id"], values["item_sku"], values["item_name"])
        elif key == "direction":
            result[key] = Direction(values[key])
        elif key == "kind":
            result[key] = Kind(values[key])
        else:
            result[key] = values[key]
    return result


def flows_pdf(session: Session, actor: Actor, group_by: list[str], period: str | None = None,
              date_from: date | None = None, date_to: date | None = None, statuses: list[str] | None = None,
              mass_unit: str = "kg", paper: str = "a4", date_basis: str = "actual",
              values: bool = False, language: str = "en") -> Document:
    """Print the flow report for managers and admins: filters, rows, totals and a chart per country.

    ``language`` is the reader's (a page's or request's): the words, country names and figures.

    The same data gives the same bytes: nothing on it depends on the clock, and "data as of" is
    when the shipments, items and partners it counts last changed.
    """
    if actor.role not in REPORT_ROLES:
        raise Forbidden(E_("a %(role)s user may not print flow reports", role=actor.role))
    report = flows(session, actor, group_by, period, date_from, date_to, statuses, mass_unit, date_basis,
                   values)
    by_country = report if set(report.group_by) == {"direction", "country"} else \
        flows(session, actor, ["direction", "country"], None, date_from, date_to, statuses, mass_unit,
              date_basis)
    codes = {row.keys.get("country") for row in (*report.rows, *by_country.rows)}
    w = Wording(language)
    names = {code: w.country(code) for code in codes if isinstance(code, str)}
    data = flow_summary(report, by_country, names,
                        data_as_of(session, actor, date_from, date_to, list(report.statuses), date_basis), w)
    content, pages = pdf.flow_report(data, paper)
    return Document(file_name(data), content, data.revision, data.checksum, pages)


def data_as_of(session: Session, actor: Actor, date_from: date | None, date_to: date | None,
           statuses: list[Status], date_basis: str) -> datetime | None:
    """Return when the shipments a report counts (with their items and partners) last changed (for prints)."""
    query = (select(func.max(col(Shipment.updated_at)), func.max(col(Item.updated_at)),
                    func.max(col(Organization.updated_at)))
             .select_from(ShipmentLine)
             .join(Shipment, col(Shipment.id) == col(ShipmentLine.shipment_id))
             .join(Item, col(Item.id) == col(ShipmentLine.item_id))
             .join(Organization, col(Organization.id) == col(Shipment.counterparty_id))
             .where(col(Shipment.status).in_(statuses)))
    latest = session.execute(_scoped(query, actor, date_from, date_to, date_basis)).one()
    moments = [moment for moment in latest if moment]
    return max(moments, default=None)
