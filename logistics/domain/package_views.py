"""A shipment's packages as read: each package, its contents, what is unpacked, counts and totals by type.

Values are typed (Decimal, Quantity, dates); the API's schemas, the pages and the documents
format them. Masses are kg, volumes m³; totals cover the outermost packages only (a pallet's
gross mass already holds its cartons'), and say how many of them were not weighed or measured.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from logistics.domain.packages import LinePacking
from logistics.units import Quantity, from_micro


@dataclass(frozen=True)
class ContentView:
    """A quantity of one line in a package: as entered (own contents only) and in the line's unit."""

    line_no: int
    sku: str
    base: Quantity           # in the line's canonical unit (piece, kg, L)
    quantity: Quantity | None = None  # as entered; None for rolled-up totals


@dataclass(frozen=True)
class PackageReceiptView:
    """What the receiver found of a package: its state (own or its parent's), reason, note, photos."""

    state: str
    reason: str | None
    note: str | None
    inherited_from: str | None       # the package whose state it took (the pallet it is on)
    recorded_by_id: int | None
    recorded_at: datetime | None
    text: str                        # as people read it: "damaged (damaged: lid torn)"
    attachments: tuple[int, ...] = ()  # ids of the photos and documents kept on the package


@dataclass(frozen=True)
class PackageView:
    """One package as read."""

    id: int
    number: str
    sscc: str | None
    type: str
    type_name: str
    parent: str | None         # the parent's number
    level: int                 # 1: outermost
    gross_mass: Quantity | None
    gross_mass_kg: Decimal | None
    dimensions_mm: tuple[int, int, int] | None
    volume_m3: Decimal | None
    contents: tuple[ContentView, ...]
    total_contents: tuple[ContentView, ...]  # its own plus its children's
    children: int
    created_at: datetime
    shipment: str = ""        # the shipment's reference
    receipt: PackageReceiptView | None = None  # null until the receiver marks a package


@dataclass(frozen=True)
class LinePackingView:
    """A line with its packed and unpacked quantities in its canonical unit."""

    line_no: int
    sku: str
    quantity: Quantity
    packed: Quantity
    unpacked: Quantity

    @classmethod
    def of(cls, packing: LinePacking) -> LinePackingView:
        """Build the view of a line's packing."""
        unit = packing.line.unit
        return cls(packing.line.line_no, packing.line.sku, Quantity(from_micro(packing.line.micro), unit),
                   Quantity(from_micro(packing.packed_micro), unit),
                   Quantity(from_micro(packing.unpacked_micro), unit))


@dataclass(frozen=True)
class TypeTotal:
    """Packages of one type: how many, their gross mass and volume as far as known."""

    type: str
    name: str
    count: int
    gross_mass_kg: Decimal
    weighed: int
    volume_m3: Decimal
    measured: int


@dataclass(frozen=True)
class PackageTotals:
    """The outermost packages: how many, their total gross mass and volume, and how many lack either."""

    count: int
    outer: int
    gross_mass_kg: Decimal
    unweighed: int
    volume_m3: Decimal
    unmeasured: int


@dataclass(frozen=True)
class PackagesView:
    """A shipment's packages, lines' packing, counts by type and totals."""

    reference: str
    version: int
    packages: tuple[PackageView, ...]
    lines: tuple[LinePackingView, ...]
    by_type: tuple[TypeTotal, ...]
    totals: PackageTotals

    @property
    def unpacked(self) -> tuple[LinePackingView, ...]:
        """Return the lines of which something is in no package."""
        return tuple(line for line in self.lines if line.unpacked.value > 0)


def by_type(packages: Iterable[PackageView]) -> tuple[TypeTotal, ...]:
    """Return counts, gross masses and volumes per package type, in order of first appearance."""
    found: dict[str, list[PackageView]] = {}
    for package in packages:
        found.setdefault(package.type, []).append(package)
    return tuple(TypeTotal(code, group[0].type_name, len(group),
                           sum((p.gross_mass_kg for p in group if p.gross_mass_kg is not None), Decimal(0)),
                           sum(1 for p in group if p.gross_mass_kg is not None),
                           sum((p.volume_m3 for p in group if p.volume_m3 is not None), Decimal(0)),
                           sum(1 for p in group if p.volume_m3 is not None))
                 for code, group in found.items())


def totals(packages: Iterable[PackageView]) -> PackageTotals:
    """Return the totals of the outermost packages (those on no other)."""
    every = list(packages)
    outer = [p for p in every if p.parent is None]
    return PackageTotals(
        count=len(every), outer=len(outer),
        gross_mass_kg=sum((p.gross_mass_kg for p in outer if p.gross_mass_kg is not None), Decimal(0)),
        unweighed=sum(1 for p in outer if p.gross_mass_kg is None),
        volume_m3=sum((p.volume_m3 for p in outer if p.volume_m3 is not None), Decimal(0)),
        unmeasured=sum(1 for p in outer if p.volume_m3 is None))
