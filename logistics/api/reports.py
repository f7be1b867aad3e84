"""Flow reports: totals in and out as JSON and CSV; partners see only their own organisation's flows."""
from __future__ import annotations

from flask import Response
from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint, file_response
from logistics.domain.access import ALL_ROLES, REPORT_ROLES, STAFF_ROLES
from logistics.i18n import current_language
from logistics.schemas.reports import (
    FlowPdfQuerySchema,
    FlowQuerySchema,
    FlowReportSchema,
    StockPdfQuerySchema,
    StockQuerySchema,
    StockReportSchema,
    flows_csv,
    stock_csv,
)
from logistics.services import reports, stock

PREFIX = "/reports"
blp = Blueprint("reports", __name__, description="Flow reports computed in the database")
CSV = file_response("one row per group and base unit, after a header row", "text/csv")
PDF = file_response("the printed report", "application/pdf")


@blp.route("/flows")
class Flows(MethodView):
    """Totals in and out, grouped."""

    @require(*ALL_ROLES)
    @blp.arguments(FlowQuerySchema, location="query")
    @blp.response(200, FlowReportSchema)
    def get(self, args):
        """Report exact totals per group and base unit, with gross mass (estimated part marked)."""
        return reports.flows(db.session(), current_actor(), **args)


@blp.route("/flows.csv")
class FlowsCsv(MethodView):
    """Totals in and out, grouped, as a spreadsheet."""

    @require(*ALL_ROLES)
    @blp.arguments(FlowQuerySchema, location="query")
    @blp.doc(responses=CSV)
    def get(self, args):
        """Download the flow report as CSV: the same rows as the JSON report, decimal strings."""
        report = reports.flows(db.session(), current_actor(), **args)
        return Response(flows_csv(report), mimetype="text/csv", headers={
            "Content-Disposition": 'attachment; filename="flows.csv"',
            "Cache-Control": "private, no-store"})


@blp.route("/flows.pdf")
class FlowsPdf(MethodView):
    """Totals in and out, grouped, printed for managers."""

    @require(*REPORT_ROLES)
    @blp.arguments(FlowPdfQuerySchema, location="query")
    @blp.doc(responses=PDF)
    def get(self, args):
        """Download the flow report as a PDF (managers and admins): filters, rows, a chart per country."""
        document = reports.flows_pdf(db.session(), current_actor(), **args, language=current_language())
        return Response(document.content, mimetype="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{document.file_name}"',
            "X-Document-Revision": document.revision, "X-Document-Checksum": document.checksum,
            "Cache-Control": "private, no-store"})


@blp.route("/stock")
class Stock(MethodView):
    """The stock position: received in and dispatched out per item and unit."""

    @require(*STAFF_ROLES)
    @blp.arguments(StockQuerySchema, location="query")
    @blp.response(200, StockReportSchema)
    def get(self, args):
        """Report per item and unit what came in and went out in a period, and the difference."""
        return stock.stock(db.session(), current_actor(), **args)


@blp.route("/stock.csv")
class StockCsv(MethodView):
    """The stock position as a spreadsheet."""

    @require(*STAFF_ROLES)
    @blp.arguments(StockQuerySchema, location="query")
    @blp.doc(responses=CSV)
    def get(self, args):
        """Download the stock position as CSV: one row per item and unit, decimal strings."""
        report = stock.stock(db.session(), current_actor(), **args)
        return Response(stock_csv(report), mimetype="text/csv", headers={
            "Content-Disposition": 'attachment; filename="stock.csv"', "Cache-Control": "private, no-store"})


@blp.route("/stock.pdf")
class StockPdf(MethodView):
    """The stock position, printed."""

    @require(*STAFF_ROLES)
    @blp.arguments(StockPdfQuerySchema, location="query")
    @blp.doc(responses=PDF)
    def get(self, args):
        """Download the stock position as a PDF: a row per item and unit, estimates flagged."""
        document = stock.stock_pdf(db.session(), current_actor(), **args, language=current_language())
        return Response(document.content, mimetype="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{document.file_name}"',
            "X-Document-Revision": document.revision, "X-Document-Checksum": document.checksum,
            "Cache-Control": "private, no-store"})
