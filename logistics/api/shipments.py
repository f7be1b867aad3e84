"""Shipments, their lines and their history; partners see and move only their own.

Bodies arrive as commands (the input schemas' ``post_load``) and go to the services as they
are; answers are ``ShipmentView``s built for the caller, so ``allowed_next`` lists only the
moves the caller may post.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial

from flask import Flask, current_app
from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import (
    Blueprint,
    etag,
    expected_version,
    list_page,
    read_only,
    reads_without_transaction,
    requested_page,
)
from logistics.domain.access import ALL_ROLES, STAFF_ROLES, Actor
from logistics.domain.shipments import (
    AddLine,
    CreateShipment,
    RecordEvent,
    ShipmentView,
    UpdateLine,
    UpdateShipment,
)
from logistics.models import Shipment, ShipmentEvent
from logistics.schemas.shipment_json import list_row_json, shipment_json
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
from logistics.services.shipment_read import shipment_rows, view_of_rows
from logistics.services.totals import shipment_view

PREFIX = "/shipments"
blp = Blueprint("shipments", __name__, description="Shipments, lines and status history")

# The answers to the latest reads of one shipment are kept, per app, by what they were made of:
# the rows read (every column the answer shows, the version, the lines' items and the
# counterparty), the reader and the service's public address. Any change to what an answer shows
# comes with other rows, so a kept answer is never stale and nothing is invalidated by hand; a
# read still checks the token and reads the rows every time.
ANSWERS = "logistics.shipment_answers"
ANSWERS_KEPT = 128
ANSWER_MOST_ROWS = 25  # a larger shipment is answered afresh: its rows would make a large key


@blp.record_once
def _keep_answers(state) -> None:
    state.app.extensions[ANSWERS] = lru_cache(maxsize=ANSWERS_KEPT)(partial(_answer, state.app))


def _answer(app: Flask, rows: tuple, actor: Actor, public_url: str | None) -> tuple[bytes, int]:
    """Return the JSON body of a shipment read from these rows by this actor (as jsonify makes it)."""
    view = view_of_rows(rows, actor, public_url)
    return f"{app.json.dumps(shipment_json(view))}\n".encode(), view.version


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


def _with_etag(view: ShipmentView, code: int = 200) -> tuple[ShipmentView, int, dict[str, str]]:
    """Answer with a shipment as the caller reads it, its version as the ETag."""
    return view, code, etag(view.version)


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
        return _with_etag(_view(shipments.create_shipment(db.session(), current_actor(), command)), 201)


@blp.route("/<key>")
class ShipmentByKey(MethodView):
    """One shipment, by id or reference."""

    @read_only
    @require(*ALL_ROLES)
    @blp.response(200, ShipmentSchema)
    def get(self, key):
        """Read a shipment with its lines and totals."""
        actor = current_actor()
        rows = shipment_rows(db.connection(), actor, key)
        answer = current_app.extensions[ANSWERS]
        if len(rows) > ANSWER_MOST_ROWS:
            answer = answer.__wrapped__
        body, version = answer(rows, actor, current_app.config["PUBLIC_URL"])
        return current_app.response_class(body, mimetype="application/json"), 200, etag(version)

    @reads_without_transaction
    @require(*STAFF_ROLES)
    @blp.arguments(ShipmentInSchema(partial=True))
    @blp.response(200, ShipmentSchema)
    @blp.needs_version
    def patch(self, change: UpdateShipment, key):
        """Change a shipment's header (send If-Match or version)."""
        version = expected_version(change.version)
        shipment = shipments.update_shipment(db.session(), current_actor(), key, version, change)
        return _with_etag(_view(shipment))


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
        return _with_etag(_current(key), 201)


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
        return _with_etag(_current(key))

    @require(*STAFF_ROLES)
    @blp.arguments(VersionSchema, location="query")
    @blp.response(200, ShipmentSchema)
    @blp.needs_version
    def delete(self, data, key, line_id):
        """Remove a line; returns the shipment (send If-Match or ?version=)."""
        version = expected_version(data.get("version"))
        lines.remove_line(db.session(), current_actor(), key, version, line_id)
        return _with_etag(_current(key))


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
