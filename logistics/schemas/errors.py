"""The error contract every endpoint answers with: code, reason, a readable message, errors per field."""
from __future__ import annotations

from marshmallow import Schema, fields

# Errors per field nest like the input: {"lines": {"0": {"quantity": ["..."]}}}; the query string's
# and the body's are under "query" and "json" when the parser refused them. The shape refers to
# itself, so it is a named component (registered by logistics.api).
FIELD_ERRORS = "FieldErrors"
FIELD_ERRORS_OPENAPI = {
    "type": "object",
    "description": "messages per field; nested objects follow the input's nesting",
    "additionalProperties": {"oneOf": [
        {"type": "array", "items": {"type": "string"}},
        {"type": "string"},
        {"$ref": f"#/components/schemas/{FIELD_ERRORS}"},
    ]},
}


class FieldErrors(fields.Field):
    """Messages per field, as the error handlers built them (output only)."""


class ErrorSchema(Schema):
    """An error: the HTTP status code and reason, what went wrong, and the messages per field."""

    code = fields.Integer(required=True, metadata={"example": 422})
    status = fields.String(required=True, metadata={"example": "Unprocessable Entity"})
    message = fields.String(required=True, metadata={"description": "what went wrong, readably"})
    errors = FieldErrors(metadata={"allOf": [{"$ref": f"#/components/schemas/{FIELD_ERRORS}"}]})
