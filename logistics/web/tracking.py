"""The public tracking page: status and timeline only, behind a random, replaceable token.

A package label's QR code holds this link with ``?package=<number>``: a signed-in user who may
see the shipment and receive it is sent on to the receiving page with that package selected;
everyone else (signed out, or another partner) gets the public page, which says no more.
"""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from logistics import db
from logistics.domain.access import SYSTEM
from logistics.domain.timeline import logging_apart
from logistics.errors import NotFound
from logistics.models import Shipment
from logistics.services.events import list_events
from logistics.services.package_receipt import may_receive
from logistics.services.scoping import find_shipment
from logistics.services.shipments import find_by_tracking_token
from logistics.services.users import actor_of
from logistics.web.labels import country_name
from logistics.web.receiving import selected_number
from logistics.web.session import current_user

bp = Blueprint("tracking", __name__)
HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}


@bp.get("/track/<token>")
def show(token):
    """Show where a shipment is: status, countries and timeline; no quantities, no parties."""
    session = db.session()
    shipment = find_by_tracking_token(session, token)
    package = selected_number(request.args.get("package"))
    user = current_user()
    if package and user is not None and (target := _receiving_link(shipment, user, package)):
        return redirect(target), 302, HEADERS
    # By id: the key a shipment is found by.
    logged, history = logging_apart(list_events(session, SYSTEM, str(shipment.id)))
    response = render_template("tracking/show.html", shipment=shipment, history=history, logged=logged,
                               country_name=country_name, package=package, signed_in=user is not None)
    return response, 200, HEADERS


def _receiving_link(shipment: Shipment, user, package: str) -> str | None:
    """Return the receiving page of this package if this user may see and receive the shipment."""
    actor = actor_of(user)
    try:
        found = find_shipment(db.session(), actor, int(shipment.id or 0), packs=False)
    except NotFound:
        return None  # another partner's shipment: the public page, as for anyone
    if not may_receive(actor, found):
        return None
    # no #fragment: a page with a target element skips autofocus, and the package's field is focused
    return url_for("receiving_pages.receive", key=found.reference, package=package)
