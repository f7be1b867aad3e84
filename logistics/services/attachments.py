"""Use cases for attachments: add a file to a shipment, a line's receipt or a package; list, read, remove.

Access is the shipment's: every use case finds the shipment as the actor may see it first
(a partner's other shipments are not found). The file is read (media.read_file) before the
write transaction begins, so a large image's decoding never holds the database's write lock.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from logistics.domain.access import Actor
from logistics.domain.attachments import (
    AttachmentView,
    MediaType,
    NewAttachment,
    clean_file_name,
    may_remove,
    refusal_to_attach,
)
from logistics.domain.inputs import excerpt
from logistics.domain.texts import E_, EN_, message_of
from logistics.errors import Forbidden, Invalid, NotFound
from logistics.media import UnreadableFile, read_file
from logistics.models import Attachment, AttachmentContent, Package, Shipment
from logistics.models.types import utcnow
from logistics.services.common import MAX_ID, stored_id
from logistics.services.scoping import find_shipment
from logistics.unit_of_work import writing

MAX_PER_SHIPMENT = 500  # files on one shipment, removed ones included


def add_attachment(session: Session, actor: Actor, key: str, upload: NewAttachment) -> AttachmentView:
    """Keep a file on a shipment (or on one of its lines' receipt); refuse what is not a whole
    JPEG, PNG, WebP or PDF, and what this actor may not attach."""
    shipment = find_shipment(session, actor, key, packs=False)
    line_id = _line_id(shipment, upload.line_no)
    package_id = _package_id(session, shipment, upload.package)
    refusal = refusal_to_attach(actor, shipment.direction, shipment.status,
                                line_id is not None or package_id is not None)
    if refusal:
        raise Forbidden(refusal)
    try:
        read = read_file(upload.data)
    except UnreadableFile as error:
        raise Invalid(E_("the file was not kept: %(reason)s", reason=message_of(error)),
                      {"file": [message_of(error)]}) from None
    shipment_id = stored_id(shipment.id)
    with writing(session, actor):
        count = session.execute(select(func.count()).select_from(Attachment)
                                .where(Attachment.shipment_id == shipment_id)).scalar_one()
        if count >= MAX_PER_SHIPMENT:
            message = EN_("shipment %(reference)s already has %(n)s file, the most it may have",
                          "shipment %(reference)s already has %(n)s files, the most it may have", count,
                          reference=shipment.reference)
            raise Invalid(message, {"file": [message]})
        attachment = Attachment(
            shipment_id=shipment_id, line_id=line_id, package_id=package_id,
            file_name=clean_file_name(upload.file_name, read.media_type),
            media_type=read.media_type.value, size_bytes=len(read.data), width=read.width,
            height=read.height, pages=read.pages, sha256=hashlib.sha256(read.data).hexdigest(),
            created_by_id=actor.user_id)
        session.add(attachment)
        session.flush()
        session.add(AttachmentContent(attachment_id=stored_id(attachment.id), role="original",
                                      data=read.data))
        if read.thumbnail is not None:
            session.add(AttachmentContent(attachment_id=stored_id(attachment.id), role="thumbnail",
                                          data=read.thumbnail))
        session.flush()
        view = _view(attachment, shipment, _package_of(session, attachment))
    return view


def _package_id(session: Session, shipment: Shipment, number: str | None) -> int | None:
    """Return the id of the shipment's package with this number, or refuse one it has not."""
    if number is None:
        return None
    found = session.execute(select(Package.id).where(Package.shipment_id == shipment.id,
                                                     Package.number == number.strip().upper())).scalar()
    if found is None:
        message = E_("shipment %(reference)s has no package %(number)s", reference=shipment.reference,
                     number=excerpt(number))
        raise Invalid(message, {"package": [message]})
    return found


def package_numbers(session: Session, shipment_id: int) -> dict[int, str]:
    """Return a shipment's package numbers by id, in order."""
    rows = session.execute(select(Package.id, Package.number).where(Package.shipment_id == shipment_id)
                           .order_by(col(Package.id)))
    return {row.id: row.number for row in rows}


def _line_id(shipment: Shipment, line_no: int | None) -> int | None:
    """Return the id of the shipment's line with this number (as printed), or refuse one it has not."""
    if line_no is None:
        return None
    for line in shipment.lines:
        if line.line_no == line_no:
            return line.id
    numbers = ", ".join(str(line.line_no) for line in shipment.lines) or E_("none")
    message = E_("shipment %(reference)s has no line %(line)s (its lines: %(lines)s)",
                 reference=shipment.reference, line=line_no, lines=numbers)
    raise Invalid(message, {"line_no": [message]})


def list_attachments(session: Session, actor: Actor, key: str) -> list[AttachmentView]:
    """Return a shipment's attachments, oldest first, removed ones included (marked as removed)."""
    shipment = find_shipment(session, actor, key, packs=False)
    rows = list(session.exec(select(Attachment).where(Attachment.shipment_id == shipment.id)
                             .order_by(col(Attachment.id))))
    packages = package_numbers(session, stored_id(shipment.id)) if any(r.package_id for r in rows) else {}
    return [_view(row, shipment, packages) for row in rows]


def find_attachment(session: Session, actor: Actor, attachment_id: int) -> AttachmentView:
    """Return one attachment, if the actor may see its shipment (else NotFound, as for the shipment)."""
    attachment, shipment = _find(session, actor, attachment_id)
    return _view(attachment, shipment, _package_of(session, attachment))


def attachment_content(session: Session, actor: Actor, attachment_id: int,
                       role: str = "original") -> tuple[AttachmentView, bytes]:
    """Return an attachment with its bytes (``original``) or its thumbnail's (``thumbnail``)."""
    attachment, shipment = _find(session, actor, attachment_id)
    view = _view(attachment, shipment, _package_of(session, attachment))
    if view.removed:
        raise NotFound(E_("attachment %(id)s was removed on %(when)s UTC", id=attachment_id,
                           when=format(view.removed_at, "%Y-%m-%d %H:%M")))
    if role == "thumbnail" and not view.has_thumbnail:
        raise NotFound(E_("attachment %(id)s is a PDF: it has no thumbnail", id=attachment_id))
    data = session.execute(select(AttachmentContent.data).where(
        AttachmentContent.attachment_id == attachment_id, AttachmentContent.role == role)).scalar_one()
    return view, data


def remove_attachment(session: Session, actor: Actor, attachment_id: int) -> AttachmentView:
    """Remove an attachment (staff): its bytes go; who removed it and when are kept and audited."""
    if not may_remove(actor):
        raise Forbidden(E_("only staff remove attachments"))
    with writing(session, actor):
        attachment, shipment = _find(session, actor, attachment_id)
        if attachment.removed_at is None:
            attachment.removed_at = utcnow()
            attachment.removed_by_id = actor.user_id
            session.execute(delete(AttachmentContent).where(
                col(AttachmentContent.attachment_id) == attachment_id))
            session.flush()
        view = _view(attachment, shipment, _package_of(session, attachment))
    return view


def line_attachments(session: Session, shipment_id: int) -> dict[int, list[AttachmentView]]:
    """Return the kept attachments of a shipment's lines' receipts, by line id (for pages and the GRN)."""
    shipment = session.get(Shipment, shipment_id)
    if shipment is None:
        return {}
    rows = session.exec(select(Attachment).where(Attachment.shipment_id == shipment_id,
                                                 col(Attachment.line_id).is_not(None),
                                                 col(Attachment.removed_at).is_(None))
                        .order_by(col(Attachment.id)))
    found: dict[int, list[AttachmentView]] = {}
    for row in rows:
        found.setdefault(stored_id(row.line_id), []).append(_view(row, shipment))
    return found


def _find(session: Session, actor: Actor, attachment_id: int) -> tuple[Attachment, Shipment]:
    attachment = session.get(Attachment, attachment_id) if 0 < attachment_id <= MAX_ID else None
    if attachment is None:
        raise NotFound(E_("attachment %(id)s not found", id=attachment_id))
    try:
        shipment = find_shipment(session, actor, attachment.shipment_id, packs=False)
    except NotFound:
        raise NotFound(E_("attachment %(id)s not found", id=attachment_id)) from None
    return attachment, shipment


def _package_of(session: Session, row: Attachment) -> dict[int, str]:
    if row.package_id is None:
        return {}
    return {row.package_id: session.execute(select(Package.number).where(Package.id == row.package_id))
            .scalar_one()}


def _view(row: Attachment, shipment: Shipment, packages: dict[int, str] | None = None) -> AttachmentView:
    numbers = {line.id: line.line_no for line in shipment.lines}
    return AttachmentView(
        id=stored_id(row.id), shipment_id=stored_id(shipment.id), reference=shipment.reference,
        line_no=numbers.get(row.line_id) if row.line_id is not None else None,
        package=(packages or {}).get(row.package_id) if row.package_id is not None else None,
        file_name=row.file_name, media_type=MediaType(row.media_type), size_bytes=row.size_bytes,
        width=row.width, height=row.height, pages=row.pages, created_at=row.created_at,
        created_by_id=row.created_by_id, removed_at=row.removed_at, removed_by_id=row.removed_by_id)
