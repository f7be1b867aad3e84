"""The flow report's JSON built by plain functions: the exact dict ``FlowReportSchema``'s fields dump.

A report by item and month has thousands of rows, and marshmallow's nested dump of each (a row,
its total, three amounts of gross mass, its values) cost more than turning the database's rows
into the report. ``FlowReportSchema`` (schemas/reports.py) stays the contract that
/api/v1/openapi.json describes; its ``dump`` calls ``flow_report_json``, and
tests/reports/test_flow_json.py compares the two on every grouping, with values, partners and
empty reports.
"""
from __future__ import annotations

from logistics.domain.reports import Amount, CounterpartyKey, FlowReport, FlowRow, GroupKey, ItemKey
from logistics.money import Money, plain_amount
from logistics.units import format_decimal

# FlowRowSchema's group fields, in its order: a row has those it was grouped by.
_GROUP_FIELDS = ("direction", "kind", "country", "counterparty", "item", "category", "period")


def _amount(amount: Amount) -> dict:
    return {"value": format_decimal(amount.value), "unit": amount.unit}


def _values(values: tuple[Money, ...]) -> list[dict]:
    return [{"amount": plain_amount(value), "currency": value.currency} for value in values]


def _key(name: str, value: GroupKey) -> object:
    """Return a group key as its field dumps it: enums by value, parties and items as objects."""
    if value is None:
        return None
    if name in ("direction", "kind"):
        return value.value  # type: ignore[union-attr]
    if name == "counterparty":
        assert isinstance(value, CounterpartyKey)
        return {"id": value.id, "name": value.name}
    if name == "item":
        assert isinstance(value, ItemKey)
        return {"id": value.id, "sku": value.sku, "name": value.name}
    return str(value)


def flow_row_json(row: FlowRow, grouped: tuple[str, ...]) -> dict:
    """Return a report row as FlowRowSchema dumps it (``grouped``: its group fields, in schema order)."""
    keys = row.keys
    json = {name: _key(name, keys[name]) for name in grouped if name in keys}
    mass = row.gross_mass
    exact, estimated = mass.exact, mass.estimated
    json.update({
        "unit": row.total.unit, "total": _amount(row.total), "lines": row.lines, "shipments": row.shipments,
        "gross_mass": {"exact": _amount(exact), "estimated": _amount(estimated),
                       "total": {"value": format_decimal(exact.value + estimated.value), "unit": exact.unit},
                       "includes_estimate": estimated.value != 0, "unweighed_lines": mass.unweighed_lines},
        "values": _values(row.values),
    })
    return json


def flow_report_json(report: FlowReport) -> dict:
    """Return a flow report as FlowReportSchema's fields dump it."""
    grouped = tuple(name for name in _GROUP_FIELDS if name in report.group_by)
    return {
        "group_by": list(report.group_by), "period": report.period,
        "from": None if report.date_from is None else report.date_from.isoformat(),
        "to": None if report.date_to is None else report.date_to.isoformat(),
        "date_basis": report.date_basis, "status": [status.value for status in report.statuses],
        "mass_unit": report.mass_unit, "rows": [flow_row_json(row, grouped) for row in report.rows],
        "values": report.values,
        "value_totals": [{"direction": None if totals.direction is None else totals.direction.value,
                          "values": _values(totals.values)} for totals in report.value_totals],
    }
