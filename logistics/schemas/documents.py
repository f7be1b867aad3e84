"""The shipment document contract: paper size in, the print log out."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class PaperSchema(Schema):
    """Which paper to lay the document out on."""

    paper = fields.String(load_default="a4", validate=validate.OneOf(["a4", "letter"]),
                          metadata={"description": "a4 (default) or letter"})


class DocumentPrintSchema(Schema):
    """One generation of a document."""

    id = fields.Integer()
    kind = fields.String()
    revision = fields.String()
    checksum = fields.String()
    paper = fields.String()
    pages = fields.Integer()
    size_bytes = fields.Integer()
    printed_at = fields.AwareDateTime()
    printed_by_id = fields.Integer(allow_none=True)
