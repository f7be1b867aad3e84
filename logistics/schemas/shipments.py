"""The shipment contract: header, places, lines with quantities, totals, history."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from logistics.domain.workflow import Direction, Kind, Status, TransportMode, allowed_next
from logistics.schemas.fields import (
    CountryCode,
    CurrencyCode,
    DecimalString,
    QuantityField,
    Text,
    Whole,
    country_name,
)
from logistics.services.common import MAX_ID
from logistics.services.totals import line_view, totals_of

_REFERENCE = validate.Regexp(r"^(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9._-]{2,39}$",
                             error="3-40 letters, digits, . _ - with at least one letter, e.g. OUT-2020-0042")


def _one_of(enum) -> validate.OneOf:
    return validate.OneOf([member.value for member in enum])


class PlaceSchema(Schema):
    """A country and a place in it."""

    country = CountryCode(required=True)
    country_name = fields.Function(lambda place: country_name(place["country"]), dump_only=True)
    place = Text(allow_none=True, validate=validate.Length(max=200))


class LineInSchema(Schema):
    """A line as clients send it."""

    sku = Text(validate=validate.Length(max=64))
    item_id = fields.Integer(strict=True, validate=validate.Range(min=1))
    quantity = QuantityField(required=True)
    lot = Text(allow_none=True, validate=validate.Length(max=100))
    expiry = fields.Date(allow_none=True)
    declared_value = DecimalString(allow_none=True)
    currency = CurrencyCode(allow_none=True)
    version = fields.Integer(strict=True, load_only=True,
                             metadata={"description": "the shipment version (or If-Match)"})

    @validates_schema
    def _item_given(self, data, partial=False, **kwargs):
        if not partial and data.get("sku") is None and data.get("item_id") is None:
            raise ValidationError("give the item's sku or item_id", "sku")


class ShipmentInSchema(Schema):
    """A shipment as clients create or change it."""

    reference = Text(validate=_REFERENCE, metadata={"description": "generated when absent"})
    direction = fields.String(required=True, validate=_one_of(Direction))
    kind = fields.String(required=True, validate=_one_of(Kind))
    counterparty_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    origin = Whole(PlaceSchema, required=True)
    destination = Whole(PlaceSchema, required=True)
    carrier = Text(allow_none=True, validate=validate.Length(max=200))
    transport_mode = fields.String(allow_none=True, validate=_one_of(TransportMode))
    tracking_number = Text(allow_none=True, validate=validate.Length(max=100))
    planned_departure = fields.Date(allow_none=True)
    expected_arrival = fields.Date(allow_none=True)
    notes = Text(allow_none=True, validate=validate.Length(max=5000))
    lines = fields.List(Whole(LineInSchema), validate=validate.Length(max=10000))
    version = fields.Integer(strict=True, load_only=True,
                             metadata={"description": "the version this change is based on (or If-Match)"})

    @validates_schema
    def _dates_in_order(self, data, **kwargs):
        start, end = data.get("planned_departure"), data.get("expected_arrival")
        if start and end and end < start:
            raise ValidationError("must not be before planned_departure", "expected_arrival")

    @post_load
    def _flatten_places(self, data, **kwargs):
        for end in ("origin", "destination"):
            if end in data:
                place = data.pop(end)
                data[f"{end}_country"] = place["country"]
                data[f"{end}_place"] = place.get("place")
        return data


class ReceivedSchema(Schema):
    """What arrived of one line."""

    line_id = fields.Integer(required=True, strict=True)
    quantity = QuantityField(required=True, allow_zero=True)
    note = Text(allow_none=True, validate=validate.Length(max=500),
                metadata={"description": "reason for a discrepancy"})


class EventInSchema(Schema):
    """A status change (status given) or a checkpoint (no status)."""

    status = fields.String(validate=_one_of(Status), metadata={"description": "target status"})
    location = Text(allow_none=True, validate=validate.Length(max=200))
    note = Text(allow_none=True, validate=validate.Length(max=2000))
    tracking_number = Text(allow_none=True, validate=validate.Length(max=100))
    received = fields.List(Whole(ReceivedSchema), validate=validate.Length(max=10000))
    version = fields.Integer(strict=True, load_only=True)


class VersionSchema(Schema):
    """Only the version a deletion is based on (or send If-Match)."""

    version = fields.Integer()  # not strict: a query string is text


class EventSchema(Schema):
    """One entry of a shipment's history."""

    id = fields.Integer()
    kind = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String(allow_none=True)
    occurred_at = fields.AwareDateTime()
    actor_id = fields.Integer(allow_none=True)
    location = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    tracking_number = fields.String(allow_none=True)


class ShipmentSchema(Schema):
    """A shipment as clients read it: header, lines with both quantities, totals."""

    id = fields.Integer()
    reference = fields.String()
    direction = fields.String()
    kind = fields.String()
    status = fields.String()
    allowed_next = fields.Function(lambda s: [str(x) for x in allowed_next(Status(s.status))])
    version = fields.Integer()
    counterparty = fields.Function(lambda s: {"id": s.counterparty.id, "name": s.counterparty.name,
                                              "country": s.counterparty.country})
    origin = fields.Function(lambda s: _place(s.origin_country, s.origin_place))
    destination = fields.Function(lambda s: _place(s.destination_country, s.destination_place))
    carrier = fields.String(allow_none=True)
    transport_mode = fields.String(allow_none=True)
    tracking_number = fields.String(allow_none=True)
    planned_departure = fields.Date(allow_none=True)
    expected_arrival = fields.Date(allow_none=True)
    notes = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    created_by_id = fields.Integer(allow_none=True)
    updated_at = fields.AwareDateTime()
    updated_by_id = fields.Integer(allow_none=True)
    lines = fields.Function(lambda s: [line_view(line) for line in s.lines])
    totals = fields.Function(totals_of)


class ShipmentSummarySchema(ShipmentSchema):
    """A shipment in a list: the header and totals, without the lines."""

    class Meta:
        exclude = ("lines",)


def _place(country: str, place: str | None) -> dict:
    return {"country": country, "country_name": country_name(country), "place": place}


class ShipmentQuerySchema(Schema):
    """Filters for the shipment list."""

    direction = fields.String(validate=_one_of(Direction))
    status = fields.List(fields.String(validate=_one_of(Status)),
                         metadata={"description": "one or more statuses (repeat the parameter)"})
    kind = fields.String(validate=_one_of(Kind))
    counterparty_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    transport_mode = fields.String(validate=_one_of(TransportMode))
    country = CountryCode(metadata={"description": "origin or destination country"})
    date_from = fields.Date(data_key="from", metadata={"description": "planned departure on or after"})
    date_to = fields.Date(data_key="to", metadata={"description": "planned departure on or before"})
    q = Text(allow_none=True, validate=validate.Length(max=100),
             metadata={"description": "reference or tracking number contains"})
