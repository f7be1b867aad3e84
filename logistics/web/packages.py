"""The shipment page's Packages section: pack in bulk (pallets of cartons) and remove a package.

The form's fields are named as the API's bulk request nests them (``children.0.contents.0.quantity``),
so the request goes through the API's own schema and its errors land on the fields they name.
"""
from __future__ import annotations

import re

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import format_number, ngettext
from flask_babel import gettext as _

from logistics import db
from logistics.domain.access import STAFF_ROLES
from logistics.domain.inputs import whole_number
from logistics.errors import DomainError, Invalid
from logistics.i18n import said
from logistics.schemas.packages import AddPackagesInSchema
from logistics.services import package_reads, packages
from logistics.services.pagination import Cursor
from logistics.web.forms import cleaned, load
from logistics.web.session import requires, web_actor

bp = Blueprint("package_pages", __name__)
PACKAGES_PER_PAGE = 100  # rows of the section's package table (the API's page holds up to 1,000)
LEVEL = ("type", "count", "gross_mass", "dimensions_mm", "contents.0.line_no", "contents.0.quantity")


def package_section(session, actor, reference: str) -> dict:
    """Return the page of a shipment's packages its page shows (``?packages=<cursor>``), with the page."""
    cursor = request.args.get("packages") or None
    try:
        view, found = package_reads.package_page(session, actor, reference, PACKAGES_PER_PAGE, cursor=cursor)
    except Invalid:  # a garbled or stale cursor: the first page
        view, found = package_reads.package_page(session, actor, reference, PACKAGES_PER_PAGE)
    return {"packages": view, "package_page": found, "package_last_cursor": Cursor("last").encode()}


def bulk_request(form) -> dict:
    """Return the bulk request a packing form describes (the outer packages and, if given, their children)."""
    body = _level(form, "")
    if parent := form.get("parent", "").strip():
        body["parent"] = parent
    child = _level(form, "children.0.")
    if child:
        body["children"] = [child]
    return body


def _level(form, prefix: str) -> dict:
    """Return one level of the request from the fields under ``prefix`` (nothing if none was filled in)."""
    given = cleaned(form, [prefix + name for name in LEVEL])
    fields = {name.removeprefix(prefix): value for name, value in given.items()}
    if not fields:
        return {}
    data: dict = {name: fields[name] for name in ("type", "gross_mass") if name in fields}
    if "count" in fields:  # forms send text; the schema takes JSON numbers (garbled text stays text)
        number = whole_number(fields["count"], max_digits=6)
        data["count"] = number if number is not None else fields["count"]
    if "dimensions_mm" in fields:
        sides = [part for part in re.split(r"\s*[x×*]\s*|\s+", fields["dimensions_mm"]) if part]
        data["dimensions_mm"] = [whole_number(side, max_digits=6) or side for side in sides]
    if "contents.0.quantity" in fields or "contents.0.line_no" in fields:
        line_no = fields.get("contents.0.line_no", "")
        data["contents"] = [{"line_no": whole_number(line_no, max_digits=6) or line_no,
                             "quantity": fields.get("contents.0.quantity", "")}]
    return data


def field_errors(errors: dict) -> dict:
    """Name errors after the form's fields: a side of the dimensions is the dimensions field."""
    result: dict = {}
    for key, message in errors.items():
        key = re.sub(r"(dimensions_mm)\.\d+$", r"\1", key)
        result[key] = f"{result[key]}; {message}" if key in result else message
    return result


@bp.post("/shipments/<key>/packages")
@requires(*STAFF_ROLES)
def add(key):
    """Pack a shipment: N packages of a type, each holding a line's quantity or M packages that do."""
    from logistics.web.shipments import detail

    try:
        command = load(AddPackagesInSchema(), bulk_request(request.form))
        numbers = packages.add_packages(db.session(), web_actor(), key, command,
                                        current_app.config.get("GS1_COMPANY_PREFIX"))
    except DomainError as error:
        from logistics.web.forms import flatten
        from logistics.web.shipments import _status

        return detail(key, errors=field_errors(flatten(error.fields)), form=request.form,
                      message=_("The packages were not created: %(reason)s", reason=said(error.message)),
                      status=_status(error))
    if len(numbers) > 1:
        flash(ngettext("%(count)s package created: %(first)s to %(last)s.",
                       "%(count)s packages created: %(first)s to %(last)s.", len(numbers),
                       count=format_number(len(numbers)), first=numbers[0], last=numbers[-1]))
    else:
        flash(_("1 package created: %(first)s.", first=numbers[0]))
    return redirect(url_for("pages.detail", key=key, _anchor="packages-heading"))


@bp.post("/packages/<number>/delete")
@requires(*STAFF_ROLES)
def remove(number):
    """Remove a package with what is in it."""
    session = db.session()
    try:
        package = packages.find_package(session, web_actor(), number)
        reference = package.shipment.reference
        packages.delete_package(session, web_actor(), number)
    except DomainError as error:
        flash(said(error.message))
        return redirect(request.referrer or url_for("pages.shipments"))
    flash(_("Package %(number)s is removed, with everything in it.", number=number))
    return redirect(url_for("pages.detail", key=reference, _anchor="packages-heading"))
