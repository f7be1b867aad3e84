"""The flow report contract: query parameters in; JSON rows or CSV out, with decimal strings."""
from __future__ import annotations

from collections.abc import Sequence

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from logistics.csv_writer import csv_text
from logistics.domain.reports import (
    GROUPINGS,
    MASS_UNITS,
    PERIODS,
    CounterpartyKey,
    FlowReport,
    FlowRow,
    GroupKey,
    ItemKey,
)
from logistics.domain.stock import StockReport
from logistics.domain.texts import E_
from logistics.domain.timeline import DATE_BASES
from logistics.domain.workflow import Direction, Kind, Status
from logistics.money import plain_amount
from logistics.schemas.fields import AmountSchema, DecimalText, ValueSchema
from logistics.schemas.report_json import flow_report_json
from logistics.units import format_decimal

_NAME = "(" + "|".join(GROUPINGS) + ")"


class GroupBy(fields.List):
    """Groupings ("direction,country"), each at most once: comma-separated, or the parameter repeated.

    A list field, so the parser reads every ``group_by`` sent (``group_by=direction&group_by=item``
    is ``direction,item``): one read as its first value alone grouped by less than was asked.
    """

    def __init__(self, **kwargs):
        one = fields.String(metadata={"pattern": rf"^\s*({_NAME}(\s*,\s*{_NAME})*)?\s*$"})
        super().__init__(one, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> list[str | None]:
        values = value if isinstance(value, (list, tuple)) else [value]
        if not all(isinstance(text, str) for text in values):
            raise ValidationError(E_("Not a valid string."))
        keys = [part.strip() for text in values if text.strip() for part in text.split(",")]
        unknown = [key for key in keys if key not in GROUPINGS]
        if unknown:
            raise ValidationError(E_("unknown grouping %(unknown)s: use %(groupings)s, separated by commas",
                                     unknown=", ".join(map(repr, unknown)), groupings=", ".join(GROUPINGS)))
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValidationError(E_("%(repeated)s given more than once", repeated=", ".join(repeated)))
        return keys


class FlowQuerySchema(Schema):
    """What to group by, which period, dates, statuses and the mass unit of a flow report."""

    group_by = GroupBy(load_default=list, metadata={
        "description": f"any of {', '.join(GROUPINGS)} (period: see period), comma-separated or the "
                       "parameter repeated (group_by=direction&group_by=item is direction,item), each "
                       "once; direction is always added (first) when absent: in and out are never added up",
        "example": ["direction,country"]})
    period = fields.String(validate=validate.OneOf(PERIODS), metadata={
        "description": "month, quarter or year of the departure (see date_basis); groups by it "
                       "(month when group_by has period and this is absent)"})
    date_from = fields.Date(data_key="from",
                            metadata={"description": "departed on or after (see date_basis)"})
    date_to = fields.Date(data_key="to",
                          metadata={"description": "departed on or before (see date_basis)"})
    date_basis = fields.String(load_default="actual", validate=validate.OneOf(DATE_BASES), metadata={
        "description": "which departure dates the report (from/to and period): actual (the default: "
                       "the actual dispatch, dispatched_at, by UTC day; shipments not dispatched yet "
                       "are left out) or planned (planned_departure)"})
    statuses = fields.List(fields.String(validate=validate.OneOf([s.value for s in Status])),
                           data_key="status", metadata={
                               "description": "one or more statuses (repeat the parameter); "
                                              "default: in_transit, delivered, received"})
    mass_unit = fields.String(load_default="kg", validate=validate.OneOf(list(MASS_UNITS)),
                              metadata={"description": "unit of every mass figure (totals by mass and gross "
                                                     "mass): kg (default) or t"})
    values = fields.Boolean(load_default=False, metadata={
        "description": "add the declared values of each row, one total per currency (never added "
                       "across currencies), and per direction: 1/true or 0/false (default)"})

    @validates_schema
    def _dates_in_order(self, data, **kwargs):
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(E_("must not be before from"), "to")


class FlowPdfQuerySchema(FlowQuerySchema):
    """The flow report's parameters, and the paper to print it on."""

    paper = fields.String(load_default="a4", validate=validate.OneOf(["a4", "letter"]),
                          metadata={"description": "a4 (default) or letter"})


class GrossMassSchema(Schema):
    """A group's gross mass: the exact part (lines by mass), the estimated part, their total."""

    exact = fields.Nested(AmountSchema, required=True,
                          metadata={"description": "sum of the lines logged by mass"})
    estimated = fields.Nested(AmountSchema, required=True, metadata={
        "description": "ESTIMATED from the items' unit masses (counted and volume lines)"})
    total = fields.Nested(AmountSchema, required=True)
    includes_estimate = fields.Boolean(required=True,
                                       metadata={"description": "the total includes an estimate"})
    unweighed_lines = fields.Integer(required=True,
                                     metadata={"description": "lines of items without a unit mass"})


class CounterpartyRefSchema(Schema):
    """The organisation at the other end."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)


class ItemRefSchema(Schema):
    """An item of the catalogue."""

    id = fields.Integer(required=True)
    sku = fields.String(required=True)
    name = fields.String(required=True)


class FlowRowSchema(Schema):
    """One group and base unit: its keys (those grouped by), exact total, counts and gross mass."""

    direction = fields.Enum(Direction, by_value=fields.String)
    kind = fields.Enum(Kind, by_value=fields.String)
    country = fields.String(metadata={"description": "the counterparty's country (ISO 3166-1 alpha-2)"})
    counterparty = fields.Nested(CounterpartyRefSchema)
    item = fields.Nested(ItemRefSchema)
    category = fields.String(allow_none=True)
    period = fields.String(allow_none=True, metadata={
        "description": "2020-04, 2020-Q2 or 2020; null for shipments without a planned departure "
                       "(date_basis=planned)"})
    unit = fields.String(required=True,
                         metadata={"description": "the base unit of this row: totals never mix units"})
    total = fields.Nested(AmountSchema, required=True)
    lines = fields.Integer(required=True)
    shipments = fields.Integer(required=True)
    gross_mass = fields.Nested(GrossMassSchema, required=True)
    values = fields.List(fields.Nested(ValueSchema), required=True, metadata={
        "description": "declared values of the row's lines, one per currency (empty unless values=1; "
                       "lines without a declared value add nothing)"})

    def get_attribute(self, obj: FlowRow, attr: str, default):
        """Read a group key from the row's keys: only the groupings asked for are in the answer."""
        if attr in GROUPINGS:
            return obj.keys.get(attr, default)
        return super().get_attribute(obj, attr, default)


class DirectionValuesSchema(Schema):
    """The declared values of one direction, one total per currency."""

    direction = fields.Enum(Direction, by_value=fields.String, required=True)
    values = fields.List(fields.Nested(ValueSchema), required=True)


class FlowReportSchema(Schema):
    """A flow report: the parameters in force and one row per group and base unit."""

    group_by = fields.List(fields.String(validate=validate.OneOf(GROUPINGS)), required=True)
    period = fields.String(allow_none=True, required=True, validate=validate.OneOf(PERIODS))
    date_from = fields.Date(data_key="from", allow_none=True, required=True)
    date_to = fields.Date(data_key="to", allow_none=True, required=True)
    date_basis = fields.String(required=True, validate=validate.OneOf(DATE_BASES), metadata={
        "description": "actual: dated by the actual dispatch (not yet dispatched: not counted); "
                       "planned: by the planned departure"})
    statuses = fields.List(fields.Enum(Status, by_value=fields.String), data_key="status", required=True)
    mass_unit = fields.String(required=True, validate=validate.OneOf(list(MASS_UNITS)))
    rows = fields.List(fields.Nested(FlowRowSchema), required=True)
    values = fields.Boolean(required=True, metadata={"description": "whether declared values were asked for"})
    value_totals = fields.List(fields.Nested(DirectionValuesSchema), required=True, metadata={
        "description": "declared values per direction, one total per currency (empty unless values=1)"})

    def dump(self, obj, *, many: bool | None = None):
        """Dump a report through ``flow_report_json``: the JSON the fields give, at a fraction of the cost."""
        if many if many is not None else self.many:
            return [flow_report_json(report) for report in obj]
        return flow_report_json(obj)

    def dump_by_fields(self, obj, *, many: bool | None = None):
        """Dump through the fields above (marshmallow's own dump), as the tests compare."""
        return Schema.dump(self, obj, many=many)


_KEY_COLUMNS = {
    "counterparty": ("counterparty_id", "counterparty"),
    "item": ("item_id", "item_sku", "item"),
}
_MEASURE_COLUMNS = ("unit", "total", "lines", "shipments", "gross_mass_unit", "gross_mass_exact",
                    "gross_mass_estimated", "gross_mass_total", "gross_mass_includes_estimate",
                    "unweighed_lines", "date_basis")


def csv_columns(group_by: Sequence[str], currencies: Sequence[str] = ()) -> list[str]:
    """Return the CSV header: the group columns in the order asked, the measures, a value column per currency.

    The date basis stays last.
    """
    names: list[str] = []
    for key in group_by:
        names.extend(_KEY_COLUMNS.get(key, (key,)))
    return [*names, *_MEASURE_COLUMNS[:-1], *(f"value_{code}" for code in currencies), _MEASURE_COLUMNS[-1]]


def _key_cells(value: GroupKey) -> list:
    """Return a group key's cells: an organisation's id and name, an item's id, SKU and name."""
    if isinstance(value, CounterpartyKey):
        return [value.id, value.name]
    if isinstance(value, ItemKey):
        return [value.id, value.sku, value.name]
    return [value]


def csv_row(row: FlowRow, group_by: Sequence[str], date_basis: str = "actual",
            currencies: Sequence[str] = ()) -> list[object]:
    """Flatten one report row into CSV cells (decimal strings, never floats), its date basis last."""
    cells = [cell for key in group_by for cell in _key_cells(row.keys[key])]
    mass = row.gross_mass
    cells += [row.unit, format_decimal(row.total.value), row.lines, row.shipments,
              mass.total.unit, format_decimal(mass.exact.value), format_decimal(mass.estimated.value),
              format_decimal(mass.total.value), "yes" if mass.includes_estimate else "no",
              mass.unweighed_lines]
    declared = {value.currency: value for value in row.values}
    cells += [plain_amount(declared[code]) if code in declared else "" for code in currencies]
    return [*cells, date_basis]


def flows_csv(report: FlowReport) -> str:
    """Return a flow report as CSV: a header row, then one row per group and base unit.

    With declared values, a column per currency (value_EUR, value_CZK): amounts in different
    currencies are never added up, and a row without a value in a currency leaves its cell empty.
    """
    currencies = sorted({value.currency for row in report.rows for value in row.values})
    return csv_text(csv_columns(report.group_by, currencies),
                    (csv_row(row, report.group_by, report.date_basis, currencies) for row in report.rows))


class StockQuerySchema(Schema):
    """The period (by actual arrival and dispatch, or planned departure) and mass unit of a stock position."""

    date_from = fields.Date(data_key="from", metadata={"description": "on or after (see date_basis)"})
    date_to = fields.Date(data_key="to", metadata={"description": "on or before (see date_basis)"})
    date_basis = fields.String(load_default="actual", validate=validate.OneOf(DATE_BASES), metadata={
        "description": "what dates the period: actual (the default: goods in by the UTC day they arrived, "
                       "received_at or else delivered_at; goods out by the UTC day they were dispatched) "
                       "or planned (both by planned_departure)"})
    mass_unit = fields.String(load_default="kg", validate=validate.OneOf(list(MASS_UNITS)),
                              metadata={"description": "unit of every mass figure: kg (default) or t"})

    @validates_schema
    def _dates_in_order(self, data, **kwargs):
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(E_("must not be before from"), "to")


class StockPdfQuerySchema(StockQuerySchema):
    """The stock position's parameters, and the paper to print it on."""

    paper = fields.String(load_default="a4", validate=validate.OneOf(["a4", "letter"]),
                          metadata={"description": "a4 (default) or letter"})


class StockLineSchema(Schema):
    """One unit of an item: received in, dispatched out, difference (in − out), all exact."""

    unit = fields.String(required=True)
    received = DecimalText(required=True)
    dispatched = DecimalText(required=True)
    difference = DecimalText(required=True)


class StockItemSchema(Schema):
    """An item's stock position per unit (never mixed), and the flagged estimate across dimensions."""

    item = fields.Nested(ItemRefSchema, required=True)
    lines = fields.List(fields.Nested(StockLineSchema), required=True)
    estimated_balance = fields.Nested(AmountSchema, allow_none=True, required=True, metadata={
        "description": "ESTIMATED balance in the item's base unit from its unit mass, given only when "
                       "the item moved both by mass and in its base unit; null otherwise"})


class StockReportSchema(Schema):
    """The stock position: parameters in force and one entry per item moved."""

    date_from = fields.Date(data_key="from", allow_none=True, required=True)
    date_to = fields.Date(data_key="to", allow_none=True, required=True)
    received_statuses = fields.List(fields.Enum(Status, by_value=fields.String), required=True)
    dispatched_statuses = fields.List(fields.Enum(Status, by_value=fields.String), required=True)
    mass_unit = fields.String(required=True)
    date_basis = fields.String(required=True, validate=validate.OneOf(DATE_BASES), metadata={
        "description": "actual: in by arrival, out by dispatch; planned: both by planned departure"})
    items = fields.List(fields.Nested(StockItemSchema), required=True)


STOCK_COLUMNS = ["item_id", "item_sku", "item", "unit", "received", "dispatched", "difference",
                 "estimated_balance", "estimated_balance_unit"]


def stock_csv(report: StockReport) -> str:
    """Return the stock position as CSV: a row per item and unit; the estimate flagged in its own columns."""
    rows = []
    for entry in report.items:
        estimate = entry.estimated_balance
        for line in entry.lines:
            rows.append([entry.item.id, entry.item.sku, entry.item.name, line.unit,
                         line.received, line.dispatched, line.difference,  # numbers, never escaped
                         estimate.value if estimate else "",
                         f"{estimate.unit} (estimated)" if estimate else ""])
    return csv_text(STOCK_COLUMNS, rows)
