"""Shipment documents as PDF: manifest, goods received note, certificate of donation, print log."""
from __future__ import annotations

from flask import Response, current_app
from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint, file_response
from logistics.domain.access import ALL_ROLES, STAFF_ROLES
from logistics.schemas.documents import DocumentPrintSchema, PaperSchema, SheetSchema
from logistics.services.documents import list_prints, operator_from, render_document

PREFIX = "/shipments"
blp = Blueprint("documents", __name__, description="Shipment documents (PDF)")
PDF = file_response("the PDF", "application/pdf")


def _pdf(key: str, kind: str, args: dict, paper: str) -> Response:
    document = render_document(db.session(), current_actor(), key, kind,
                               operator_from(current_app.config), paper, args["lang"], args["bilingual"])
    return Response(document.content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{document.file_name}"',
        "X-Document-Revision": document.revision,
        "X-Document-Checksum": document.checksum,
        "Cache-Control": "private, no-store",
    })


@blp.route("/<key>/<any(manifest, grn, 'donation-certificate', 'packing-list'):kind>.pdf")
class Document(MethodView):
    """A shipment's cargo manifest, goods received note or certificate of donation."""

    @require(*ALL_ROLES)
    @blp.arguments(PaperSchema, location="query")
    @blp.doc(responses=PDF)
    def get(self, args, key, kind):
        """Download a document as PDF: manifest (any status), grn (received shipments),
        donation-certificate (outbound donations, confirmed or later), packing-list (every package
        with its contents); 409 where it does not apply. Partners only for their own shipments.
        In the consignee organisation's document language unless lang= (and bilingual=) say otherwise."""
        return _pdf(key, kind.replace("-", "_"), args, args["paper"])


@blp.route("/<key>/labels.pdf")
class Labels(MethodView):
    """A shipment's shipping labels, one per package."""

    @require(*ALL_ROLES)
    @blp.arguments(SheetSchema, location="query")
    @blp.doc(responses=PDF)
    def get(self, args, key):
        """Download the shipping labels as PDF: 100 x 150 mm each, or sheet=a4 for four to a sheet;
        409 when the shipment has no packages. Partners only for their own shipments."""
        return _pdf(key, "labels", args, args["sheet"])


@blp.route("/<key>/documents")
class Prints(MethodView):
    """The shipment's print log."""

    @require(*STAFF_ROLES)
    @blp.response(200, DocumentPrintSchema(many=True))
    def get(self, key):
        """List every generation of the shipment's documents: who, when, which revision."""
        return list_prints(db.session(), current_actor(), key)
