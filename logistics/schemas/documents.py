"""The shipment document contract: paper size in, the print log out."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from logistics.document_language import DOCUMENT_LANGUAGES
from logistics.domain.texts import E_, pattern

DOCUMENT_KINDS = ("manifest", "grn", "donation_certificate", "packing_list", "labels")
PAPERS = ("a4", "letter")
SHEETS = ("label", "a4")  # labels: one 100 x 150 mm label a page, or four to an A4 sheet


class LanguageSchema(Schema):
    """Which language to print in, and whether bilingual; without them, the organisation's settings."""

    lang = fields.String(load_default=None, validate=validate.OneOf(
        DOCUMENT_LANGUAGES, error=pattern(E_("must be one of %(choices)s"))), metadata={
        "description": "the document's language (default: the counterparty organisation's document "
                       "language, else its own language, else en)"})
    bilingual = fields.Boolean(load_default=None, truthy={"1", "true"}, falsy={"0", "false"},
                               error_messages={"invalid": E_("must be 1 or 0 (or true or false)")}, metadata={
        "description": "1: English headings with the document language's under each (default: the "
                       "organisation's setting)"})


class PaperSchema(LanguageSchema):
    """Which paper to lay the document out on, and in which language."""

    paper = fields.String(load_default="a4", validate=validate.OneOf(PAPERS),
                          metadata={"description": "a4 (default) or letter"})


class SheetSchema(LanguageSchema):
    """How to print shipping labels, and in which language."""

    sheet = fields.String(load_default="label", validate=validate.OneOf(SHEETS),
                          metadata={"description": "label (default: one 100 x 150 mm label a page) or a4 "
                                                   "(four labels to an A4 sheet, with cut lines)"})


class DocumentPrintSchema(Schema):
    """One generation of a document."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(DOCUMENT_KINDS))
    revision = fields.String(required=True, metadata={"description": "in the file name and the footer"})
    checksum = fields.String(required=True, metadata={"description": "SHA-256 of the printed content"})
    paper = fields.String(required=True, validate=validate.OneOf(PAPERS + SHEETS),
                          metadata={"description": "the paper, or for labels the sheet"})
    pages = fields.Integer(required=True)
    size_bytes = fields.Integer(required=True)
    printed_at = fields.AwareDateTime(required=True)
    printed_by_id = fields.Integer(required=True, allow_none=True)
    language = fields.String(required=True, validate=validate.OneOf(DOCUMENT_LANGUAGES),
                             metadata={"description": "the language it printed in"})
    bilingual = fields.Boolean(required=True, metadata={"description": "English headings too"})
