"""The print log: every manifest, goods received note, certificate, packing list or labels generated."""
from datetime import datetime

from sqlalchemy import CheckConstraint, String, false
from sqlmodel import Field, SQLModel

from logistics.models.types import UTCDateTime, utcnow


class DocumentPrint(SQLModel, table=True):
    """One generation of a shipment document: which kind, which revision, by whom, when."""

    __tablename__ = "document_prints"
    __table_args__ = (
        CheckConstraint("kind IN ('manifest', 'grn', 'donation_certificate', 'packing_list', 'labels')",
                        name="kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipments.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_type=String(24))
    revision: str = Field(sa_type=String(40))
    checksum: str = Field(sa_type=String(64))
    paper: str = Field(sa_type=String(8))
    pages: int
    size_bytes: int
    printed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    printed_by_id: int | None = Field(default=None, foreign_key="users.id")
    # The language it printed in, and whether bilingual: both are in the revision's digest too.
    language: str = Field(default="en", sa_type=String(5), sa_column_kwargs={"server_default": "en"})
    bilingual: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
