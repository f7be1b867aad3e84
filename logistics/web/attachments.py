"""Attachment pages: upload from the shipment page (a phone's camera included), show, remove.

The shipment page's Attachments section and the photos beside each received line come from
``attachments_context``; the bytes are served here with the same headers as the API's.
"""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, request, url_for
from flask_babel import gettext as _

from logistics import db
from logistics.domain.access import ALL_ROLES, STAFF_ROLES, Actor
from logistics.domain.attachments import AttachmentView, NewAttachment, may_remove, refusal_to_attach
from logistics.downloads import attachment_headers, attachment_limit, upload_fields, uploaded_attachment
from logistics.errors import DomainError
from logistics.i18n import said
from logistics.models import Shipment
from logistics.schemas.attachments import AttachmentFormSchema
from logistics.services import attachments
from logistics.services.common import stored_id
from logistics.web.forms import load
from logistics.web.session import requires, web_actor

bp = Blueprint("attachment_pages", __name__)


def attachments_context(actor: Actor, shipment: Shipment) -> dict:
    """Return what the shipment page shows of its attachments and offers to upload."""
    found = attachments.list_attachments(db.session(), actor, shipment.reference)
    by_line: dict[int, list[AttachmentView]] = {}
    for view in found:
        if view.line_no is not None and not view.removed:
            by_line.setdefault(view.line_no, []).append(view)
    on_receipt = refusal_to_attach(actor, shipment.direction, shipment.status, True) is None
    lines = [line.line_no for line in shipment.lines] if on_receipt else []
    packages = list(attachments.package_numbers(db.session(), stored_id(shipment.id)).values()) \
        if on_receipt else []
    return {"attachments": found, "line_files": by_line, "attach_lines": lines, "attach_packages": packages,
            "attach_shipment": refusal_to_attach(actor, shipment.direction, shipment.status, False) is None,
            "may_remove_files": may_remove(actor), "attachment_limit_mb": f"{attachment_limit() / 2**20:g}"}


@bp.post("/shipments/<key>/attachments")
@requires(*ALL_ROLES)
def add(key):
    """Keep an uploaded photo or PDF on the shipment or on one line's receipt."""
    from logistics.web.shipments import detail

    try:
        form = load(AttachmentFormSchema(), upload_fields())
        file_name, data = uploaded_attachment()
        view = attachments.add_attachment(db.session(), web_actor(), key,
                                          NewAttachment(file_name, data, form["line_no"], form["package"]))
    except DomainError as error:
        from logistics.http_errors import status_of
        from logistics.web.receiving import receive_page

        if request.form.get("back") == "receive":
            return receive_page(key, errors={"photo": error.message}, message=error.message,
                                status=status_of(error), labels={"photo": _("Photo")})
        fields = {f"attachment-{name}": ", ".join(messages) if isinstance(messages, list) else str(messages)
                  for name, messages in said(error.fields).items()}
        return detail(key, errors=fields, message=error.message, status=status_of(error),
                      labels={"attachment-file": _("File"), "attachment-line_no": _("Line"),
                              "attachment-package": _("Package")})
    photo = view.kind == "photo"  # a document is a PDF
    if view.line_no:
        flash(_("Photo %(file)s attached to line %(line)s.", file=view.file_name, line=view.line_no) if photo
              else _("Document %(file)s attached to line %(line)s.", file=view.file_name, line=view.line_no))
    elif view.package:
        flash(_("Photo %(file)s attached to package %(package)s.", file=view.file_name, package=view.package)
              if photo else _("Document %(file)s attached to package %(package)s.", file=view.file_name,
                              package=view.package))
    else:
        flash(_("Photo %(file)s attached.", file=view.file_name) if photo
              else _("Document %(file)s attached.", file=view.file_name))
    if request.form.get("back") == "receive":
        return redirect(url_for("receiving_pages.receive", key=key, package=view.package,
                                _anchor=f"package-{view.package}"))
    return redirect(url_for("pages.detail", key=key, _anchor="attachments-heading"))


@bp.post("/attachments/<int:attachment_id>/remove")
@requires(*STAFF_ROLES)
def remove(attachment_id):
    """Remove an attachment (its bytes go; who removed it and when are kept)."""
    view = attachments.remove_attachment(db.session(), web_actor(), attachment_id)
    flash(_("%(file)s removed.", file=view.file_name))
    return redirect(url_for("pages.detail", key=view.reference, _anchor="attachments-heading"))


@bp.get("/attachments/<int:attachment_id>/<any(content, thumbnail):role>")
@requires(*ALL_ROLES)
def content(attachment_id, role):
    """Send an attachment's file or thumbnail (a partner: only on its own shipments)."""
    view, data = attachments.attachment_content(db.session(), web_actor(), attachment_id,
                                                "original" if role == "content" else role)
    if role == "thumbnail":
        return Response(data, mimetype="image/jpeg", headers=attachment_headers(
            view.file_name.rsplit(".", 1)[0] + "-thumbnail.jpg", view.media_type))
    return Response(data, mimetype=view.media_type.value,
                    headers=attachment_headers(view.file_name, view.media_type))


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    """Show a file's size for reading: 812 bytes, 45 KB, 2.4 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
