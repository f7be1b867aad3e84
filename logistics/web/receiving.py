"""The receiving page: check packages (from a label's QR code or scanned numbers), then confirm receipt.

A receiver lands here from a package label (the tracking link's ``?package=`` redirects a
signed-in receiver here, web/tracking.py), marks each package arrived, missing or damaged,
photographs the damaged ones, and confirms the receipt with line quantities pre-filled from
what the packages that arrived hold. The marks are saved as they are given (the photo upload
and the scans come back here), and recorded for good with the receipt.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from marshmallow import ValidationError

from logistics import db
from logistics.domain.access import ALL_ROLES
from logistics.domain.package_receipt import MAX_SCAN_TEXT, PackageState, parse_numbers
from logistics.domain.receipt import DiscrepancyReason, reason_label
from logistics.domain.workflow import Status
from logistics.errors import DomainError, Invalid
from logistics.schemas.shipments import PackageMarkSchema
from logistics.services import package_reads, package_receipt, package_receipt_reads, shipments
from logistics.services.totals import shipment_view
from logistics.web.attachments import attachments_context
from logistics.web.forms import flatten
from logistics.web.session import requires, web_actor

bp = Blueprint("receiving_pages", __name__)
MARK_FIELDS = ("state", "reason", "note")


def selected_number(raw: str | None) -> str:
    """Return the package a link names (its number as stored), or "" for none or a garbled one."""
    text = (raw or "").strip().upper()
    return text if 0 < len(text) <= 40 and text.isascii() else ""


@bp.get("/shipments/<key>/receive")
@requires(*ALL_ROLES)
def receive(key):
    """Show the shipment's packages to check and the receipt form, a package selected by its label."""
    return receive_page(key)


def receive_page(key, errors=None, form=None, message=None, status=200, labels=None):
    """Render the receiving page (also with a form's errors, marked on their fields)."""
    actor = web_actor()
    session = db.session()
    shipment = shipments.find_shipment(session, actor, key)
    view = shipment_view(shipment, actor)
    context = attachments_context(actor, shipment)
    by_package: dict[str, list] = {}
    for file in context["attachments"]:
        if file.package and not file.removed:
            by_package.setdefault(file.package, []).append(file)
    receiving = Status.RECEIVED in view.allowed_next
    return render_template(
        "receiving/receive.html", shipment=shipment, lines=view.lines,
        packages=package_reads.packages_view(session, shipment), receiving=receiving,
        selected=selected_number(request.args.get("package") or (form or {}).get("selected")),
        prefill=package_receipt_reads.prefill(session, shipment) if receiving else {},
        package_files=by_package, states=list(PackageState), reasons=list(DiscrepancyReason),
        reason_label=reason_label, errors=errors or {}, field_labels=labels or {}, form=form or {},
        message=message, back="receive", receive_by_package=False, **context), status


@bp.post("/shipments/<key>/receive/packages")
@requires(*ALL_ROLES)
def mark(key):
    """Save the state of each package shown (empty: it follows the package it is on)."""
    form = request.form
    numbers = [number for number in form.getlist("package")[:10_000] if number]
    marks, cleared, rows = [], [], []
    for number in numbers:
        state = form.get(f"state-{number}", "").strip()
        if not state:
            cleared.append(number)
            continue
        rows.append(number)
        marks.append({"number": number, "state": state, "reason": form.get(f"reason-{number}") or None,
                      "note": form.get(f"note-{number}") or None})
    try:
        loaded = _loaded(marks)
        package_receipt.mark_packages(db.session(), web_actor(), key, loaded, cleared)
    except DomainError as error:
        return _again(key, error, rows)
    flash(ngettext("%(num)d package checked.", "%(num)d packages checked.", len(numbers)))
    return redirect(url_for("receiving_pages.receive", key=key, package=form.get("selected") or None,
                            _anchor="receipt-heading"))


@bp.post("/shipments/<key>/receive/scan")
@requires(*ALL_ROLES)
def scan(key):
    """Mark the packages scanned or typed arrived (and, if asked, the others missing)."""
    text = request.form.get("numbers", "")[:MAX_SCAN_TEXT + 1]
    numbers = parse_numbers(text)
    try:
        if not numbers:
            raise Invalid(_("no package numbers were given"),
                          {"numbers": [_("scan or type at least one number")]})
        if len(text) > MAX_SCAN_TEXT:
            raise Invalid(_("the numbers were not read"), {"numbers": [
                _("at most %(count)s characters", count=format_number(MAX_SCAN_TEXT))]})
        named = package_receipt.check_scanned(db.session(), web_actor(), key, numbers,
                                              request.form.get("others_missing") == "1")
    except DomainError as error:
        return receive_page(key, errors=flatten(error.fields), form=request.form, message=error.message,
                            status=_status(error), labels={"numbers": _("Package numbers")})
    if request.form.get("others_missing") == "1":
        flash(ngettext("%(num)d package marked arrived, the others missing.",
                       "%(num)d packages marked arrived, the others missing.", len(named)))
    else:
        flash(ngettext("%(num)d package marked arrived.", "%(num)d packages marked arrived.", len(named)))
    return redirect(url_for("receiving_pages.receive", key=key, _anchor="receipt-heading"))


def _loaded(marks: list[dict]) -> list:
    """Load each package's fields through the API's schema; errors keyed by its row."""
    loaded, errors = [], {}
    for index, mark in enumerate(marks):
        try:
            loaded.append(PackageMarkSchema().load(mark))
        except ValidationError as error:
            errors[index] = error.messages
    if errors:
        raise Invalid(_("please correct the packages marked below"), errors)
    return loaded


def _again(key: str, error: DomainError, rows: list[str]):
    """Show the page again with each package's error on its own field, named by its number."""
    errors, labels = {}, {}
    for path, text in flatten(error.fields).items():
        parts = path.split(".")
        if parts[0] == "packages":
            parts = parts[1:]
        index = int(parts[0]) if parts and parts[0].isdigit() and len(parts) > 1 else None
        if index is not None and index < len(rows):
            name = "state" if parts[1] == "number" else parts[1]
            field = f"{name}-{rows[index]}"
            errors[field], labels[field] = text, f"Package {rows[index]}, {name}"
        else:
            errors[path] = text
    return receive_page(key, errors=errors, form=request.form, message=error.message,
                        status=_status(error), labels=labels)


def _status(error: DomainError) -> int:
    from logistics.http_errors import status_of

    return status_of(error)
