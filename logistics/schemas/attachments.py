"""The attachment contract: the upload's form fields in, an attachment's description out."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from logistics.domain.attachments import ACCEPTED, MediaType
from logistics.schemas.fields import Text, WholeNumber

MAX_LINE_NO = 100_000


class AttachmentFormSchema(Schema):
    """The form fields sent with the file (multipart/form-data)."""

    class Meta:
        unknown = EXCLUDE  # a page's form also sends its CSRF token

    line_no = WholeNumber(text=True, max_digits=6, load_default=None,
                          validate=validate.Range(min=1, max=MAX_LINE_NO),
                          metadata={"description": "the line (as printed, from 1) whose receipt the file "
                                                   "documents, e.g. a photo of its damage; empty: the "
                                                   "shipment itself"})


    package = Text(load_default=None, validate=validate.Length(min=1, max=40), metadata={
        "description": "the number of the package the file shows (an SSCC or PKG-00000001)"})


# The request body as OpenAPI describes it (flask-smorest documents one location per body).
UPLOAD = {"required": True, "content": {"multipart/form-data": {
    "schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": f"a {ACCEPTED} file, recognised by its content (not its name)"},
        "line_no": {"type": "string", "pattern": "^[0-9]{1,6}$",
                    "description": AttachmentFormSchema().fields["line_no"].metadata["description"]},
        "package": {"type": "string", "minLength": 1, "maxLength": 40,
                    "description": AttachmentFormSchema().fields["package"].metadata["description"]},
    }},
    "encoding": {"file": {"contentType": ", ".join(m.value for m in MediaType)}},
}}}


class AttachmentLinksSchema(Schema):
    """Where the attachment's bytes are (absent once removed)."""

    content = fields.String(metadata={"description": "the file"})
    thumbnail = fields.String(metadata={"description": "a JPEG of at most 320 x 320 pixels (images only)"})


class AttachmentSchema(Schema):
    """A photo or document on a shipment or on one of its lines' receipt."""

    id = fields.Integer(required=True)
    shipment_id = fields.Integer(required=True)
    reference = fields.String(required=True, metadata={"description": "the shipment's reference"})
    line_no = fields.Integer(required=True, allow_none=True, metadata={
        "description": "the line whose receipt it documents (null: the shipment)"})
    package = fields.String(required=True, allow_none=True, metadata={
        "description": "the number of the package it shows (null: none)"})
    file_name = fields.String(required=True, metadata={
        "description": "as uploaded, cleaned, with the extension of what the file is"})
    media_type = fields.String(required=True, validate=validate.OneOf([m.value for m in MediaType]))
    kind = fields.String(required=True, validate=validate.OneOf(["photo", "document"]))
    size_bytes = fields.Integer(required=True, metadata={
        "description": "of the file as kept (images are re-encoded)"})
    width = fields.Integer(required=True, allow_none=True)
    height = fields.Integer(required=True, allow_none=True)
    pages = fields.Integer(required=True, allow_none=True, metadata={"description": "PDFs only"})
    created_at = fields.AwareDateTime(required=True)
    created_by_id = fields.Integer(required=True, allow_none=True)
    removed = fields.Boolean(required=True)
    removed_at = fields.AwareDateTime(required=True, allow_none=True)
    removed_by_id = fields.Integer(required=True, allow_none=True)
    links = fields.Nested(AttachmentLinksSchema, required=True)
