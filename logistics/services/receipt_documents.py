"""The goods received note's receipt by package: each package's state, and the files kept on packages."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from logistics.document_language import D_, ENGLISH_WORDING, Wording
from logistics.domain import document_words as words
from logistics.domain.attachments import MediaType
from logistics.domain.documents import PackageEvidenceRow, PackageStateRow
from logistics.models import Attachment, Shipment
from logistics.services.package_reads import packages_view

CONTENTS_SHOWN = 3  # lines named per package before "…"


def receipt_by_package(session: Session, shipment: Shipment, w: Wording = ENGLISH_WORDING) -> tuple[
        list[PackageStateRow], list[PackageEvidenceRow], list[datetime]]:
    """Return every package's state (none if no package was checked), the packages' kept files, and
    when those files were attached (a file attached later makes a new revision of the note)."""
    view = packages_view(session, shipment)
    if not any(package.receipt for package in view.packages):
        states: list[PackageStateRow] = []
    else:
        states = [PackageStateRow(package.number, words.package_type(w, package.type_name),
                                  package.parent or "",
                                  _contents(package.total_contents, w),
                                  _state(package.receipt, w) if package.receipt else w.t(D_("not checked")))
                  for package in view.packages]
    numbers = {package.id: package.number for package in view.packages}
    files = list(session.exec(select(Attachment).where(
        Attachment.shipment_id == shipment.id, col(Attachment.package_id).is_not(None),
        col(Attachment.removed_at).is_(None)).order_by(col(Attachment.id))))
    evidence = [PackageEvidenceRow(numbers.get(row.package_id or 0, ""), row.file_name,
                                   words.word(w, words.EVIDENCE, MediaType(row.media_type).kind),
                                   w.moment(row.created_at)) for row in files]
    return states, evidence, [row.created_at for row in files]


def _state(receipt, w: Wording) -> str:
    """Return a package's state in the document's words: "damaged (damaged: lid torn)"."""
    reason = words.word(w, words.REASON, receipt.reason)
    said = ": ".join(part for part in (reason, receipt.note or "") if part)
    if receipt.inherited_from:
        held = w.t(D_("with {package}")).format(package=receipt.inherited_from)
        said = held + (f", {said}" if said else "")
    state = words.word(w, words.PACKAGE_STATE, receipt.state)
    return f"{state} ({said})" if said else state


def _contents(contents, w: Wording) -> str:
    said = [w.t(D_("line {line} {sku} {quantity}")).format(line=c.line_no, sku=c.sku,
                                                           quantity=w.quantity(c.base.value, c.base.unit))
            for c in contents[:CONTENTS_SHOWN]]
    return "; ".join(said) + ("; …" if len(contents) > CONTENTS_SHOWN else "")
