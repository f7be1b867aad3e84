"""Organisations (partners): their kinds, and the commands that create and change one."""
from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from logistics.domain.commands import values_of
from logistics.domain.inputs import excerpt
from logistics.domain.texts import E_


class OrgKind(StrEnum):
    """The role an organisation plays."""

    SUPPLIER = "supplier"
    DONOR = "donor"
    RECIPIENT = "recipient"
    GOVERNMENT = "government"
    CARRIER = "carrier"
    OTHER = "other"


def counterparty_refusal(name: str, kind: str) -> str | None:
    """Say why an organisation may not be a shipment's counterparty, or None if it may.

    The counterparty sends an inbound shipment or receives an outbound one; a carrier only moves
    the goods (it goes in the shipment's carrier field, and on the documents as the carrier).
    """
    if kind == OrgKind.CARRIER:
        return E_("%(name)s is a carrier: a shipment's counterparty is who sends or receives the goods "
                  "(name the carrier in the carrier field)", name=excerpt(name))
    return None


@dataclass(frozen=True)
class CreateOrganization:
    """A new partner organisation."""

    name: str
    country: str  # ISO 3166-1 alpha-2, upper case
    kind: OrgKind
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    eori: str | None = None  # checked and compacted by domain/customs.py
    vat_number: str | None = None
    language: str | None = None  # its users' default language (domain.languages.LANGUAGES)
    document_language: str | None = None  # its documents' default language (none: its own, else en)
    document_bilingual: bool = False

    def columns(self) -> dict[str, Any]:
        """Return the stored columns of the new organisation."""
        return values_of(self, (field.name for field in fields(self)))


@dataclass(frozen=True)
class UpdateOrganization:
    """A change to an organisation: only the fields named in ``given`` change (null clears)."""

    given: frozenset[str]
    name: str | None = None
    country: str | None = None
    kind: OrgKind | None = None
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    eori: str | None = None
    vat_number: str | None = None
    language: str | None = None
    document_language: str | None = None
    document_bilingual: bool | None = None

    def columns(self) -> dict[str, Any]:
        """Return the stored columns this change sets."""
        return values_of(self, sorted(self.given))
