"""The public tracking page: status and timeline only, behind a random, replaceable token."""
from __future__ import annotations

from flask import Blueprint, render_template

from logistics import db
from logistics.domain.access import SYSTEM
from logistics.schemas.fields import country_name
from logistics.services.events import list_events
from logistics.services.shipments import find_by_tracking_token

bp = Blueprint("tracking", __name__)


@bp.get("/track/<token>")
def show(token):
    """Show where a shipment is: status, countries and timeline; no quantities, no parties."""
    session = db.session()
    shipment = find_by_tracking_token(session, token)
    history = list_events(session, SYSTEM, str(shipment.id))  # by id: the key a shipment is found by
    response = render_template("tracking/show.html", shipment=shipment, history=history,
                               country_name=country_name)
    return response, 200, {"Cache-Control": "no-store", "X-Robots-Tag": "noindex",
                           "Referrer-Policy": "no-referrer"}
