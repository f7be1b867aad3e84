"""Spreadsheet pages: import shipments from a file (staff), download the list as CSV or XLSX (everyone)."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from logistics import db
from logistics.csv_writer import csv_chunks
from logistics.domain.access import ALL_ROLES, STAFF_ROLES
from logistics.domain.transfer import COLUMNS, REQUIRED
from logistics.downloads import csv_download, too_large_message, xlsx_download
from logistics.errors import Invalid
from logistics.i18n import said
from logistics.schemas.shipments import ShipmentQuerySchema
from logistics.services import exports
from logistics.transfer import import_file, import_limits
from logistics.web.forms import load
from logistics.web.session import requires, web_actor

bp = Blueprint("sheets", __name__)
# The template's example row by column name (the other columns blank), so a new column cannot shift it.
EXAMPLE = {"reference": "OUT-2026-0101", "direction": "outbound", "kind": "donation", "status": "draft",
           "counterparty": "Bratislava University Hospital", "origin_country": "CZ", "origin_place": "Praha",
           "destination_country": "SK", "destination_place": "Bratislava", "transport_mode": "road",
           "planned_departure": "2026-12-01", "expected_arrival": "2026-12-03", "line_no": "1",
           "sku": "PPE-COV", "quantity": "2,000", "unit": "piece", "lot": "LOT-7"}


@bp.route("/shipments/import", methods=["GET", "POST"])
@requires(*STAFF_ROLES)
def import_page():
    """Show the import form; check or import an uploaded file and show the report."""
    if request.method == "GET":
        return _page()
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        return _page(problem=too_large_message(), status=413)
    if upload is None or not upload.filename:
        return _page(problem="Choose a .csv or .xlsx file to import.", status=422)
    report = import_file(db.session(), web_actor(), upload.stream, upload.filename,
                         dry_run=bool(request.form.get("dry_run")), limits=import_limits(current_app.config),
                         company_prefix=current_app.config.get("GS1_COMPANY_PREFIX"))
    return _page(report=report, filename=upload.filename, status=200 if report.accepted else 422)


def _page(status: int = 200, **context):
    return render_template("shipments/import.html", columns=COLUMNS, required=REQUIRED,
                           **context), status


@bp.get("/shipments/import/template.csv")
@requires(*STAFF_ROLES)
def template():
    """Download an import template: the headings and one example row."""
    example = [EXAMPLE.get(name, "") for name in COLUMNS]
    return Response(csv_chunks(COLUMNS, [example], bom=True), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="shipments-template.csv"'})


def _filters() -> dict:
    """Return the list page's filters from the query string (refused as a 422 page when wrong)."""
    raw: dict[str, str | list[str]] = {k: v for k, v in request.args.items() if v and k != "page"}
    if "status" in raw:
        raw["status"] = [value for value in request.args.getlist("status") if value]
    try:
        return load(ShipmentQuerySchema(), raw)
    except Invalid as error:  # say which input was wrong: a download's page shows no form
        raise Invalid(_("The list's filters are not valid: %(reason)s", reason=said(error.message)),
                      error.fields) from None


@bp.get("/shipments/export.csv")
@requires(*ALL_ROLES)
def export_csv():
    """Download the shipments the list shows, with their lines, as CSV."""
    filters, actor = _filters(), web_actor()
    return csv_download(lambda session: exports.export_csv(session, actor, filters), "shipments.csv")


@bp.get("/shipments/export.xlsx")
@requires(*ALL_ROLES)
def export_xlsx():
    """Download the shipments the list shows, with their lines, as an Excel workbook."""
    filters, actor = _filters(), web_actor()
    return xlsx_download(lambda out: exports.export_xlsx(db.session(), actor, filters, out),
                         "shipments.xlsx")
