"""Organisations (partners): staff and managers read and write; a partner reads its own."""
from __future__ import annotations

from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint, page
from logistics.domain.access import ALL_ROLES, STAFF_ROLES
from logistics.schemas.organizations import OrganizationQuerySchema, OrganizationSchema
from logistics.services import organizations as service

PREFIX = "/organizations"
blp = Blueprint("organizations", __name__, description="Partner organisations")


@blp.route("")
class Organizations(MethodView):
    """The organisation collection."""

    @require(*STAFF_ROLES)
    @blp.arguments(OrganizationQuerySchema, location="query")
    @blp.response(200, OrganizationSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List organisations."""
        return page(service.list_organizations(db.session(), **filters), pagination_parameters)

    @require(*STAFF_ROLES)
    @blp.arguments(OrganizationSchema)
    @blp.response(201, OrganizationSchema)
    def post(self, data):
        """Create an organisation."""
        return service.create_organization(db.session(), current_actor(), data)


@blp.route("/<int:org_id>")
class OrganizationById(MethodView):
    """One organisation."""

    @require(*ALL_ROLES)
    @blp.response(200, OrganizationSchema)
    def get(self, org_id):
        """Read an organisation (a partner only its own)."""
        return service.get_organization(db.session(), current_actor(), org_id)

    @require(*STAFF_ROLES)
    @blp.arguments(OrganizationSchema(partial=True))
    @blp.response(200, OrganizationSchema)
    def patch(self, data, org_id):
        """Change an organisation."""
        return service.update_organization(db.session(), current_actor(), org_id, data)
