"""The audit trail (managers and admins, read only): the whole trail, one shipment's, a CSV export."""
from __future__ import annotations

from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint, file_response, page
from logistics.domain.access import AUDIT_ROLES
from logistics.downloads import csv_download
from logistics.schemas.audit import (
    AuditActionSchema,
    AuditEntrySchema,
    AuditQuerySchema,
    ShipmentAuditQuerySchema,
)
from logistics.services import audit, audit_actions

PREFIX = ""
blp = Blueprint("audit", __name__, description="The audit trail: every change, who made it and when")
CSV = file_response("the trail as CSV, one entry per row", "text/csv")


@blp.route("/audit")
class Audit(MethodView):
    """The whole trail."""

    @require(*AUDIT_ROLES)
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditEntrySchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List recorded changes, newest first, filtered."""
        return page(audit.list_entries(db.session(), current_actor(), filters), pagination_parameters)


@blp.route("/audit/actions")
class AuditActions(MethodView):
    """The trail as user actions."""

    @require(*AUDIT_ROLES)
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditActionSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List user actions, newest first, in words with their row changes (any change may match)."""
        found = audit_actions.actions_page(db.session(), current_actor(), filters, pagination_parameters.page,
                                           pagination_parameters.page_size, past_end="empty")
        pagination_parameters.item_count = found.total
        return list(found.items)


@blp.route("/audit.csv")
class AuditExport(MethodView):
    """The trail as a file."""

    @require(*AUDIT_ROLES)
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.doc(responses=CSV)
    def get(self, filters):
        """Export recorded changes as CSV, newest first, with the list's filters (streamed)."""
        actor = current_actor()
        return csv_download(lambda session: audit.export_csv(session, actor, filters), "audit.csv")


@blp.route("/shipments/<key>/audit")
class ShipmentAudit(MethodView):
    """One shipment's trail."""

    @require(*AUDIT_ROLES)
    @blp.arguments(ShipmentAuditQuerySchema, location="query")
    @blp.response(200, AuditEntrySchema(many=True))
    @blp.paginate()
    def get(self, filters, key, pagination_parameters):
        """List the changes to a shipment's header, lines and history, newest first."""
        query = audit.shipment_trail(db.session(), current_actor(), key, filters)
        return page(query, pagination_parameters)
