"""Flow reports: totals in and out, computed in the database by one GROUP BY over exact base amounts."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.exc import DataError, OperationalError
from sqlmodel import Session, col

from logistics.document_language import Wording
from logistics.domain.access import REPORT_ROLES, Actor
from logistics.domain.reports import (
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
from logistics.services.flow_queries import SUMS, flow_query, scoped, value_query


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
    query = flow_query(actor, keys, period, date_from, date_to, list(in_force), date_basis,
                       session.get_bind().dialect.name)
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
    if any(isinstance(values[name], float) for name in SUMS):
        raise _too_large()
    return GroupSums(row.base_unit, *(int(values[name]) for name in SUMS))


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
    latest = session.execute(scoped(query, actor, date_from, date_to, date_basis)).one()
    moments = [moment for moment in latest if moment]
    return max(moments, default=None)
