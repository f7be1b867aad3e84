"""Shipment pages: list, create and edit, lines, status buttons, receipt and dispatch forms.

Forms go through the API's input schemas, which build the same commands the API sends to the
services; the detail page shows the same ``ShipmentView`` the API answers with (its status
buttons are the view's ``allowed_next``, moves_for the signed-in user), formatted by the
``quantity`` and ``plain_quantity`` filters.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlmodel import col

from logistics import db
from logistics.document_language import local_money
from logistics.domain.access import ALL_ROLES, STAFF_ROLES
from logistics.domain.customs import INCOTERM_NAMES, Incoterm
from logistics.domain.inputs import looks_like_id, page_number, parse_id, whole_number
from logistics.domain.organizations import OrgKind
from logistics.domain.receipt import DiscrepancyReason, reason_label
from logistics.domain.shipments import CUSTOMS_FIELDS
from logistics.domain.timeline import logging_apart, recorded_delay
from logistics.domain.workflow import (
    HEADER_FIELDS,
    Direction,
    Kind,
    Status,
    TransportMode,
    editable_fields,
    lines_editable,
)
from logistics.errors import DomainError, Invalid
from logistics.models import Item, Organization
from logistics.money import CURRENCY_CODES, Money
from logistics.schemas.shipments import EventInSchema, LineInSchema, ShipmentInSchema, ShipmentQuerySchema
from logistics.services import (
    events,
    lines,
    package_receipt_reads,
    package_types,
    shipment_list,
    shipments,
)
from logistics.services.documents import available_documents, document_wording
from logistics.services.pagination import Cursor, Page, Total
from logistics.services.totals import quantities_of, shipment_view
from logistics.units import Normalized, Quantity
from logistics.web import dates
from logistics.web import quantities as typed_quantities
from logistics.web.attachments import attachments_context
from logistics.web.forms import cleaned, flatten, load
from logistics.web.labels import label
from logistics.web.packages import package_section
from logistics.web.session import changed_since_last_visit, requires, web_actor

bp = Blueprint("pages", __name__)
PAGE_SIZE = 25
HEADER = ("reference", "direction", "kind", "counterparty_id", "carrier", "transport_mode",
          "tracking_number", "planned_departure", "expected_arrival", "notes", *CUSTOMS_FIELDS)
# What a line's row form may change (the item stays; remove the line to change it).
LINE_CHANGES = ("quantity", "lot", "expiry", "country_of_origin", "net_mass", "value_amount",
                "value_currency")
LINE = ("sku", *LINE_CHANGES)
BLANK_LINES = 4


@bp.app_template_filter("money")
def money_text(value: Money | None) -> str:
    """Format a declared value as the reader writes amounts: "1,250.50 EUR", "1 250,50 EUR" (pl), or "—"."""
    return local_money(value, typed_quantities.reader_language()) if value is not None else "—"


def line_input(fields: dict) -> dict:
    """Return a line form's fields as the API's line body: the value's amount and currency nested."""
    data = {name: value for name, value in fields.items() if not name.startswith("value_")}
    if "value_amount" in fields or "value_currency" in fields:
        data["value"] = {"amount": fields.get("value_amount", ""),
                         "currency": fields.get("value_currency", "")}
    return data


@bp.app_template_filter("quantity")
def quantity_text(quantity: Quantity | Normalized) -> str:
    """Show a quantity for reading, in the reader's language: 30,000 pieces, 22,5 tuny, 1 200 krabic."""
    return typed_quantities.shown(quantity)


@bp.app_template_filter("moment")
def moment_text(moment: datetime | None) -> str:
    """Show a moment as the pages do, in UTC and the reader's locale (web/dates.py; a dash when none)."""
    return dates.moment_text(moment)


@bp.app_template_filter("recorded_later")
def recorded_later_text(event) -> str | None:
    """Say "recorded 3 days later" of a history entry typed in long after, in the reader's language."""
    delay = recorded_delay(event.occurred_at, event.recorded_at)
    if delay is None:
        return None
    unit, count = delay
    if unit == "hours":
        return ngettext("recorded %(num)d hour later", "recorded %(num)d hours later", count)
    if unit == "days":
        return ngettext("recorded %(num)d day later", "recorded %(num)d days later", count)
    if unit == "months":
        return ngettext("recorded %(num)d month later", "recorded %(num)d months later", count)
    return ngettext("recorded %(num)d year later", "recorded %(num)d years later", count)


def document_references() -> dict[str, tuple[str, str]]:
    """Name a shipment's transport papers in the reader's language: {column: (paper, its number)}."""
    return {"invoice_number": (_("Commercial invoice"), _("Commercial invoice number")),
            "cmr_number": (_("CMR consignment note"), _("CMR consignment note number")),
            "awb_number": (_("Air waybill (AWB)"), _("Air waybill (AWB) number")),
            "bill_of_lading_number": (_("Bill of lading (B/L)"), _("Bill of lading (B/L) number")),
            "rail_note_number": (_("Rail consignment note (CIM/SMGS)"),
                                 _("Rail consignment note (CIM/SMGS) number"))}


@bp.app_template_filter("plain_quantity")
def plain_quantity(quantity: Quantity | Normalized) -> str:
    """Show a quantity as a form field takes it back, in the reader's language: 30000 piece, 22,5 t."""
    return typed_quantities.in_field(quantity)


def _choices() -> dict:
    """Return the options forms offer; a partner gets no catalogue and no list of partners."""
    session = db.session()
    staff = not web_actor().is_partner
    return {
        "organizations": list(session.scalars(  # counterparties: a carrier never is one
            select(Organization).where(col(Organization.kind) != OrgKind.CARRIER.value)
            .order_by(Organization.name))) if staff else [],
        "items": list(session.scalars(select(Item).order_by(Item.sku))) if staff else [],
        "directions": list(Direction), "kinds": list(Kind), "modes": list(TransportMode),
        "statuses": list(Status), "currencies": CURRENCY_CODES,
        "incoterms": [(rule.value, f"{rule.value} — {INCOTERM_NAMES[rule]}") for rule in Incoterm],
        "document_references": document_references(),
    }


@bp.get("/shipments", endpoint="shipments")
@requires(*ALL_ROLES)
def shipments_list():
    """List the shipments the user may see, filtered, newest first, a page at a time by cursor."""
    actor = web_actor()
    raw: dict[str, str | list[str]] = {k: v for k, v in request.args.items()
                                       if v and k not in ("page", "cursor")}
    if "status" in raw:
        raw["status"] = request.args.getlist("status")
    errors = {}
    try:
        filters = load(ShipmentQuerySchema(), raw)
    except Invalid as error:
        filters, errors = {}, error.fields
    number = request.args.get("page", type=page_number)  # old numbered links still work
    try:
        shown = shipment_list.shipment_page(db.session(), actor, filters, PAGE_SIZE,
                                            cursor=request.args.get("cursor") if number is None else None,
                                            page=number, past_end="last")
    except Invalid as error:  # a garbled cursor: the newest page, and say so
        errors = {**errors, **error.fields}
        shown = shipment_list.shipment_page(db.session(), actor, filters, PAGE_SIZE)
    args = {k: v for k, v in request.args.items(multi=True) if k not in ("page", "cursor")}
    numbered = shown if isinstance(shown, Page) else None
    total = Total(shown.total, shown.estimated) if isinstance(shown, Page) else shown.total
    return render_template("shipments/list.html", rows=shown.items, numbered=numbered, keyset=shown,
                           total=total, changed=changed_since_last_visit(shown.items),
                           last_cursor=Cursor("last").encode(), args=request.args, errors=errors,
                           query_args=args, **_choices())


def _shipment_input(form) -> dict:
    data = cleaned(form, HEADER)
    partner = data.get("counterparty_id", "")
    if looks_like_id(partner):  # the schema is strict (JSON numbers); forms send text
        data["counterparty_id"] = parse_id(partner) or 0  # too long to be an id: refused as 0
    for end in ("origin", "destination"):
        place = cleaned(form, (f"{end}_country", f"{end}_place"))
        if place:
            data[end] = {"country": place.get(f"{end}_country", ""), "place": place.get(f"{end}_place")}
    return data


def _line_inputs(form) -> tuple[list[dict], list[int]]:
    specs, positions = [], []
    for index in range(BLANK_LINES):
        spec = cleaned(form, [f"line-{index}-{name}" for name in LINE])
        if spec:
            specs.append(line_input({key.rsplit("-", 1)[1]: value for key, value in spec.items()}))
            positions.append(index)
    return specs, positions


@bp.route("/shipments/new", methods=["GET", "POST"])
@requires(*STAFF_ROLES)
def new():
    """Log a new shipment with its lines."""
    if request.method == "GET":
        return render_template("shipments/form.html", shipment=None, form={}, errors={}, editable=None,
                               blank_lines=BLANK_LINES, **_choices())
    data = _shipment_input(request.form)
    specs, positions = _line_inputs(request.form)
    data["lines"] = specs
    try:
        data["lines"] = typed_quantities.typed_lines(specs)
        shipment = shipments.create_shipment(db.session(), web_actor(), load(ShipmentInSchema(), data))
    except DomainError as error:
        errors = _form_errors(flatten(error.fields), positions)
        return render_template("shipments/form.html", shipment=None, form=request.form, errors=errors,
                               editable=None, message=error.message, blank_lines=BLANK_LINES,
                               **_choices()), 422
    flash(ngettext("Shipment %(reference)s is logged as a draft with %(num)d line.",
                   "Shipment %(reference)s is logged as a draft with %(num)d lines.", len(shipment.lines),
                   reference=shipment.reference))
    return redirect(url_for("pages.detail", key=shipment.reference))


# The schema nests places ({"origin": {"country": ...}}); the form has flat fields.
_PLACE_FIELDS = {f"{end}{part}": f"{end}_{field}" for end in ("origin", "destination")
                 for part, field in (("", "country"), (".country", "country"), (".place", "place"))}


def _form_errors(errors: dict, positions: Sequence[int] = ()) -> dict:
    """Name errors after the form's fields: places, and lines back to the rows they were typed in."""
    result = {}
    for key, message in errors.items():
        parts = key.split(".")
        index = whole_number(parts[1]) if parts[0] == "lines" and len(parts) > 2 else None
        if index is not None and index < len(positions):
            key = f"line-{positions[index]}-{parts[2]}"
        result[_PLACE_FIELDS.get(key, key)] = message
    return result


@bp.route("/shipments/<key>/edit", methods=["GET", "POST"])
@requires(*STAFF_ROLES)
def edit(key):
    """Change a shipment's header."""
    session = db.session()
    shipment = shipments.find_shipment(session, web_actor(), key)
    locked = _locked(shipment)
    if request.method == "GET":
        return render_template("shipments/form.html", shipment=shipment, form=_form_of(shipment),
                               errors={}, blank_lines=0, **locked, **_choices())
    # Fields the form no longer offers count as sent unchanged (a place is checked with its country);
    # one posted anyway is compared with the stored value, and the service refuses a change to it.
    held = {k: v for k, v in locked["stored"].items() if k not in locked["editable"]}
    data = _shipment_input({**held, **request.form.to_dict()})
    data.pop("reference", None)
    try:
        changes = load(ShipmentInSchema(partial=True), data)
        shipments.update_shipment(session, web_actor(), key, _version(), changes)
    except DomainError as error:
        return render_template("shipments/form.html", shipment=shipment, form=request.form,
                               errors=_form_errors(flatten(error.fields)), message=error.message,
                               blank_lines=0, **locked, **_choices()), _status(error)
    flash(_("Shipment %(reference)s is saved.", reference=shipment.reference))
    return redirect(url_for("pages.detail", key=shipment.reference))


def _locked(shipment) -> dict:
    """Return what the edit form offers in the shipment's status, and the stored values it shows."""
    return {"editable": editable_fields(Status(shipment.status)), "all_fields": HEADER_FIELDS,
            "stored": {k: str(v) for k, v in _form_of(shipment).items()}}


def _form_of(shipment) -> dict:
    form = {name: getattr(shipment, name) or "" for name in HEADER}
    for name in ("origin_country", "origin_place", "destination_country", "destination_place"):
        form[name] = getattr(shipment, name) or ""
    return form


def _version() -> int:
    """Return the shipment version the form was based on (0, which is always stale, if garbled)."""
    value = request.form.get("version", "")
    return whole_number(value) or 0


def _status(error: DomainError) -> int:
    from logistics.http_errors import status_of

    return status_of(error)


@bp.get("/shipments/<key>")
@requires(*ALL_ROLES)
def detail(key, errors=None, form=None, message=None, understood=None, status=200, labels=None):
    """Show a shipment: lines, totals, history, and the actions allowed now."""
    actor = web_actor()
    session = db.session()
    shipment = shipments.find_shipment(session, actor, key)
    view = shipment_view(shipment, actor)
    logged, history = logging_apart(events.list_events(session, actor, key))
    section = package_section(session, actor, shipment.reference)  # one page of its packages
    lines_shown, totals_shown = typed_quantities.named(view, shipment)
    return render_template(
        "shipments/detail.html", shipment=shipment, lines=lines_shown, totals=totals_shown,
        history=history, logged=logged, moves=view.allowed_next, editable=lines_editable(view.status),
        partner=actor.is_partner, documents=available_documents(shipment),
        errors=errors or {}, field_labels=labels or {}, form=form or {}, message=message,
        reasons=list(DiscrepancyReason), reason_label=reason_label,
        understood=understood, public_url=current_app.config["PUBLIC_URL"],
        **section, package_types=package_types.list_types(session),
        prefill=(package_receipt_reads.prefill(session, shipment) if Status.RECEIVED in view.allowed_next
                 else {}),
        receive_by_package=bool(section["packages"].totals.count), back=None,
        document_wording=document_wording(shipment.counterparty),
        **attachments_context(actor, shipment), **_choices()), status


def _back(shipment_key: str, error: DomainError | None = None, **extra):
    if error is None:
        return redirect(url_for("pages.detail", key=shipment_key))
    return detail(shipment_key, errors=flatten(error.fields), form=request.form, message=error.message,
                  status=_status(error), **extra)


@bp.post("/shipments/<key>/events")
@requires(*ALL_ROLES)
def post_event(key):
    """Move the shipment along (or record a checkpoint), from a status button or the receipt form."""
    form = request.form
    data = cleaned(form, ("status", "location", "note", "tracking_number"))
    if occurred_at := _occurred_at(form):
        data["occurred_at"] = occurred_at
    received, line_ids = [], []
    for line_id in form.getlist("line_id"):
        fields = [f"received-{line_id}-{name}" for name in RECEIPT_FIELDS]
        entry = cleaned(form, fields)
        if fields[0] in entry:
            line_ids.append(line_id)
            received.append({"line_id": parse_id(line_id) or 0,  # garbled, "٣", 5,000 digits: line 0
                             "quantity": entry[fields[0]], "note": entry.get(fields[1]),
                             "reason": entry.get(fields[2])})
    from logistics.web.receiving import receive_page

    try:
        if received:
            data["received"] = typed_quantities.typed_receipt(received, _line_items(key))
        event = events.post_event(db.session(), web_actor(), key, _version(),
                                  load(EventInSchema(), data))
    except DomainError as error:
        again = receive_page if form.get("back") == "receive" else detail
        if "received" not in error.fields:
            return again(key, errors=flatten(error.fields), form=request.form, message=error.message,
                         status=_status(error)) if again is receive_page else _back(key, error)
        errors, labels = _receipt_errors(flatten(error.fields), line_ids, _line_numbers(key))
        return again(key, errors=errors, labels=labels, form=request.form, message=error.message,
                     status=_status(error))
    flash(_("Status is now %(status)s.", status=label(event.to_status, "status")) if event.to_status
          else _("Checkpoint recorded."))
    return _back(key)


RECEIPT_FIELDS = ("quantity", "note", "reason")


def _line_items(key: str) -> dict[int, object]:
    """Return each line's item by line id (for the words its packs are typed with)."""
    if typed_quantities.reader_language() == "en":
        return {}
    shipment = shipments.find_shipment(db.session(), web_actor(), key)
    return {line.id: line.item for line in shipment.lines if line.id is not None}


def _line_item(key: str, line_id: int):
    """Return the item of one line of a shipment, if it has that line."""
    return _line_items(key).get(line_id)


def _line_numbers(key: str) -> dict[str, int]:
    """Return each line's number as printed (from 1), by its id as the receipt form sends it."""
    shipment = shipments.find_shipment(db.session(), web_actor(), key)
    return {str(line.id): line.line_no for line in shipment.lines}


def _receipt_errors(errors: dict[str, str], line_ids: list[str],
                    numbers: dict[str, int]) -> tuple[dict[str, str], dict[str, str]]:
    """Name receipt errors after the form's fields, and label them by the line's printed number.

    ``received.3.quantity`` (the fourth line sent) becomes the field ``received-<id>-quantity``,
    labelled "Line 4, received" when the shipment prints that line as number 4.
    """
    result, labels = {}, {}
    titles = {"quantity": "received", "note": "note", "reason": "reason", "line_id": "line"}
    for key, message in errors.items():
        parts = key.split(".")
        index = whole_number(parts[1]) if parts[0] == "received" and len(parts) > 2 else None
        if index is not None and index < len(line_ids):
            line_id = line_ids[index]
            key = f"received-{line_id}-{parts[2]}"
            number = numbers.get(line_id)
            labels[key] = f"Line {number}, {titles.get(parts[2], parts[2])}" if number else "A line"
        result[key] = message
    return result, labels


_OFFSET = re.compile(r"[+-]\d{2}:\d{2}")
_HAS_OFFSET = re.compile(r".*(Z|[+-]\d{2}:?\d{2})$")


def _occurred_at(form) -> str | None:
    """Return the time an event happened as ISO 8601 with an offset, from the form's fields.

    The datetime-local field holds the user's local time; app.js adds its offset (utc_offset).
    Without scripts the offset is UTC's, as the form says. A time typed with an offset keeps it.
    """
    value = (form.get("occurred_at") or "").strip()[:40]
    if not value or _HAS_OFFSET.fullmatch(value):
        return value or None
    offset = form.get("utc_offset", "")
    return value + (offset if _OFFSET.fullmatch(offset) else "+00:00")


@bp.post("/shipments/<key>/lines")
@requires(*STAFF_ROLES)
def add_line(key):
    """Add a line, or only check what its quantity means (the Check button)."""
    data = line_input(cleaned(request.form, LINE))
    try:
        data = typed_quantities.typed_line(data, typed_quantities.item_for_sku(data.get("sku")))
        command = load(LineInSchema(), data)
        if request.form.get("action") == "check":
            understood = lines.understand(db.session(), command.sku or "", command.quantity)
            return detail(key, form=request.form, understood=understood)
        line = lines.add_line(db.session(), web_actor(), key, _version(), command)
    except DomainError as error:
        return _back(key, error)
    quantities = quantities_of(line)
    flash(_("Line %(line)s added: %(quantity)s = %(normalized)s.", line=line.line_no,
            quantity=plain_quantity(quantities.quantity), normalized=plain_quantity(quantities.normalized)))
    return _back(key)


@bp.post("/shipments/<key>/lines/<int:line_id>")
@requires(*STAFF_ROLES)
def change_line(key, line_id):
    """Change a line's quantity, lot or expiry, or remove it."""
    version = _version()
    try:
        if request.form.get("action") == "remove":
            lines.remove_line(db.session(), web_actor(), key, version, line_id)
            flash(_("Line removed."))
        else:
            given = cleaned(request.form, LINE_CHANGES)
            # A field sent empty clears it (a row form sends every field it shows).
            cleared = {name: None for name in ("lot", "expiry", "country_of_origin", "net_mass")
                       if name in request.form and name not in given}
            if "value_amount" in request.form and not ({"value_amount", "value_currency"} & set(given)):
                cleared["value"] = None
            given = typed_quantities.typed_line(given, _line_item(key, line_id))
            change = load(LineInSchema(partial=True), {**line_input(given), **cleared})
            line = lines.update_line(db.session(), web_actor(), key, version, line_id, change)
            flash(_("Line %(line)s saved.", line=line.line_no))
    except DomainError as error:
        # Name what was typed and what was wrong after this line's row, not the "Add a line" form.
        row = f"line-{line_id}-"
        return detail(key, errors={row + name: text for name, text in flatten(error.fields).items()},
                      form={row + name: request.form.get(name, "") for name in LINE_CHANGES},
                      message=error.message, status=_status(error))
    return _back(key)


@bp.post("/shipments/<key>/tracking-link")
@requires(*STAFF_ROLES)
def renew_tracking_link(key):
    """Replace the public tracking link (the old one stops working at once)."""
    try:
        shipments.renew_tracking_token(db.session(), web_actor(), key,
                                       _version())
    except DomainError as error:
        return _back(key, error)
    flash(_("A new tracking link is made; the old one no longer works."))
    return _back(key)



def _document_language() -> dict:
    """Return the print's ?lang= and ?bilingual= (None: the organisation's); a bad value is refused (422)."""
    from logistics.schemas.documents import LanguageSchema

    # The page's form sends "" for "the organisation's setting".
    given = {name: request.args[name] for name in ("lang", "bilingual") if request.args.get(name, "") != ""}
    try:
        return load(LanguageSchema(), given)
    except Invalid as error:
        said = "; ".join(f"{name} {messages}" for name, messages in error.fields.items())  # flattened, said
        raise Invalid(said, error.fields) from None


@bp.get("/shipments/<key>/<any(manifest, grn, 'donation-certificate', 'packing-list', labels):kind>.pdf")
@requires(*ALL_ROLES)
def document(key, kind):
    """Download a shipment's manifest, received note, donation certificate, packing list or labels."""
    from flask import Response

    from logistics.services.documents import operator_from, render_document

    if kind == "labels":
        paper = "a4" if request.args.get("sheet") == "a4" else "label"
    else:
        paper = request.args.get("paper", "a4") if request.args.get("paper") in ("a4", "letter") else "a4"
    language = _document_language()
    document = render_document(db.session(), web_actor(), key, kind.replace("-", "_"),
                               operator_from(current_app.config), paper, language["lang"],
                               language["bilingual"])
    return Response(document.content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{document.file_name}"',
        "X-Document-Revision": document.revision, "Cache-Control": "private, no-store"})
