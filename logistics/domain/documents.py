"""What shipment documents say, as plain values: parties, rows, totals, history, revision.

The PDF layer only lays these out, so every figure on a manifest can be tested by value.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal

from logistics.document_language import D_, ENGLISH, ENGLISH_WORDING, Wording
from logistics.domain.package_documents import PackageDocs

KINDS = {"manifest": D_("Cargo manifest"), "grn": D_("Goods received note"),
         "donation_certificate": D_("Certificate of donation"), "packing_list": D_("Packing list"),
         "labels": D_("Shipping labels")}
SUFFIXES = {"manifest": "manifest", "grn": "goods-received-note",
            "donation_certificate": "donation-certificate", "packing_list": "packing-list",
            "labels": "labels"}


@dataclass(frozen=True)
class Party:
    """A party named on a document: consignor, consignee, carrier."""

    role: str
    name: str
    country: str = ""
    country_name: str = ""
    address: str = ""
    contact: str = ""
    eori: str = ""
    vat_number: str = ""


@dataclass(frozen=True)
class LineRow:
    """One manifest row, every figure already formatted."""

    line_no: int
    sku: str
    name: str
    hs_code: str
    lot: str
    expiry: str
    origin: str
    entered: str
    base: str
    unece: str
    mass: str  # gross: weighed when logged by mass, else estimated from the unit mass
    mass_estimated: bool
    net_mass: str = "—"  # as declared on the line, or "—" when not given
    value: str = ""  # the declared value, "1,250.50 EUR"


@dataclass(frozen=True)
class ReceiptRow:
    """What was sent and what arrived of one line."""

    line_no: int
    sku: str
    name: str
    sent: str
    received: str
    difference: str
    note: str
    short: bool


@dataclass(frozen=True)
class EvidenceRow:
    """A photo or document attached to a line's receipt, as the goods received note lists it."""

    line_no: int
    file_name: str
    kind: str  # photo or document
    added: str  # when it was attached (UTC)


@dataclass(frozen=True)
class PackageStateRow:
    """What the receiver found of one package, as the goods received note lists it."""

    number: str
    type: str
    on: str        # the number of the package it was on, or ""
    contents: str  # in short: "line 1 PPE-COV 400 piece"
    state: str     # "damaged (damaged: lid torn)", "missing (with PKG-00000001, short)"


@dataclass(frozen=True)
class PackageEvidenceRow:
    """A photo or document kept on a package, as the goods received note lists it."""

    number: str
    file_name: str
    kind: str
    added: str


@dataclass(frozen=True)
class HistoryRow:
    """One entry of the status history."""

    when: str
    status: str
    location: str
    note: str


@dataclass
class DocumentData:
    """Everything a shipment document prints."""

    kind: str
    reference: str
    status: str
    direction: str
    shipment_kind: str
    consignor: Party
    consignee: Party
    carrier: str
    transport_mode: str
    tracking_number: str
    origin: str
    destination: str
    planned_departure: str
    expected_arrival: str
    tracking_url: str
    rows: list[LineRow]
    item_totals: list[tuple[str, str, str]]
    gross_mass: str
    gross_mass_note: str
    history: list[HistoryRow]
    receipt: list[ReceiptRow]
    notes: str = ""
    dispatched: str = ""  # the actual dates, "" until they happen
    delivered: str = ""
    received: str = ""
    incoterms: str = ""  # "DAP Nitra (Incoterms 2020)"
    references: list[tuple[str, str]] = field(default_factory=list)  # (document, number)
    net_mass: str = ""
    net_mass_note: str = ""
    value_totals: list[str] = field(default_factory=list)  # one per currency, never added across
    evidence: list[EvidenceRow] = field(default_factory=list)  # files of the lines' receipts (GRN)
    package_states: list[PackageStateRow] = field(default_factory=list)  # the receipt by package (GRN)
    package_evidence: list[PackageEvidenceRow] = field(default_factory=list)  # packages' files (GRN)
    issued_at: str = ""
    revision: str = ""
    checksum: str = ""
    extra: dict = field(default_factory=dict)
    packages: PackageDocs | None = None  # manifest, packing list and labels
    # Printed values, so part of the revision's digest: the same shipment printed in Slovak, or
    # bilingual, is another revision than in English (each print's log entry names both).
    language: str = ENGLISH
    bilingual: bool = False

    @property
    def wording(self) -> Wording:
        """Return how this document speaks: its language, bilingual or not."""
        return Wording(self.language, self.bilingual)

    @property
    def title(self) -> str:
        """Return the document's title in its language (the header prints the English too when bilingual)."""
        return self.wording.t(KINDS[self.kind])

    def seal(self, version: int, changed_at: datetime) -> None:
        """Fix the revision: a checksum of every printed value, and the time the data last changed."""
        self.issued_at = format_timestamp(changed_at, self.wording)
        content = asdict(self)
        for key in ("revision", "checksum"):
            content.pop(key)
        digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False,
                                           default=str).encode()).hexdigest()
        self.checksum = digest
        self.revision = f"{version}.{digest[:8]}"


def format_quantity(value: Decimal, unit: str, places: int | None = None,
                    w: Wording = ENGLISH_WORDING) -> str:
    """Return "30,000 piece" / "22.5 t" (English) or "22,5 t" (Czech): grouped, in the document's language."""
    return w.quantity(value, unit, places)


def format_mass(kg: Decimal | None, estimated: bool, w: Wording = ENGLISH_WORDING) -> str:
    """Return a line's mass in kg to the gram, "≈" marking an estimate, "—" when unknown."""
    if kg is None:
        return "—"
    text = w.quantity(kg, "kg", 3)
    return f"≈ {text}" if estimated else text


def format_timestamp(moment: datetime, w: Wording = ENGLISH_WORDING) -> str:
    """Return a UTC timestamp to the second: 2020-04-02 08:15:00 UTC in English."""
    return w.moment(moment)


def format_date(day: date | None, w: Wording = ENGLISH_WORDING) -> str:
    """Return a date (ISO in English), or "—"."""
    return w.date(day)


def file_name(reference: str, kind: str) -> str:
    """Return the download file name of a document, made from the shipment reference."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in reference)
    return f"{safe}-{SUFFIXES[kind]}.pdf"
