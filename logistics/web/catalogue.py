"""Organisations and items: lists and the forms that add them."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from logistics import db
from logistics.domain.access import STAFF_ROLES
from logistics.errors import DomainError
from logistics.models import Item, Organization
from logistics.models.organizations import OrgKind
from logistics.schemas.items import ItemInSchema
from logistics.schemas.organizations import OrganizationSchema
from logistics.services import items, organizations
from logistics.web.forms import cleaned, flatten, load
from logistics.web.labels import country_name
from logistics.web.session import requires, web_actor

bp = Blueprint("catalogue", __name__)
ORG_FIELDS = ("name", "country", "kind", "contact_name", "email", "phone", "address", "eori", "vat_number",
              "language")
CUSTOMS_FIELDS = ("eori", "vat_number")
ITEM_FIELDS = ("sku", "name", "category", "base_unit", "unit_mass", "hs_code")


@bp.route("/organizations", methods=["GET", "POST"])
@requires(*STAFF_ROLES)
def organizations_page():
    """List organisations and add one."""
    errors, message, status = {}, None, 200
    if request.method == "POST":
        try:
            data = load(OrganizationSchema(), cleaned(request.form, ORG_FIELDS))
            org = organizations.create_organization(db.session(), web_actor(), data)
        except DomainError as error:
            errors, message, status = flatten(error.fields), error.message, 422
        else:
            flash(_("%(name)s is added.", name=org.name))
            return redirect(url_for("catalogue.organizations_page"))
    return _organizations(errors=errors, message=message, form=request.form), status


@bp.post("/organizations/<int:org_id>/customs")
@requires(*STAFF_ROLES)
def set_customs_numbers(org_id: int):
    """Set (or, left blank, clear) an organisation's EORI and VAT numbers, checked as the API checks them."""
    data = {name: request.form.get(name, "").strip() or None for name in CUSTOMS_FIELDS}
    try:
        org = organizations.update_organization(db.session(), web_actor(), org_id,
                                                load(OrganizationSchema(partial=True), data))
    except DomainError as error:
        return _organizations(row_errors={org_id: flatten(error.fields)}, row_form={org_id: request.form},
                              message=error.message), _status(error)
    none = _("(none)")
    flash(_("%(name)s: EORI %(eori)s, VAT %(vat)s.", name=org.name, eori=org.eori or none,
            vat=org.vat_number or none))
    return redirect(url_for("catalogue.organizations_page"))


@bp.post("/organizations/<int:org_id>/language")
@requires(*STAFF_ROLES)
def set_organization_language(org_id: int):
    """Set (or, left blank, clear) an organisation's default language, checked as the API checks it."""
    data = {"language": request.form.get("language", "").strip()[:10] or None}
    try:
        org = organizations.update_organization(db.session(), web_actor(), org_id,
                                                load(OrganizationSchema(partial=True), data))
    except DomainError as error:
        return (_organizations(row_errors={org_id: flatten(error.fields)}, message=error.message),
                _status(error))
    flash(_("%(name)s: default language %(language)s.", name=org.name, language=org.language or "—"))
    return redirect(url_for("catalogue.organizations_page"))


@bp.post("/organizations/<int:org_id>/documents")
@requires(*STAFF_ROLES)
def set_document_language(org_id: int):
    """Set the language its shipments' documents print in by default (blank: its own), bilingual or not."""
    data = {"document_language": request.form.get("document_language", "").strip()[:10] or None,
            "document_bilingual": request.form.get("document_bilingual", "0")[:10]}
    try:
        org = organizations.update_organization(db.session(), web_actor(), org_id,
                                                load(OrganizationSchema(partial=True), data))
    except DomainError as error:
        return _organizations(row_errors={org_id: flatten(error.fields)}, row_form={org_id: request.form},
                              message=error.message), _status(error)
    language = org.document_language or _("its own language")
    if org.document_bilingual:
        flash(_("%(name)s: documents print in %(language)s, bilingual.", name=org.name, language=language))
    else:
        flash(_("%(name)s: documents print in %(language)s.", name=org.name, language=language))
    return redirect(url_for("catalogue.organizations_page"))


def _organizations(errors=None, message=None, form=None, row_errors=None, row_form=None) -> str:
    """Render the organisations page; a customs form that was refused keeps what was typed and its errors."""
    rows = list(db.session().scalars(select(Organization).order_by(Organization.name)))
    return render_template("catalogue/organizations.html", rows=rows, errors=errors or {}, message=message,
                           form=form or {}, kinds=list(OrgKind), country_name=country_name,
                           row_errors=row_errors or {}, row_form=row_form or {})


def _status(error: DomainError) -> int:
    from logistics.http_errors import status_of

    return status_of(error)


def _packs(text: str) -> list[dict]:
    """Read packs written one per line as "box = 25 piece"."""
    packs = []
    for line in text.splitlines():
        if line.strip():
            name, _, quantity = line.partition("=")
            packs.append({"name": name.strip(), "quantity": quantity.strip()})
    return packs


@bp.route("/items", methods=["GET", "POST"])
@requires(*STAFF_ROLES)
def items_page():
    """List items with their packs and unit masses, and add one."""
    errors, message, status = {}, None, 200
    if request.method == "POST":
        data = cleaned(request.form, ITEM_FIELDS)
        data["packs"] = _packs(request.form.get("packs", ""))
        try:
            item = items.create_item(db.session(), web_actor(), load(ItemInSchema(), data))
        except DomainError as error:
            errors, message, status = flatten(error.fields), error.message, 422
        else:
            flash(_("%(name)s is added.", name=item.sku))
            return redirect(url_for("catalogue.items_page"))
    rows = list(db.session().scalars(select(Item).order_by(Item.sku)))
    return render_template("catalogue/items.html", rows=rows, errors=errors, message=message,
                           form=request.form), status
