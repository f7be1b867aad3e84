"""Shipments, their lines and their history; partners see and move only their own.

Bodies arrive as commands (the input schemas' ``post_load``) and go to the services as they
are; answers are ``ShipmentView``s built for the caller, so ``allowed_next`` lists only the
moves the caller may post.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import (
    Blueprint,
    etag,
    expected_version,
    list_page,
    reads_without_transaction,
    requested_page,
)
from logistics.domain.access import ALL_ROLES, STAFF_ROLES
from logistics.domain.shipments import (
    AddLine,
    CreateShipment,
    RecordEvent,
    ShipmentView,
    UpdateLine,
    UpdateShipment,
)
from logistics.models import Shipment, ShipmentEvent
from logistics.schemas.shipment_json import list_row_json
from logistics.schemas.shipments import (
    EventInSchema,
    EventResultSchema,
    EventSchema,
    LineInSchema,
    ShipmentInSchema,
    ShipmentQuerySchema,
    ShipmentSchema,
    ShipmentSummarySchema,
    VersionSchema,
)
from logistics.services import events, lines, shipment_list, shipments
from logistics.services.shipment_read import read_shipment
from logistics.services.totals import shipment_view

PREFIX = "/shipments"
blp = Blueprint("shipments", __name__, description="Shipments, lines and status history")


@dataclass(frozen=True)
class EventResult:
    """The recorded event and the shipment as it now stands (EventResultSchema)."""

    event: ShipmentEvent
    shipment: ShipmentView


def _view(shipment: Shipment) -> ShipmentView:
    """Return a shipment as the caller reads it."""
    return shipment_view(shipment, current_actor(), current_app.config["PUBLIC_URL"])


def _current(key: str) -> ShipmentView:
    """Return the shipment again after a write, as the caller may see it."""
    return _view(shipments.find_shipment(db.session(), current_actor(), key))


@blp.route("")
class Shipments(MethodView):
    """The shipment collection."""

    @require(*ALL_ROLES)
    @blp.arguments(ShipmentQuerySchema, location="query")
    @blp.response(200, ShipmentSummarySchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List shipments, newest first (a partner sees only its own); follow next_cursor for more."""
        cursor = filters.pop("cursor", None)
        with_totals = "totals" in filters.pop("include", ())
        found = shipment_list.shipment_page(
            db.session(), current_actor(), filters, pagination_parameters.page_size, cursor=cursor,
            page=requested_page(pagination_parameters), with_totals=with_totals,
            public_url=current_app.config["PUBLIC_URL"], summarise=list_row_json)
        return list_page(found, pagination_parameters)

    @require(*STAFF_ROLES)
    @blp.arguments(ShipmentInSchema)
    @blp.response(201, ShipmentSchema)
    def post(self, command: CreateShipment):
        """Log a new shipment (in draft) with its lines."""
        shipment = shipments.create_shipment(db.session(), current_actor(), command)
        return _view(shipment), 201, etag(shipment.version)


@blp.route("/<key>")
class ShipmentByKey(MethodView):
    """One shipment, by id or reference."""

    @reads_without_transaction
    @require(*ALL_ROLES)
    @blp.response(200, ShipmentSchema)
    def get(self, key):
        """Read a shipment with its lines and totals."""
        view = read_shipment(db.session(), current_actor(), key, current_app.config["PUBLIC_URL"])
        return view, 200, etag(view.version)

    @reads_without_transaction
    @require(*STAFF_ROLES)
    @blp.arguments(ShipmentInSchema(partial=True))
    @blp.response(200, ShipmentSchema)
    @blp.needs_version
    def patch(self, change: UpdateShipment, key):
        """Change a shipment's header (send If-Match or version)."""
        version = expected_version(change.version)
        view = _view(shipments.update_shipment(db.session(), current_actor(), key, version, change))
        return view, 200, etag(view.version)


@blp.route("/<key>/lines")
class ShipmentLines(MethodView):
    """The lines of a shipment."""

    @require(*STAFF_ROLES)
    @blp.arguments(LineInSchema)
    @blp.response(201, ShipmentSchema)
    @blp.needs_version
    def post(self, command: AddLine, key):
        """Add a line (draft or confirmed shipments only); returns the shipment."""
        version = expected_version(command.version)
        lines.add_line(db.session(), current_actor(), key, version, command)
        view = _current(key)
        return view, 201, etag(view.version)


@blp.route("/<key>/lines/<int:line_id>")
class ShipmentLineById(MethodView):
    """One line of a shipment."""

    @require(*STAFF_ROLES)
    @blp.arguments(LineInSchema(partial=True))
    @blp.response(200, ShipmentSchema)
    @blp.needs_version
    def patch(self, change: UpdateLine, key, line_id):
        """Change a line; returns the shipment."""
        version = expected_version(change.version)
        lines.update_line(db.session(), current_actor(), key, version, line_id, change)
        view = _current(key)
        return view, 200, etag(view.version)

    @require(*STAFF_ROLES)
    @blp.arguments(VersionSchema, location="query")
    @blp.response(200, ShipmentSchema)
    @blp.needs_version
    def delete(self, data, key, line_id):
        """Remove a line; returns the shipment (send If-Match or ?version=)."""
        version = expected_version(data.get("version"))
        lines.remove_line(db.session(), current_actor(), key, version, line_id)
        view = _current(key)
        return view, 200, etag(view.version)


@blp.route("/<key>/events")
class ShipmentEvents(MethodView):
    """A shipment's status history."""

    @require(*ALL_ROLES)
    @blp.response(200, EventSchema(many=True))
    def get(self, key):
        """List the shipment's history, oldest first."""
        return events.list_events(db.session(), current_actor(), key)

    @reads_without_transaction
    @require(*ALL_ROLES)
    @blp.arguments(EventInSchema)
    @blp.response(201, EventResultSchema)
    @blp.needs_version
    def post(self, command: RecordEvent, key):
        """Move the shipment to a new status (with received quantities) or record a checkpoint."""
        version = expected_version(command.version)
        event, shipment = events.record_event(db.session(), current_actor(), key, version, command)
        view = _view(shipment)
        return EventResult(event, view), 201, etag(view.version)
