"""Use cases for shipment documents: render them as the actor may see them, log each generation.

What a document prints is gathered by services/document_data.py (figures from services/totals.py,
formatted once into the rows of domain/documents.py); the PDF layer lays those rows out.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from logistics.document_language import ENGLISH, Wording
from logistics.domain.access import Actor
from logistics.domain.documents import file_name
from logistics.domain.texts import E_
from logistics.domain.workflow import Direction, Kind, Status
from logistics.errors import Conflict
from logistics.models import DocumentPrint, Organization, Shipment
from logistics.pdf import documents as pdf
from logistics.pdf.labels import labels
from logistics.pdf.packing_list import packing_list
from logistics.services.common import stored_id
from logistics.services.document_data import document_data
from logistics.services.scoping import find_shipment
from logistics.unit_of_work import writing

RENDERERS = {"manifest": pdf.manifest, "grn": pdf.goods_received_note,
             "donation_certificate": pdf.donation_certificate, "packing_list": packing_list,
             "labels": labels}


@dataclass(frozen=True)
class Operator:
    """The organisation running the tracker: consignor of outbound, consignee of inbound goods."""

    name: str
    country: str
    address: str = ""
    public_url: str = "http://127.0.0.1:5000"
    eori: str = ""
    vat_number: str = ""
    gs1_company_prefix: str = ""  # groups our SSCCs as printed under a label's barcode


def operator_from(config) -> Operator:
    """Return the operator as the app's configuration describes it."""
    return Operator(config["OPERATOR_NAME"], config["OPERATOR_COUNTRY"],
                    config.get("OPERATOR_ADDRESS", ""), config["PUBLIC_URL"],
                    config.get("OPERATOR_EORI") or "", config.get("OPERATOR_VAT") or "",
                    config.get("GS1_COMPANY_PREFIX") or "")


@dataclass(frozen=True)
class Document:
    """A rendered document and its print-log entry."""

    file_name: str
    content: bytes
    revision: str
    checksum: str
    pages: int


def render_document(session: Session, actor: Actor, key: str, kind: str, operator: Operator,
                    paper: str = "a4", language: str | None = None,
                    bilingual: bool | None = None) -> Document:
    """Render a shipment's document (as the actor may see it) and log the generation.

    The language and bilingual choice default to the counterparty organisation's settings.
    """
    shipment = find_shipment(session, actor, key)
    _check_applies(shipment, kind)
    w = document_wording(shipment.counterparty, language, bilingual)
    data = document_data(session, shipment, kind, operator, w)
    if kind == "labels" and not (data.packages and data.packages.rows):
        raise Conflict(E_("%(reference)s has no packages to label: record its packages first",
                          reference=shipment.reference), {"packages": [E_("none recorded")]})
    content, pages = RENDERERS[kind](data, paper)
    with writing(session, actor):
        session.add(DocumentPrint(shipment_id=stored_id(shipment.id), kind=kind, revision=data.revision,
                                  checksum=data.checksum, paper=paper, pages=pages,
                                  size_bytes=len(content), printed_by_id=actor.user_id,
                                  language=w.language, bilingual=w.two))
    return Document(file_name(shipment.reference, kind), content, data.revision, data.checksum, pages)


def document_wording(org: Organization, language: str | None = None,
                     bilingual: bool | None = None) -> Wording:
    """Return the language a document prints in: as asked, else the organisation's document settings.

    Without a choice: the organisation's document language, else its own language, else English.
    """
    chosen = language or org.document_language or getattr(org, "language", None) or ENGLISH
    return Wording(chosen, org.document_bilingual if bilingual is None else bilingual)


def list_prints(session: Session, actor: Actor, key: str) -> list[DocumentPrint]:
    """Return every generation of a shipment's documents, newest first."""
    shipment = find_shipment(session, actor, key)
    return list(session.exec(select(DocumentPrint).where(DocumentPrint.shipment_id == shipment.id)
                             .order_by(col(DocumentPrint.id).desc())))


def available_documents(shipment: Shipment) -> list[str]:
    """Return the kinds of document that apply to a shipment now (the manifest always does)."""
    kinds = []
    for kind in RENDERERS:
        try:
            _check_applies(shipment, kind)
        except Conflict:
            continue
        kinds.append(kind)
    return kinds


def _check_applies(shipment: Shipment, kind: str) -> None:
    status = Status(shipment.status)
    if kind == "grn" and status is not Status.RECEIVED:
        raise Conflict(E_("a goods received note needs a received shipment; %(reference)s is %(status)s",
                          reference=shipment.reference, status=status),
                       {"status": [E_("is %(status)s, must be received", status=status)]})
    if kind == "donation_certificate":
        if shipment.direction != Direction.OUTBOUND or shipment.kind != Kind.DONATION:
            raise Conflict(E_("a certificate of donation is for outbound donations; %(reference)s is an "
                              "%(direction)s %(kind)s", reference=shipment.reference,
                              direction=shipment.direction, kind=shipment.kind),
                           {"kind": [E_("must be an outbound donation")]})
        if status in (Status.DRAFT, Status.CANCELLED):
            raise Conflict(E_("a certificate of donation needs a confirmed donation; %(reference)s is "
                              "%(status)s", reference=shipment.reference, status=status),
                           {"status": [E_("is %(status)s, must be confirmed or later", status=status)]})


