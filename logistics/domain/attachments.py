"""Attachments' rules: which files are taken, who may attach or remove them, and their names.

Files are recognised by their content (logistics/media.py), never by the name or the type a
client claims; the stored name is the uploader's, cleaned, with the extension of what the
file really is.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from logistics.domain.access import STAFF_ROLES, Actor
from logistics.domain.texts import E_
from logistics.domain.workflow import Direction, Status

MAX_NAME = 100  # characters of a stored file name, extension included


class MediaType(StrEnum):
    """The kinds of file an attachment may be."""

    JPEG = "image/jpeg"
    PNG = "image/png"
    WEBP = "image/webp"
    PDF = "application/pdf"

    @property
    def extension(self) -> str:
        """Return the file name extension of this kind: jpg, png, webp, pdf."""
        return {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}[self]

    @property
    def kind(self) -> str:
        """Say what it is to people: a photo (any image) or a document (a PDF)."""
        return "document" if self is MediaType.PDF else "photo"


ACCEPTED = "JPEG, PNG, WebP or PDF"
# Partners attach photos of what arrived (damage, shortfall) to a line of a shipment sent to them,
# once it has arrived: while receiving it (delivered) and after (received).
PARTNER_STATUSES = (Status.DELIVERED, Status.RECEIVED)


@dataclass(frozen=True)
class NewAttachment:
    """An upload as the service takes it: the name it was sent with, its bytes, and where it goes."""

    file_name: str
    data: bytes
    line_no: int | None = None  # the line (as printed, from 1) whose receipt it documents
    package: str | None = None  # the number of the package it shows


def refusal_to_attach(actor: Actor, direction: str, status: str, on_line: bool) -> str | None:
    """Say why this actor may not attach a file here (None: they may).

    Staff attach to any shipment, line or package, in any status but cancelled. A partner only
    to a line or a package (``on_line``) of a shipment sent to them (outbound), once it has
    arrived: the receipt's evidence. Shipping papers and invoices are ours to file.
    """
    if Status(status) is Status.CANCELLED:
        return E_("a cancelled shipment takes no more files")
    if actor.role in STAFF_ROLES:
        return None
    if Direction(direction) is not Direction.OUTBOUND:
        return E_("a partner attaches files only to shipments sent to them")
    if not on_line:
        return E_("a partner attaches files to a line's receipt or a package: say which (line_no, package)")
    if Status(status) not in PARTNER_STATUSES:
        return E_("a partner attaches files to a line once the shipment has arrived (delivered or received)")
    return None


def may_remove(actor: Actor) -> bool:
    """Say whether this actor may remove attachments (staff only; the removal is recorded)."""
    return actor.role in STAFF_ROLES


_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"\\/:*?<>|;]+")
_SPACES = re.compile(r"\s+")


def clean_file_name(name: str | None, media_type: MediaType) -> str:
    """Return the name to keep and serve: the last path part, no control or path characters,
    at most MAX_NAME characters, ending in the extension of what the file really is.

    "../../etc/passwd" becomes "passwd.pdf" for a PDF; an empty name becomes "attachment.jpg".
    """
    text = unicodedata.normalize("NFC", name or "")
    text = re.split(r"[/\\]", text)[-1]
    text = _SPACES.sub(" ", _UNSAFE.sub("_", text)).strip(" ._")
    stem = text.rsplit(".", 1)[0] if "." in text else text
    stem = stem.strip(" ._")[: MAX_NAME - len(media_type.extension) - 1] or "attachment"
    return f"{stem}.{media_type.extension}"


def ascii_file_name(name: str) -> str:
    """Return a plain ASCII stand-in for a name (for clients that do not read RFC 6266's filename*)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._ -]", "_", folded).strip() or "attachment"


@dataclass(frozen=True)
class AttachmentView:
    """An attachment as a reader sees it: where it belongs (the line as printed), what it is, its history."""

    id: int
    shipment_id: int
    reference: str
    line_no: int | None
    package: str | None
    file_name: str
    media_type: MediaType
    size_bytes: int
    width: int | None
    height: int | None
    pages: int | None
    created_at: datetime
    created_by_id: int | None
    removed_at: datetime | None
    removed_by_id: int | None

    @property
    def kind(self) -> str:
        """Say what it is to people: photo or document."""
        return self.media_type.kind

    @property
    def removed(self) -> bool:
        """Say whether it was removed (its bytes are gone; who and when are kept)."""
        return self.removed_at is not None

    @property
    def has_thumbnail(self) -> bool:
        """Say whether a thumbnail can be fetched (images still kept)."""
        return self.media_type is not MediaType.PDF and not self.removed
