"""The audit trail contract: entries as read, and the filters of the list and the export."""
from __future__ import annotations

import json
from datetime import UTC

from marshmallow import Schema, ValidationError, fields, validate

from logistics.domain.audit import ACTIONS, ENTITIES
from logistics.domain.texts import E_
from logistics.schemas.fields import Id, Text

# A column's value in the trail: text (dates in ISO 8601, decimals as strings), a number, true or
# false, or null; never a nested object.
COLUMN_VALUE = {"anyOf": [{"type": "string", "nullable": True}, {"type": "number"}, {"type": "boolean"}]}


class JsonText(fields.Field):
    """Column values stored as JSON text, sent as the JSON object they are: column name to value."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else json.loads(value)


class UtcDateTime(fields.AwareDateTime):
    """A timestamp with a time zone (UTC when none is given), converted to UTC."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=UTC, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise ValidationError(E_("the time is out of range")) from None


class AuditEntrySchema(Schema):
    """One recorded change: who, when, which record, and the values before and after."""

    id = fields.Integer(required=True)
    at = fields.AwareDateTime(required=True)
    actor_id = fields.Integer(required=True, allow_none=True,
                              metadata={"description": "null: the system (CLI, demo)"})
    actor_email = fields.String(required=True, metadata={"description": "or 'system'"})
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    entity = fields.String(required=True, validate=validate.OneOf(ENTITIES),
                           metadata={"description": "the table changed"})
    entity_id = fields.Integer(required=True)
    shipment_id = fields.Integer(required=True, allow_none=True,
                                 metadata={"description": "the shipment a header, line or event belongs to"})
    before = JsonText(required=True, allow_none=True, metadata={
        "type": "object", "additionalProperties": COLUMN_VALUE,
        "description": "changed columns' old values (update), every column (delete); null on create"})
    after = JsonText(required=True, allow_none=True, metadata={
        "type": "object", "additionalProperties": COLUMN_VALUE,
        "description": "changed columns' new values (update), every column (create); null on delete"})
    action_id = fields.String(required=True, allow_none=True, metadata={
        "description": "the user action (unit of work) it was part of; null for entries older than actions"})


class ActionShipmentSchema(Schema):
    """A shipment an action touched."""

    id = fields.Integer(required=True)
    reference = fields.String(required=True)


class AuditActionSchema(Schema):
    """One user action (a request, a command, an import): what it did in words, and its row changes."""

    key = fields.String(required=True, metadata={
        "description": "the action's id (older entries, recorded without one: 'entry-' and the entry's id)"})
    at = fields.AwareDateTime(required=True, metadata={"description": "when it was recorded (UTC)"})
    actor_id = fields.Integer(required=True, allow_none=True,
                              metadata={"description": "null: the system (CLI, demo)"})
    actor_email = fields.String(required=True, metadata={"description": "or 'system'"})
    shipments = fields.List(fields.Nested(ActionShipmentSchema), required=True)
    summary = fields.List(fields.String(), required=True, metadata={
        "description": "what the action did, one sentence per thing done, quantities formatted"})
    changes = fields.List(fields.Nested(AuditEntrySchema), required=True,
                          metadata={"description": "the raw row changes, in the order they were recorded"})


class AuditQuerySchema(Schema):
    """Filters for the audit trail and its CSV export."""

    entity = fields.String(validate=validate.OneOf(ENTITIES))
    entity_id = Id(text=True)
    shipment = Text(validate=validate.Length(max=40), metadata={"description": "shipment id or reference"})
    actor_id = Id(text=True)
    action = fields.String(validate=validate.OneOf(ACTIONS))
    since = UtcDateTime(data_key="from", metadata={"description": "recorded at or after (ISO 8601)"})
    until = UtcDateTime(data_key="to", metadata={"description": "recorded at or before (ISO 8601)"})


class ShipmentAuditQuerySchema(AuditQuerySchema):
    """Filters for one shipment's trail."""

    class Meta:
        exclude = ("shipment",)
