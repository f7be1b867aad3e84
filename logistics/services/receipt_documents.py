"""The goods received note's receipt by package: each package's state, and the files kept on packages."""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from logistics.domain.attachments import MediaType
from logistics.domain.documents import PackageEvidenceRow, PackageStateRow, format_timestamp
from logistics.models import Attachment, Shipment
from logistics.services.package_reads import packages_view
from logistics.units import format_grouped

CONTENTS_SHOWN = 3  # lines named per package before "…"


def receipt_by_package(session: Session, shipment: Shipment) -> tuple[
        list[PackageStateRow], list[PackageEvidenceRow], list[datetime]]:
    """Return every package's state (none if no package was checked), the packages' kept files, and
    when those files were attached (a file attached later makes a new revision of the note)."""
    view = packages_view(session, shipment)
    if not any(package.receipt for package in view.packages):
        states: list[PackageStateRow] = []
    else:
        states = [PackageStateRow(package.number, package.type_name, package.parent or "",
                                  _contents(package.total_contents),
                                  package.receipt.text if package.receipt else "not checked")
                  for package in view.packages]
    numbers = {package.id: package.number for package in view.packages}
    files = list(session.exec(select(Attachment).where(
        Attachment.shipment_id == shipment.id, col(Attachment.package_id).is_not(None),
        col(Attachment.removed_at).is_(None)).order_by(col(Attachment.id))))
    evidence = [PackageEvidenceRow(numbers.get(row.package_id or 0, ""), row.file_name,
                                   MediaType(row.media_type).kind,
                                   format_timestamp(row.created_at)) for row in files]
    return states, evidence, [row.created_at for row in files]


def _contents(contents) -> str:
    said = [f"line {c.line_no} {c.sku} {format_grouped(c.base.value)} {c.base.unit}"
            for c in contents[:CONTENTS_SHOWN]]
    return "; ".join(said) + ("; …" if len(contents) > CONTENTS_SHOWN else "")
