"""Attachments: photos and papers on a shipment, a line's receipt or a package; bytes in the database.

The description (``attachments``) is audited like any row; the bytes (``attachment_contents``:
the re-encoded original and its thumbnail) are kept apart, so the audit trail never copies
them and a removal can drop them while the description keeps who removed it and when.
"""
from datetime import datetime

from sqlalchemy import CheckConstraint, LargeBinary, String
from sqlmodel import Field, SQLModel

from logistics.domain.attachments import MediaType
from logistics.models.organizations import _in
from logistics.models.types import UTCDateTime, utcnow


class Attachment(SQLModel, table=True):
    """One file on a shipment (or on one of its lines' receipt): what it is, who added or removed it."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(_in("media_type", MediaType), name="media_type"),
        CheckConstraint("size_bytes > 0", name="size"),
        CheckConstraint("(removed_at IS NULL) = (removed_by_id IS NULL)", name="removed"),
    )

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipments.id", index=True, ondelete="CASCADE")
    # Set when the file belongs to a line's receipt (a photo of the damage on that line).
    line_id: int | None = Field(default=None, foreign_key="shipment_lines.id", index=True,
                                ondelete="CASCADE")
    # Set when the file shows one package (a crushed carton): by the package's number on the API.
    package_id: int | None = Field(default=None, foreign_key="packages.id", index=True, ondelete="CASCADE")
    file_name: str = Field(sa_type=String(120))
    media_type: str = Field(sa_type=String(20))
    size_bytes: int
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    sha256: str = Field(sa_type=String(64))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    removed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    removed_by_id: int | None = Field(default=None, foreign_key="users.id")


class AttachmentContent(SQLModel, table=True):
    """The bytes of an attachment: ``original`` (as served) or ``thumbnail`` (images only)."""

    __tablename__ = "attachment_contents"
    __table_args__ = (CheckConstraint("role IN ('original', 'thumbnail')", name="role"),)

    attachment_id: int = Field(foreign_key="attachments.id", primary_key=True, ondelete="CASCADE")
    role: str = Field(sa_type=String(10), primary_key=True)
    data: bytes = Field(sa_type=LargeBinary)
