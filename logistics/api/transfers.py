"""Bulk import (staff) and export (everyone, partners their own) of shipments with their lines."""
from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint, file_response
from logistics.domain.access import ALL_ROLES, STAFF_ROLES
from logistics.domain.texts import E_, Text
from logistics.downloads import XLSX, csv_download, xlsx_download
from logistics.errors import Invalid
from logistics.http_errors import payload
from logistics.i18n import said
from logistics.schemas.shipments import ShipmentQuerySchema
from logistics.schemas.transfer import ImportQuerySchema, ImportReportSchema
from logistics.services import exports, package_exports
from logistics.transfer import import_file, import_limits

PREFIX = "/shipments"
blp = Blueprint("transfers", __name__, description="Shipments to and from spreadsheets (CSV, XLSX)")
UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "a .csv (UTF-8) or .xlsx file, one row per line"}}}}}}
# A 422 is the import's report when the file was read and refused, and the usual error when the
# request itself was (no file, a bad dry_run).
REFUSED = {"description": "refused: nothing was written", "content": {"application/json": {"schema": {
    "anyOf": [{"$ref": "#/components/schemas/ImportReport"}, {"$ref": "#/components/schemas/Error"}]}}}}


def uploaded_file():
    """Return the uploaded file of a form, or refuse the request clearly."""
    upload = request.files.get("file")  # over the upload limit: 413, answered by http_errors
    if upload is None or not upload.filename:
        raise Invalid(E_("send the file as multipart/form-data in a field named 'file'"),
                      {"file": [E_("missing: choose a .csv or .xlsx file")]})
    return upload


def said_report(shape: dict) -> dict:
    """Return an import report with each refusal's reason (and a column named by number) said.

    The cells a refusal quotes and the sheet's and columns' own names stay as the file has them.
    """
    return {**shape, "refusals": [{**refusal, "reason": said(refusal["reason"]),
                                   "column": said(refusal["column"]) if isinstance(refusal["column"], Text)
                                   else refusal["column"]} for refusal in shape["refusals"]]}


@blp.route("/import")
class Import(MethodView):
    """Shipments from a spreadsheet."""

    @require(*STAFF_ROLES)
    @blp.arguments(ImportQuerySchema, location="query")
    @blp.doc(requestBody=UPLOAD)
    @blp.response(200, ImportReportSchema)
    @blp.doc(responses={"422": REFUSED})
    @blp.alt_response(413, description="larger than the upload limit")
    def post(self, args):
        """Import shipments with their lines from CSV or XLSX, all or nothing.

        One row per line, the shipment's columns repeated; shipments are keyed by reference
        and lines by reference and line_no, so importing the same file twice changes nothing.
        A refused file's report counts every refusal (`refusal_count`) and lists the first ones.
        """
        upload = uploaded_file()
        report = import_file(db.session(), current_actor(), upload.stream, upload.filename,
                             dry_run=args["dry_run"], limits=import_limits(current_app.config),
                             company_prefix=current_app.config.get("GS1_COMPANY_PREFIX"))
        code = 200 if report.accepted else 422
        return {**payload(code, report.summary()), **said_report(report.as_dict())}, code


@blp.route("/export.csv")
class ExportCsv(MethodView):
    """Shipments as CSV."""

    @require(*ALL_ROLES)
    @blp.arguments(ShipmentQuerySchema, location="query")
    @blp.doc(responses=file_response("one row per line (the shape an import reads)", "text/csv"))
    def get(self, filters):
        """Export shipments with their lines as CSV, with the list's filters (streamed)."""
        actor = current_actor()
        return csv_download(lambda session: exports.export_csv(session, actor, filters), "shipments.csv")


@blp.route("/export-packages.csv")
class ExportPackagesCsv(MethodView):
    """The packages of shipments as CSV."""

    @require(*ALL_ROLES)
    @blp.arguments(ShipmentQuerySchema, location="query")
    @blp.doc(responses=file_response("one row per package and line it holds (the XLSX's Packages sheet)",
                                     "text/csv"))
    def get(self, filters):
        """Export the packages of shipments as CSV, with the list's filters (streamed)."""
        actor = current_actor()
        return csv_download(lambda session: package_exports.export_packages_csv(session, actor, filters),
                            "packages.csv")


@blp.route("/export.xlsx")
class ExportXlsx(MethodView):
    """Shipments as an Excel workbook."""

    @require(*ALL_ROLES)
    @blp.arguments(ShipmentQuerySchema, location="query")
    @blp.doc(responses=file_response("one row per line (the shape an import reads); a second sheet, "
                                     "Packages, one row per package and line it holds", XLSX))
    def get(self, filters):
        """Export shipments with their lines as an XLSX workbook, with the list's filters."""
        actor = current_actor()
        return xlsx_download(lambda out: exports.export_xlsx(db.session(), actor, filters, out),
                             "shipments.xlsx")
