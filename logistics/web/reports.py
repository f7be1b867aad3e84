"""The flow report as a page, with its CSV and PDF downloads on the session.

Who sees what follows the API (logistics/api/reports.py): everyone signed in reads the report and
its CSV, a partner only its own organisation's shipments (the same service call, with the partner's
Actor); only managers and admins print it (REPORT_ROLES).
"""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from werkzeug.datastructures import MultiDict

from logistics import db
from logistics.domain.access import ALL_ROLES, REPORT_ROLES, STAFF_ROLES
from logistics.domain.reports import GROUPINGS, MASS_UNITS, PERIODS
from logistics.domain.summary import DATE_BASIS_NAMES
from logistics.domain.workflow import MOVED, Status
from logistics.errors import Invalid
from logistics.i18n import current_language
from logistics.schemas.reports import (
    FlowPdfQuerySchema,
    FlowQuerySchema,
    StockPdfQuerySchema,
    StockQuerySchema,
    flows_csv,
    stock_csv,
)
from logistics.services import reports, stock
from logistics.web.forms import flatten, load, once
from logistics.web.labels import country_name
from logistics.web.session import current_user, requires, web_actor

bp = Blueprint("report_pages", __name__)
FIRST_VISIT = MultiDict({"group_by": "direction"})  # an empty form means "no grouping" once sent
NO_STORE = {"Cache-Control": "private, no-store"}


def asked(args: MultiDict) -> dict:
    """Return the report's parameters as sent, in the API's shape: group_by comma-separated, status repeated.

    The form sends one group_by per ticked box; a link may send them comma-separated, as the API does.
    """
    raw: dict = {}
    groups = [part.strip() for value in args.getlist("group_by") for part in value.split(",") if part.strip()]
    if groups:
        raw["group_by"] = ",".join(groups)
    for name in ("period", "from", "to", "date_basis", "mass_unit", "values"):
        if args.get(name, "").strip():
            raw[name] = args[name].strip()
    statuses = [value.strip() for value in args.getlist("status") if value.strip()]
    if statuses:
        raw["status"] = statuses
    return raw


@bp.app_context_processor
def _permissions() -> dict:
    """Tell templates whether the signed-in user may print flow reports (managers and admins)."""
    def may_print_reports() -> bool:
        """Say whether the signed-in user is a manager or an admin."""
        user = current_user()
        return user is not None and user.role in REPORT_ROLES

    return {"may_print_reports": may_print_reports}


@bp.get("/reports")
@requires(*ALL_ROLES)
def index():
    """Show the flow report for the form's grouping and filters (by direction first; partners: their own)."""
    raw = asked(request.args if request.args else FIRST_VISIT)
    report, errors, message = None, {}, None
    try:
        once(request.args, FlowQuerySchema())
        report = reports.flows(db.session(), web_actor(), **load(FlowQuerySchema(), raw))
    except Invalid as error:
        errors, message = flatten(error.fields), error.message
    in_force = MOVED if report is None else report.statuses
    ticked = raw.get("status") or [str(status) for status in in_force]
    return render_template(
        "reports/index.html", report=report, raw=raw, errors=errors, message=message,
        grouped=raw.get("group_by", "").split(","), ticked=ticked, groupings=GROUPINGS,
        periods=PERIODS, statuses=list(Status), moved=[str(status) for status in MOVED],
        mass_units=list(MASS_UNITS), date_bases=list(DATE_BASIS_NAMES),
        country_name=country_name), 422 if message else 200


@bp.get("/reports/flows.csv")
@requires(*ALL_ROLES)
def flows_csv_download():
    """Download the flow report the page shows as CSV (partners: their own; bad input: the error page)."""
    once(request.args, FlowQuerySchema())
    report = reports.flows(db.session(), web_actor(), **load(FlowQuerySchema(), asked(request.args)))
    return Response(flows_csv(report), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="flows.csv"', **NO_STORE})


@bp.get("/reports/flows.pdf")
@requires(*REPORT_ROLES)
def flows_pdf_download():
    """Download the flow report the page shows as a PDF (managers and admins)."""
    once(request.args, FlowPdfQuerySchema())
    raw = asked(request.args)
    if request.args.get("paper"):
        raw["paper"] = request.args["paper"]
    document = reports.flows_pdf(db.session(), web_actor(), **load(FlowPdfQuerySchema(), raw),
                                 language=current_language())
    return Response(document.content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{document.file_name}"',
        "X-Document-Revision": document.revision, **NO_STORE})


def _stock_asked(args: MultiDict) -> dict:
    """Return the stock position's parameters as sent (empty fields left out)."""
    names = ("from", "to", "date_basis", "mass_unit")
    return {name: args[name].strip() for name in names if args.get(name, "").strip()}


@bp.get("/reports/stock")
@requires(*STAFF_ROLES)
def stock_index():
    """Show the stock position per item and unit for the form's period (staff, managers, admins)."""
    raw = _stock_asked(request.args)
    report, errors, message = None, {}, None
    try:
        once(request.args, StockQuerySchema())
        report = stock.stock(db.session(), web_actor(), **load(StockQuerySchema(), raw))
    except Invalid as error:
        errors, message = flatten(error.fields), error.message
    return render_template("reports/stock.html", report=report, raw=raw, errors=errors, message=message,
                           mass_units=list(MASS_UNITS)), 422 if message else 200


@bp.get("/reports/stock.csv")
@requires(*STAFF_ROLES)
def stock_csv_download():
    """Download the stock position the page shows as CSV."""
    once(request.args, StockQuerySchema())
    report = stock.stock(db.session(), web_actor(), **load(StockQuerySchema(), _stock_asked(request.args)))
    return Response(stock_csv(report), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="stock.csv"', **NO_STORE})


@bp.get("/reports/stock.pdf")
@requires(*STAFF_ROLES)
def stock_pdf_download():
    """Download the stock position the page shows as a PDF."""
    once(request.args, StockPdfQuerySchema())
    raw = _stock_asked(request.args)
    if request.args.get("paper"):
        raw["paper"] = request.args["paper"]
    document = stock.stock_pdf(db.session(), web_actor(), **load(StockPdfQuerySchema(), raw),
                               language=current_language())
    return Response(document.content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{document.file_name}"',
        "X-Document-Revision": document.revision, **NO_STORE})
