"""Attachments: photos and papers on a shipment or a line's receipt, with the shipment's access rules."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Response, url_for
from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint, file_response
from logistics.domain.access import ALL_ROLES, STAFF_ROLES
from logistics.domain.attachments import AttachmentView, NewAttachment
from logistics.downloads import attachment_headers, upload_fields, uploaded_attachment
from logistics.schemas.attachments import UPLOAD, AttachmentFormSchema, AttachmentSchema
from logistics.services import attachments

PREFIX = ""
blp = Blueprint("attachments", __name__, description="Photos and documents on shipments and receipts")
CONTENT = file_response("the file, as kept", "image/jpeg", "image/png", "image/webp", "application/pdf")
THUMBNAIL = file_response("a JPEG of at most 320 x 320 pixels", "image/jpeg")


@dataclass(frozen=True)
class Described:
    """An attachment with its links (AttachmentSchema)."""

    view: AttachmentView

    def __getattr__(self, name):
        return getattr(self.view, name)

    @property
    def links(self) -> dict:
        """Return where the bytes are, while they are kept."""
        if self.view.removed:
            return {}
        links = {"content": url_for("attachments.AttachmentContent", attachment_id=self.view.id)}
        if self.view.has_thumbnail:
            links["thumbnail"] = url_for("attachments.AttachmentThumbnail", attachment_id=self.view.id)
        return links


@blp.route("/shipments/<key>/attachments")
class ShipmentAttachments(MethodView):
    """A shipment's attachments."""

    @require(*ALL_ROLES)
    @blp.response(200, AttachmentSchema(many=True))
    def get(self, key):
        """List the shipment's photos and documents, oldest first (removed ones marked as such)."""
        return [Described(view) for view in attachments.list_attachments(db.session(), current_actor(), key)]

    @require(*ALL_ROLES)
    @blp.doc(requestBody=UPLOAD)
    @blp.response(201, AttachmentSchema)
    @blp.alt_response(413, description="larger than the attachment limit (LOGISTICS_ATTACHMENT_MAX_MB)")
    def post(self, key):
        """Attach a JPEG, PNG, WebP or PDF to the shipment, or (line_no) to a line's receipt.

        The file is recognised by its content; images are re-encoded without their EXIF data
        (GPS positions included), turned as the camera held them, and get a thumbnail. Staff
        attach anything; a partner attaches to a line of a shipment sent to it, once it arrived.
        """
        form = AttachmentFormSchema().load(upload_fields())
        file_name, data = uploaded_attachment()
        view = attachments.add_attachment(db.session(), current_actor(), key,
                                          NewAttachment(file_name, data, form["line_no"], form["package"]))
        return Described(view), 201


@blp.route("/attachments/<int:attachment_id>")
class AttachmentById(MethodView):
    """One attachment."""

    @require(*ALL_ROLES)
    @blp.response(200, AttachmentSchema)
    def get(self, attachment_id):
        """Describe an attachment (a partner: only on its own shipments)."""
        return Described(attachments.find_attachment(db.session(), current_actor(), attachment_id))

    @require(*STAFF_ROLES)
    @blp.response(200, AttachmentSchema)
    def delete(self, attachment_id):
        """Remove an attachment: its bytes go, who removed it and when stay (staff only)."""
        return Described(attachments.remove_attachment(db.session(), current_actor(), attachment_id))


def _bytes(attachment_id: int, role: str) -> Response:
    view, data = attachments.attachment_content(db.session(), current_actor(), attachment_id, role)
    if role == "thumbnail":
        name = view.file_name.rsplit(".", 1)[0] + "-thumbnail.jpg"
        return Response(data, mimetype="image/jpeg", headers=attachment_headers(name, view.media_type))
    return Response(data, mimetype=view.media_type.value,
                    headers=attachment_headers(view.file_name, view.media_type))


@blp.route("/attachments/<int:attachment_id>/content")
class AttachmentContent(MethodView):
    """An attachment's file."""

    @require(*ALL_ROLES)
    @blp.doc(responses=CONTENT)
    def get(self, attachment_id):
        """Download the file: images shown inline, PDFs as a download; never sniffed."""
        return _bytes(attachment_id, "original")


@blp.route("/attachments/<int:attachment_id>/thumbnail")
class AttachmentThumbnail(MethodView):
    """An image attachment's thumbnail."""

    @require(*ALL_ROLES)
    @blp.doc(responses=THUMBNAIL)
    def get(self, attachment_id):
        """Download the thumbnail of an image (404 for a PDF)."""
        return _bytes(attachment_id, "thumbnail")
