"""The import report: what an import did, or every cell it refused and why."""
from __future__ import annotations

from marshmallow import Schema, fields


class RefusalSchema(Schema):
    """One refused cell (or row, or the whole file when the row is 1 and no column is named)."""

    sheet = fields.String(metadata={"description": "Shipments (the first sheet, or a CSV of shipments) "
                                                   "or Packages (the second sheet, or a CSV of packages)"})
    row = fields.Integer(metadata={"description": "row number in the sheet; the heading row is 1"})
    column = fields.String(allow_none=True)
    value = fields.String(allow_none=True)
    reason = fields.String()


class ImportReportSchema(Schema):
    """What an import wrote (or, in a dry run, would write); on refusal, nothing was written."""

    code = fields.Integer()
    status = fields.String()
    message = fields.String()
    accepted = fields.Boolean()
    dry_run = fields.Boolean()
    rows = fields.Integer()
    shipments_created = fields.Integer()
    shipments_updated = fields.Integer()
    shipments_unchanged = fields.Integer()
    lines_created = fields.Integer()
    lines_updated = fields.Integer()
    lines_unchanged = fields.Integer()
    packages_created = fields.Integer()
    packages_unchanged = fields.Integer(metadata={"description": "packages of the file already stored alike"})
    ignored_columns = fields.List(fields.String(), metadata={
        "description": "unknown headings (the first 100, each cut to 80 characters)"})
    ignored_column_count = fields.Integer(metadata={"description": "all unknown headings"})
    refused_rows = fields.Integer()
    refusal_count = fields.Integer(metadata={"description": "every refusal, listed or not"})
    refusals = fields.List(fields.Nested(RefusalSchema), metadata={
        "description": "the first refusals in the sheet's order (LOGISTICS_IMPORT_MAX_REFUSALS, 100 by "
                       "default); a value is shown cut to 80 characters"})


class ImportQuerySchema(Schema):
    """Options of an import."""

    dry_run = fields.Boolean(load_default=False, metadata={"description": "check every row, write nothing"})
