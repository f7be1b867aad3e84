"""Bulk import (staff) and export (everyone, partners their own) of shipments with their lines."""
from __future__ import annotations

import tempfile

from flask import Response, current_app, request
from flask.views import MethodView
from werkzeug.exceptions import RequestEntityTooLarge

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint
from logistics.domain.access import ALL_ROLES, STAFF_ROLES
from logistics.errors import Invalid
from logistics.http_errors import payload
from logistics.schemas.shipments import ShipmentQuerySchema
from logistics.schemas.transfer import ImportQuerySchema, ImportReportSchema
from logistics.services import exports
from logistics.services.imports import import_shipments

PREFIX = "/shipments"
blp = Blueprint("transfers", __name__, description="Shipments to and from spreadsheets (CSV, XLSX)")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "a .csv (UTF-8) or .xlsx file, one row per line"}}}}}}


def too_large_message() -> str:
    """Say what the upload limit is, and what to do about a bigger file."""
    limit = current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
    return (f"the file is larger than the upload limit of {limit:g} MB (LOGISTICS_MAX_UPLOAD_MB): "
            "split it, or import it on the server with `logistics import FILE`")


def uploaded_file():
    """Return the uploaded file of a form, or refuse the request clearly."""
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        raise RequestEntityTooLarge(too_large_message()) from None
    if upload is None or not upload.filename:
        raise Invalid("send the file as multipart/form-data in a field named 'file'",
                      {"file": ["missing: choose a .csv or .xlsx file"]})
    return upload


@blp.route("/import")
class Import(MethodView):
    """Shipments from a spreadsheet."""

    @require(*STAFF_ROLES)
    @blp.arguments(ImportQuerySchema, location="query")
    @blp.doc(requestBody=UPLOAD)
    @blp.response(200, ImportReportSchema)
    @blp.alt_response(422, schema=ImportReportSchema, description="refused: nothing was written")
    @blp.alt_response(413, description="larger than the upload limit")
    def post(self, args):
        """Import shipments with their lines from CSV or XLSX, all or nothing.

        One row per line, the shipment's columns repeated; shipments are keyed by reference
        and lines by reference and line_no, so importing the same file twice changes nothing.
        """
        upload = uploaded_file()
        report = import_shipments(db.session(), current_actor(), upload.stream, upload.filename,
                                  dry_run=args["dry_run"])
        code = 200 if report.accepted else 422
        return {**payload(code, report.summary()), **report.as_dict()}, code


@blp.route("/export.csv")
class ExportCsv(MethodView):
    """Shipments as CSV."""

    @require(*ALL_ROLES)
    @blp.arguments(ShipmentQuerySchema, location="query")
    @blp.doc(responses={"200": {"description": "one row per line (the shape an import reads)",
                                "content": {"text/csv": {"schema": {"type": "string"}}}}})
    def get(self, filters):
        """Export shipments with their lines as CSV, with the list's filters (streamed)."""
        session = db.new_session()  # the request's own is closed before the body is read
        chunks = exports.export_csv(session, current_actor(), filters)
        return Response(db.streamed(session, chunks), mimetype="text/csv", headers=download("csv"))


@blp.route("/export.xlsx")
class ExportXlsx(MethodView):
    """Shipments as an Excel workbook."""

    @require(*ALL_ROLES)
    @blp.arguments(ShipmentQuerySchema, location="query")
    @blp.doc(responses={"200": {"description": "one row per line (the shape an import reads)",
                                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
    def get(self, filters):
        """Export shipments with their lines as an XLSX workbook, with the list's filters."""
        return xlsx_response(written_xlsx(filters))


def written_xlsx(filters: dict):
    """Write the export to a temporary file (on disk once large) and return it, rewound."""
    spooled = tempfile.SpooledTemporaryFile(max_size=8 << 20)
    exports.export_xlsx(db.session(), current_actor(), filters, spooled)
    spooled.seek(0)
    return spooled


def xlsx_response(spooled):
    """Send a written workbook as a download; the temporary file is closed once sent, or dropped."""
    def chunks():
        with spooled:
            while chunk := spooled.read(1 << 16):
                yield chunk

    response = Response(chunks(), mimetype=XLSX, headers=download("xlsx"))
    response.call_on_close(spooled.close)
    return response


def download(extension: str) -> dict:
    """Return the headers of a private download."""
    return {"Content-Disposition": f'attachment; filename="shipments.{extension}"',
            "Cache-Control": "private, no-store"}
