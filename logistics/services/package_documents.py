"""The packages as the documents print them: read once, formatted into domain/package_documents.py's rows."""
from __future__ import annotations

from sqlmodel import Session

from logistics.document_language import ENGLISH_WORDING, Wording
from logistics.domain.package_documents import PackageDocs, package_docs
from logistics.models import Shipment
from logistics.services.package_reads import packages_view


def packages_of(session: Session, shipment: Shipment, company_prefix: str = "",
                w: Wording = ENGLISH_WORDING) -> PackageDocs:
    """Return a shipment's packages for its manifest, packing list and labels, in the document's language."""
    names = {line.line_no: line.item.name for line in shipment.lines}
    return package_docs(packages_view(session, shipment), names, company_prefix or None, w)
