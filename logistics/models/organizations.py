"""Organisations: the partners at the other end of a shipment."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, String, false
from sqlmodel import Field, SQLModel

from logistics.domain.languages import sql_check
from logistics.domain.organizations import OrgKind
from logistics.models.types import UTCDateTime, utcnow


def _in(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(m.value) for m in enum)})"


class Organization(SQLModel, table=True):
    """A partner: supplier, donor, recipient, government body, carrier."""

    __tablename__ = "organizations"
    __table_args__ = (CheckConstraint(_in("kind", OrgKind), name="kind"),
                      CheckConstraint(sql_check("language"), name="language"),
                      CheckConstraint(sql_check("document_language"), name="document_language"))

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=String(200), unique=True)
    country: str = Field(sa_type=String(2), index=True)
    kind: str = Field(sa_type=String(20))
    contact_name: str | None = Field(default=None, sa_type=String(200))
    email: str | None = Field(default=None, sa_type=String(254))
    phone: str | None = Field(default=None, sa_type=String(50))
    address: str | None = Field(default=None, sa_type=String(500))
    # Customs registrations, checked for format (domain/customs.py) and printed on documents.
    eori: str | None = Field(default=None, sa_type=String(17))
    vat_number: str | None = Field(default=None, sa_type=String(24))
    # The default language of its users (and of what it is sent), where a user has chosen none.
    language: str | None = Field(default=None, sa_type=String(5))
    # How its shipments' documents print by default (a print may ask otherwise): in this language
    # (none: the organisation's own language, else English), and bilingual (English headings too).
    document_language: str | None = Field(default=None, sa_type=String(5))
    document_bilingual: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
