"""The shipment contract: header, places, lines with quantities, totals, history.

Input schemas build the write commands of domain/shipments.py in ``post_load``
(``CreateShipment``/``UpdateShipment``, ``AddLine``/``UpdateLine``, ``RecordEvent``); a partial
load (PATCH) names the fields that were given. Output schemas dump the value objects of
domain/totals.py and domain/shipments.py (``ShipmentView`` and its parts): every field is
described with its type in /api/v1/openapi.json, and this is where the figures become decimal
strings. Optional keys keep today's JSON: ``rounded`` appears only when true, ``estimated`` only
when there is an estimate.
"""
from __future__ import annotations

from typing import ClassVar

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_dump,
    post_load,
    pre_load,
    validate,
    validates_schema,
)

from logistics.domain.customs import Incoterm
from logistics.domain.inputs import MAX_ID
from logistics.domain.package_receipt import MarkPackage, PackageState
from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.shipments import (
    AddLine,
    CreateShipment,
    Place,
    ReceivedLine,
    RecordEvent,
    ShipmentSummary,
    UnreadQuantity,
    UpdateLine,
    UpdateShipment,
)
from logistics.domain.texts import E_
from logistics.domain.timeline import DATE_BASES, recorded_later
from logistics.domain.totals import ItemEstimate
from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.schemas.fields import (
    AwbNumber,
    BoundedList,
    CountryCode,
    Day,
    DecimalText,
    Id,
    QuantityField,
    Text,
    ValueInSchema,
    ValueSchema,
    Whole,
    WholeNumber,
    document_number,
)
from logistics.schemas.shipment_json import shipment_json, summary_json
from logistics.units import Dimension, format_decimal

MAX_PACKAGES = 10_000  # package states of one receipt
MAX_LINES = 10_000  # lines of one shipment, or received lines of one receipt, in one request
_REFERENCE = validate.Regexp(r"^(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9._-]{2,39}$",
                             error=E_("3-40 letters, digits, . _ - with at least one letter, "
                                      "e.g. OUT-2020-0042"))


def _one_of(enum) -> validate.OneOf:
    return validate.OneOf([member.value for member in enum])


def _enum(enum, **kwargs) -> fields.Enum:
    """An enum sent by its value, described as a string of the enum's values."""
    return fields.Enum(enum, by_value=True, metadata={"type": "string", **kwargs.pop("metadata", {})},
                       **kwargs)


class PlaceSchema(Schema):
    """A country and a place in it (in and out; the country's name only out)."""

    country = CountryCode(required=True)
    country_name = fields.String(dump_only=True, metadata={"example": "Slovakia"})
    place = Text(allow_none=True, validate=validate.Length(max=200))

    @post_load
    def _place(self, data: dict, **kwargs) -> Place:
        return Place(data["country"], data.get("place"))


class LineInSchema(Schema):
    """A line as clients send it."""

    sku = Text(validate=validate.Length(min=1, max=64))
    item_id = Id()
    quantity = QuantityField(required=True)
    lot = Text(allow_none=True, validate=validate.Length(max=100))
    expiry = Day(allow_none=True)
    value = Whole(ValueInSchema, allow_none=True, metadata={
        "description": "the declared value (for customs): an exact amount and its ISO 4217 currency"})
    country_of_origin = CountryCode(allow_none=True, metadata={
        "description": "where the goods were made (ISO 3166-1 alpha-2)"})
    net_mass = QuantityField(allow_none=True, metadata={
        "description": "the goods' net mass (without packing) where known, e.g. \"480 kg\""})
    version = WholeNumber(validate=validate.Range(max=MAX_ID), load_only=True,
                             metadata={"description": "the shipment version (or If-Match)"})

    @pre_load
    def _old_value_fields(self, data, **kwargs):
        if isinstance(data, dict) and ("declared_value" in data or "currency" in data):
            raise ValidationError(E_('give the declared value as value: {"amount": "1250.50", '
                                     '"currency": "EUR"}'), "value")
        return data

    @validates_schema
    def _item_given(self, data, partial=False, **kwargs):
        if not partial and data.get("sku") is None and data.get("item_id") is None:
            raise ValidationError(E_("give the item's sku or item_id"), "sku")

    @post_load
    def _command(self, data: dict, partial=False, **kwargs) -> AddLine | UpdateLine:
        if partial:
            return UpdateLine(given=frozenset(data), **data)
        return AddLine(**data)


class ShipmentInSchema(Schema):
    """A shipment as clients create or change it."""

    reference = Text(validate=_REFERENCE, metadata={"description": "generated when absent"})
    direction = fields.String(required=True, validate=_one_of(Direction))
    kind = fields.String(required=True, validate=_one_of(Kind))
    counterparty_id = Id(required=True)
    origin = Whole(PlaceSchema, required=True)
    destination = Whole(PlaceSchema, required=True)
    carrier = Text(allow_none=True, validate=validate.Length(max=200))
    transport_mode = fields.String(allow_none=True, validate=_one_of(TransportMode))
    tracking_number = Text(allow_none=True, validate=validate.Length(max=100))
    planned_departure = Day(allow_none=True)
    expected_arrival = Day(allow_none=True)
    notes = Text(allow_none=True, validate=validate.Length(max=5000))
    incoterm = fields.String(allow_none=True, validate=_one_of(Incoterm), metadata={
        "description": "the Incoterms 2020 rule (with incoterm_place, e.g. DAP Nitra)"})
    incoterm_place = Text(allow_none=True, validate=validate.Length(max=200),
                          metadata={"example": "Nitra"})
    invoice_number = document_number("commercial invoice number")
    cmr_number = document_number("CMR road consignment note number")
    awb_number = AwbNumber(allow_none=True, metadata={"description": "air waybill number"})
    bill_of_lading_number = document_number("bill of lading (B/L) number")
    rail_note_number = document_number("rail consignment note (CIM/SMGS) number")
    lines = BoundedList(Whole(LineInSchema), max_items=MAX_LINES)
    version = WholeNumber(validate=validate.Range(max=MAX_ID), load_only=True,
                             metadata={"description": "the version this change is based on (or If-Match)"})

    @pre_load
    def _incoterm_in_capitals(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("incoterm"), str):
            data = {**data, "incoterm": data["incoterm"].strip().upper() or None}
        return data

    @validates_schema
    def _dates_in_order(self, data, **kwargs):
        start, end = data.get("planned_departure"), data.get("expected_arrival")
        if start and end and end < start:
            raise ValidationError(E_("must not be before planned_departure"), "expected_arrival")

    @post_load
    def _command(self, data: dict, partial=False, **kwargs) -> CreateShipment | UpdateShipment:
        values = dict(data)
        for name, enum in (("direction", Direction), ("kind", Kind), ("transport_mode", TransportMode),
                           ("incoterm", Incoterm)):
            if values.get(name) is not None:
                values[name] = enum(values[name])
        if partial:
            values.pop("lines", None)  # refused by the service, which says where lines change
            return UpdateShipment(given=frozenset(data), **values)
        values["lines"] = tuple(values.get("lines", ()))
        return CreateShipment(**values)


class ReceivedQuantityField(QuantityField):
    """A received quantity; one that cannot be read goes on as UnreadQuantity, so that the receipt
    refuses it naming the line by its number as printed (which only the service knows)."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ValidationError as error:
            messages = error.messages if isinstance(error.messages, list) else [str(error.messages)]
            return UnreadQuantity("; ".join(str(message) for message in messages))


class ReceivedSchema(Schema):
    """What arrived of one line."""

    line_id = Id(required=True)
    quantity = ReceivedQuantityField(required=True, allow_zero=True)
    note = Text(allow_none=True, validate=validate.Length(max=500),
                metadata={"description": "what happened, in words (required with reason other)"})
    reason = _enum(DiscrepancyReason, allow_none=True, metadata={"description": (
        "why what arrived differs from what was sent; required when it differs: over for more "
        "than was sent (an over-receipt), short, damaged, wrong_item, expired or other (with a "
        "note) for less; damaged, wrong_item, expired or other also for a full count")})

    @post_load
    def _command(self, data: dict, **kwargs) -> ReceivedLine:
        return ReceivedLine(**data)


class PackageMarkSchema(Schema):
    """What the receiver found of one package."""

    number = Text(required=True, validate=validate.Length(min=1, max=40), metadata={
        "description": "the package's number or SSCC", "example": "PKG-00000001"})
    state = _enum(PackageState, required=True, metadata={
        "description": "arrived, missing or damaged (a damaged package's goods still arrived)"})
    reason = _enum(DiscrepancyReason, allow_none=True, metadata={"description": (
        "missing or damaged only: short, damaged, wrong_item, expired or other (default: short "
        "for missing, damaged for damaged)")})
    note = Text(allow_none=True, validate=validate.Length(max=500), metadata={
        "description": "what is damaged, what happened (required for damaged, and with reason other)"})

    @post_load
    def _command(self, data: dict, **kwargs) -> MarkPackage:
        return MarkPackage(**data)


class EventInSchema(Schema):
    """A status change (status given) or a checkpoint (no status)."""

    status = fields.String(validate=_one_of(Status), metadata={"description": "target status"})
    location = Text(allow_none=True, validate=validate.Length(max=200))
    note = Text(allow_none=True, validate=validate.Length(max=2000))
    tracking_number = Text(allow_none=True, validate=validate.Length(max=100))
    received = BoundedList(Whole(ReceivedSchema), max_items=MAX_LINES)
    packages = BoundedList(Whole(PackageMarkSchema), max_items=MAX_PACKAGES, metadata={
        "description": "with status received: each package arrived, missing or damaged; a package "
                       "not listed takes the state of the one it is on, an outermost one arrived"})
    version = WholeNumber(validate=validate.Range(max=MAX_ID), load_only=True)
    occurred_at = fields.AwareDateTime(metadata={
        "description": "when it happened, ISO 8601 with its UTC offset (default: now); not in the "
                       "future, not before the shipment's previous event",
        "example": "2020-04-02T09:30:00+08:00"})

    @post_load
    def _command(self, data: dict, **kwargs) -> RecordEvent:
        status = data.pop("status", None)
        return RecordEvent(status=Status(status) if status else None,
                           received=tuple(data.pop("received", ())),
                           packages=tuple(data.pop("packages", ())), **data)


class VersionSchema(Schema):
    """Only the version a deletion is based on (or send If-Match)."""

    version = WholeNumber(text=True)  # a query string is text


class EventSchema(Schema):
    """One entry of a shipment's history."""

    id = fields.Integer()
    kind = fields.String(validate=validate.OneOf(["created", "transition", "checkpoint"]))
    from_status = fields.String(allow_none=True, validate=_one_of(Status))
    to_status = fields.String(allow_none=True, validate=_one_of(Status))
    occurred_at = fields.AwareDateTime(metadata={"description": "when it happened"})
    recorded_at = fields.AwareDateTime(metadata={"description": "when it was recorded"})
    recorded_later = fields.Method("_recorded_later", allow_none=True, metadata={
        "type": "string", "nullable": True, "example": "recorded 3 days later",
        "description": "set when the entry was recorded more than 24 hours after it happened"})
    actor_id = fields.Integer(allow_none=True)
    location = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    tracking_number = fields.String(allow_none=True)

    def _recorded_later(self, event) -> str | None:
        return recorded_later(event.occurred_at, event.recorded_at)


class _Sparse(Schema):
    """A schema whose optional keys are left out when they hold nothing (false or null)."""

    OPTIONAL: ClassVar[tuple[str, ...]] = ()

    @post_dump
    def _leave_out_empty(self, data: dict, **kwargs) -> dict:
        for key in self.OPTIONAL:
            if not data.get(key):
                data.pop(key, None)
        return data


class ExactQuantitySchema(Schema):
    """An exact quantity: a decimal string and its unit."""

    value = DecimalText()
    unit = fields.String(metadata={"example": "kg"})


class NormalizedSchema(_Sparse):
    """A quantity exactly in the item's canonical unit (piece or pair, kg, L) and what it measures."""

    OPTIONAL = ("rounded",)

    value = DecimalText()
    unit = fields.String(metadata={"example": "kg"})
    dimension = _enum(Dimension)
    rounded = fields.Boolean(metadata={
        "description": "present (true) only when the value was rounded to a millionth, e.g. from lb"})


class EstimateSchema(Schema):
    """A line's quantity in the other dimension, estimated from the item's unit mass."""

    value = DecimalText()
    unit = fields.String(metadata={"example": "piece"})
    estimated = fields.Constant(True, metadata={"type": "boolean", "description": "always true"})


class ReceivedQuantitySchema(Schema):
    """What arrived of a line: as entered, and in the line's canonical unit."""

    value = DecimalText(attribute="quantity.value")
    unit = fields.String(attribute="quantity.unit")
    normalized = fields.Nested(ExactQuantitySchema)


class ShipmentLineSchema(_Sparse):
    """A line as clients read it: the item, the quantity as entered and normalised, receipt."""

    OPTIONAL = ("estimated",)

    id = fields.Integer()
    line_no = fields.Integer()
    item_id = fields.Integer()
    sku = fields.String()
    name = fields.String()
    quantity = fields.Nested(ExactQuantitySchema, metadata={"description": "as entered"})
    normalized = fields.Nested(NormalizedSchema)
    lot = fields.String(allow_none=True)
    expiry = fields.Date(allow_none=True)
    value = fields.Nested(ValueSchema, allow_none=True, metadata={"description": "the declared value"})
    country_of_origin = fields.String(allow_none=True, metadata={"example": "CZ"})
    net_mass = fields.Nested(ExactQuantitySchema, allow_none=True, metadata={"description": "as entered"})
    net_mass_kg = DecimalText(allow_none=True, metadata={"description": "the net mass in kg, exactly"})
    received = fields.Nested(ReceivedQuantitySchema, allow_none=True,
                             metadata={"description": "null until the shipment is received"})
    discrepancy = fields.Nested(ExactQuantitySchema, allow_none=True, metadata={
        "description": "received minus sent in the canonical unit (negative: a shortfall)"})
    received_note = fields.String(allow_none=True)
    received_reason = _enum(DiscrepancyReason, allow_none=True, metadata={
        "description": "why what arrived differs (null: it arrived as sent, or not yet received)"})
    over_receipt = fields.Boolean(metadata={"description": "true when more arrived than was sent"})
    estimated = fields.Nested(EstimateSchema, metadata={
        "description": "present only when the item's unit mass allows an estimate"})


class DimensionTotalSchema(_Sparse):
    """An item's exact total in one dimension."""

    OPTIONAL = ("rounded",)

    dimension = _enum(Dimension)
    quantity = fields.Nested(ExactQuantitySchema)
    rounded = fields.Boolean(metadata={"description": "present (true) only when a line was rounded"})


class ItemEstimateSchema(Schema):
    """An item's whole total in base units and in kg, estimated from its unit mass."""

    note = fields.Method("_note", metadata={"type": "string",
                                            "example": "estimated from the unit mass of 0.35 kg per piece"})
    base = fields.Nested(ExactQuantitySchema)
    mass = fields.Nested(ExactQuantitySchema)

    def _note(self, estimate: ItemEstimate) -> str:
        return (f"estimated from the unit mass of {format_decimal(estimate.unit_mass_kg)} kg "
                f"per {estimate.base.unit}")


class ItemTotalSchema(_Sparse):
    """One item's totals: one per dimension (never mixed), and an estimate across them when possible."""

    OPTIONAL = ("estimated",)

    item_id = fields.Integer()
    sku = fields.String()
    name = fields.String()
    base_unit = fields.String()
    totals = fields.List(fields.Nested(DimensionTotalSchema))
    estimated = fields.Nested(ItemEstimateSchema, metadata={
        "description": "present only for items with a unit mass that are not measured by mass"})


class ShipmentGrossMassSchema(Schema):
    """The gross mass in kg: lines logged by mass, plus estimates for counted lines."""

    total = fields.Nested(ExactQuantitySchema)
    exact_part = fields.Nested(ExactQuantitySchema)
    estimated_part = fields.Nested(ExactQuantitySchema)
    estimated = fields.Boolean(metadata={"description": "the total includes an estimate"})
    rounded = fields.Boolean(metadata={"description": "a line logged by mass was rounded to a millionth"})
    complete = fields.Boolean(metadata={"description": "every line could be weighed"})
    unweighed_lines = fields.List(fields.Integer(), metadata={
        "description": "numbers of the lines of items without a unit mass"})


class ShipmentNetMassSchema(Schema):
    """The net mass in kg: the sum of the net masses given on lines, and which lines have none."""

    declared = fields.Nested(ExactQuantitySchema)
    complete = fields.Boolean(metadata={"description": "every line has a net mass"})
    missing_lines = fields.List(fields.Integer(), metadata={"description": "lines without a net mass"})


class ShipmentTotalsSchema(Schema):
    """A shipment's totals: per item and dimension, gross and net mass, declared values per currency."""

    line_count = fields.Integer()
    items = fields.List(fields.Nested(ItemTotalSchema))
    gross_mass = fields.Nested(ShipmentGrossMassSchema)
    net_mass = fields.Nested(ShipmentNetMassSchema)
    values = fields.List(fields.Nested(ValueSchema), metadata={
        "description": "declared values, one total per currency (never added across currencies)"})


class CounterpartySchema(Schema):
    """The organisation at the other end of a shipment."""

    id = fields.Integer()
    name = fields.String()
    country = fields.String()


class ShipmentSchema(Schema):
    """A shipment as clients read it: header, lines with both quantities, totals."""

    id = fields.Integer()
    reference = fields.String()
    direction = _enum(Direction)
    kind = _enum(Kind)
    status = _enum(Status)
    allowed_next = fields.List(_enum(Status), metadata={
        "description": "the statuses the caller may move this shipment to now"})
    version = fields.Integer()
    counterparty = fields.Nested(CounterpartySchema)
    origin = fields.Nested(PlaceSchema)
    destination = fields.Nested(PlaceSchema)
    carrier = fields.String(allow_none=True)
    transport_mode = _enum(TransportMode, allow_none=True)
    tracking_number = fields.String(allow_none=True)
    planned_departure = fields.Date(allow_none=True)
    expected_arrival = fields.Date(allow_none=True)
    dispatched_at = fields.AwareDateTime(allow_none=True, metadata={
        "description": "actual: when it went in transit (null until then)"})
    delivered_at = fields.AwareDateTime(allow_none=True, metadata={
        "description": "actual: when it was delivered (null until then)"})
    received_at = fields.AwareDateTime(allow_none=True, metadata={
        "description": "actual: when its receipt was confirmed (null until then)"})
    tracking_url = fields.String(allow_none=True, metadata={
        "description": "the public tracking link (staff only; null for partners)"})
    notes = fields.String(allow_none=True)
    incoterm = _enum(Incoterm, allow_none=True)
    incoterm_place = fields.String(allow_none=True)
    invoice_number = fields.String(allow_none=True)
    cmr_number = fields.String(allow_none=True)
    awb_number = fields.String(allow_none=True)
    bill_of_lading_number = fields.String(allow_none=True)
    rail_note_number = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    created_by_id = fields.Integer(allow_none=True)
    updated_at = fields.AwareDateTime()
    updated_by_id = fields.Integer(allow_none=True)
    lines = fields.List(fields.Nested(ShipmentLineSchema))
    totals = fields.Nested(ShipmentTotalsSchema)

    def dump(self, obj, *, many: bool | None = None):
        """Dump a shipment, or many, through ``shipment_json`` (the same JSON as the fields give)."""
        if many if many is not None else self.many:
            return [shipment_json(shipment) for shipment in obj]
        return shipment_json(obj)

    def dump_by_fields(self, obj, *, many: bool | None = None):
        """Dump through the fields above (marshmallow's own dump), as the tests compare."""
        return Schema.dump(self, obj, many=many)


class ShipmentSummarySchema(_Sparse, ShipmentSchema):
    """A shipment in a list: the header and its number of lines; totals only with include=totals.

    A list dumps many rows: ``dump`` builds them with ``summary_json`` (schemas/shipment_json.py),
    the same JSON as the fields below give (``dump_by_fields``; tests/unit/test_shipment_json.py
    compares the two on every kind of row) at a tenth of the cost, so that a page of 100 costs
    about what a page of 10 does.
    """

    OPTIONAL = ("totals",)

    line_count = fields.Integer()
    totals = fields.Nested(ShipmentTotalsSchema, metadata={
        "description": "present only when the list was asked for include=totals"})

    class Meta:
        exclude = ("lines",)

    def dump(self, obj, *, many: bool | None = None):
        """Dump a list row, or many, through ``summary_json`` (the same JSON as the fields give).

        Rows the list already built as JSON from its database rows (``list_row_json``) pass as
        they are.
        """
        if many if many is not None else self.many:
            return [_summary_dict(summary) for summary in obj]
        return _summary_dict(obj)

    def dump_by_fields(self, obj, *, many: bool | None = None):
        """Dump through the fields below (marshmallow's own dump), as the tests compare."""
        return Schema.dump(self, obj, many=many)


def _summary_dict(summary: ShipmentSummary | dict) -> dict:
    return summary if isinstance(summary, dict) else summary_json(summary)


class EventResultSchema(Schema):
    """The recorded event and the shipment as it now stands."""

    event = fields.Nested(EventSchema)
    shipment = fields.Nested(ShipmentSchema)


class ShipmentQuerySchema(Schema):
    """Filters for the shipment list."""

    direction = fields.String(validate=_one_of(Direction))
    status = fields.List(fields.String(validate=_one_of(Status)),
                         metadata={"description": "one or more statuses (repeat the parameter)"})
    kind = fields.String(validate=_one_of(Kind))
    counterparty_id = Id(text=True)
    transport_mode = fields.String(validate=_one_of(TransportMode))
    country = CountryCode(metadata={"description": "origin or destination country"})
    date_from = fields.Date(data_key="from", metadata={
        "description": "departed on or after (planned departure, or dispatched_at with date_basis=actual)"})
    date_to = fields.Date(data_key="to", metadata={
        "description": "departed on or before (planned departure, or dispatched_at with date_basis=actual)"})
    date_basis = fields.String(load_default="planned", validate=validate.OneOf(DATE_BASES), metadata={
        "description": "which departure from/to filter by: planned (planned_departure, the default) "
                       "or actual (dispatched_at, UTC days)"})
    q = Text(allow_none=True, validate=validate.Length(max=100), metadata={
        "description": "reference or tracking number contains (any case; indexed from 3 characters)"})
    cursor = fields.String(validate=validate.Length(max=40), metadata={
        "description": "where the page starts: next_cursor, previous_cursor or last_cursor of "
                       "X-Pagination (instead of page, which still works but counts rows to skip)"})
    include = fields.List(fields.String(validate=validate.OneOf(["totals"])), metadata={
        "description": "include=totals adds each shipment's totals (reads every listed line)"})


class PeriodQuerySchema(Schema):
    """A period of days chosen by the user (the dashboard's "arrived" list): from and to, inclusive."""

    date_from = fields.Date(data_key="from", metadata={"description": "first day (UTC)"})
    date_to = fields.Date(data_key="to", metadata={"description": "last day (UTC)"})
