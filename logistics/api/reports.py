"""Flow reports: totals in and out as JSON and CSV; partners see only their own organisation's flows."""
from __future__ import annotations

from flask import Response
from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint
from logistics.domain.access import ALL_ROLES
from logistics.schemas.reports import FlowQuerySchema, FlowReportSchema, flows_csv
from logistics.services import reports

PREFIX = "/reports"
blp = Blueprint("reports", __name__, description="Flow reports computed in the database")
CSV = {"200": {"description": "one row per group and base unit, after a header row",
               "content": {"text/csv": {"schema": {"type": "string"}}}}}


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
