"""What the package documents print (manifest's package summary, packing list, labels), formatted.

Built from a shipment's ``PackagesView`` (domain/package_views.py) as plain strings, so the PDF
layer only lays them out and every figure can be tested by value. Packages are listed in tree
order: each outermost package, then what is on it ("1", "1.1", "1.2", "2", ...).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from logistics.document_language import D_, ENGLISH_WORDING, Wording
from logistics.domain.document_words import ANY_PACKAGE, package_type
from logistics.domain.package_views import ContentView, PackagesView, PackageView


@dataclass(frozen=True)
class PackageRow:
    """One package on the packing list (and, with ``index``, on its label)."""

    position: str        # "1", "1.2": where it sits in the tree, as printed
    index: int           # 1-based, in tree order: "package n of N"
    level: int
    number: str
    sscc: str            # "(00) 3 1234567 000000001 8", "" without an SSCC
    type_name: str
    parent: str          # the number of the package it is on, "" when outermost
    gross_mass: str
    dimensions: str
    volume: str
    contents: str        # own contents, one line each: "L1 PPE-COV Medical coverall: 4 box (100 piece)"
    held: str            # what it holds in packages: "40 Carton"; "" when none
    short_contents: str  # for a label: "PPE-COV 16,000 piece; PPE-N95 400 piece"
    placement: str = ""  # for a label: "On Pallet PKG-… (package 1 of 40): carton 3 of 39 on this pallet"


@dataclass(frozen=True)
class Label:
    """One shipping label: the package, its place in the shipment, and where its QR code leads."""

    package: PackageRow
    count: int
    url: str
    sscc_digits: str     # the 18 digits for the GS1-128 barcode, "" without an SSCC


@dataclass(frozen=True)
class TypeRow:
    """Packages of one type on the manifest: count, gross mass and volume as far as known."""

    name: str
    count: str
    gross_mass: str
    volume: str


@dataclass(frozen=True)
class PackageDocs:
    """Everything the package documents print, formatted."""

    rows: tuple[PackageRow, ...]
    by_type: tuple[TypeRow, ...]
    count: int
    outer: int
    gross_mass: str
    volume: str
    notes: tuple[str, ...]      # what the totals leave out
    unpacked: tuple[str, ...]   # "Line 2 PPE-N95: 400 piece of 120,000 piece not packed"
    weighed_whole: bool = False  # every line packed and every outermost package weighed

    def labels(self, tracking_url: str) -> list[Label]:
        """Return one label per package, in tree order, each QR code leading to its package."""
        return [Label(row, self.count, package_url(tracking_url, row.number),
                      row.sscc.replace("(00)", "").replace(" ", "") if row.sscc else "")
                for row in self.rows]


def package_url(tracking_url: str, number: str) -> str:
    """Return the shipment's tracking link naming one package (what a label's QR code holds)."""
    return f"{tracking_url}?package={quote(number, safe='')}" if tracking_url else ""


def format_sscc(sscc: str, company_prefix: str | None) -> str:
    """Return an SSCC as printed under its barcode: "(00) 3 1234567 000000001 8".

    The company prefix's length is known only for our own prefix; another's SSCC (given by a
    client) is grouped as extension digit, 16 digits and check digit.
    """
    if company_prefix and sscc[1:1 + len(company_prefix)] == company_prefix:
        cut = 1 + len(company_prefix)
        return f"(00) {sscc[0]} {sscc[1:cut]} {sscc[cut:17]} {sscc[17]}"
    return f"(00) {sscc[0]} {sscc[1:17]} {sscc[17]}"


def mass_text(kg: Decimal | None, w: Wording = ENGLISH_WORDING) -> str:
    """Return a gross mass in kg as weighed (exact, no trailing zeros), "—" when not weighed."""
    return w.quantity(kg, "kg") if kg is not None else "—"


def volume_text(m3: Decimal | None, w: Wording = ENGLISH_WORDING) -> str:
    """Return a volume in m³ to three decimals, "—" when not measured."""
    return w.quantity(m3, "m³", 3) if m3 is not None else "—"


def _content_line(content: ContentView, names: Mapping[int, str], w: Wording) -> str:
    base = w.quantity(content.base.value, content.base.unit)
    entered = w.quantity(content.quantity.value, content.quantity.unit) if content.quantity else base
    packed = entered if entered == base else f"{entered} ({base})"
    name = names.get(content.line_no, "")
    return f"L{content.line_no} {content.sku}{' ' + name if name else ''}: {packed}"


def _placement(package: PackageView, above: PackageRow | None, place: int, siblings: list[PackageView],
               count: int, w: Wording) -> str:
    """Say where a package travels: on which package (its number and place in the shipment), n of N there."""
    if above is None:
        return ""
    same = all(s.type == package.type for s in siblings)
    kind = package_type(w, package.type_name) if same else w.t(ANY_PACKAGE)
    return w.t(D_("On {holder} {number} (package {index} of {count}): {kind} {place} of {siblings} "
                  "on this {holder_lower}")).format(
        holder=above.type_name, number=above.number, index=w.number(Decimal(above.index)),
        count=w.number(Decimal(count)), kind=kind.lower(), place=w.number(Decimal(place)),
        siblings=w.number(Decimal(len(siblings))), holder_lower=above.type_name.lower())


def package_docs(view: PackagesView, names: Mapping[int, str], company_prefix: str | None,
                 w: Wording = ENGLISH_WORDING) -> PackageDocs:
    """Return the package documents' rows and totals from a shipment's packages (names: line no -> item)."""
    children: dict[str | None, list[PackageView]] = {}
    for package in view.packages:
        children.setdefault(package.parent, []).append(package)
    rows: list[PackageRow] = []

    def walk(package: PackageView, position: str, above: PackageRow | None = None, place: int = 0) -> None:
        held: dict[str, int] = {}
        for child in children.get(package.number, []):
            name = package_type(w, child.type_name)
            held[name] = held.get(name, 0) + 1
        dims = package.dimensions_mm
        rows.append(PackageRow(
            position=position, index=len(rows) + 1, level=package.level, number=package.number,
            sscc=format_sscc(package.sscc, company_prefix) if package.sscc else "",
            type_name=package_type(w, package.type_name), parent=package.parent or "",
            gross_mass=mass_text(package.gross_mass_kg, w),
            dimensions=" × ".join(str(d) for d in dims) + " mm" if dims else "—",
            volume=volume_text(package.volume_m3, w),
            contents="\n".join(_content_line(c, names, w) for c in package.contents),
            held=", ".join(f"{n} {name}" for name, n in held.items()),
            short_contents="; ".join(f"{c.sku} {w.quantity(c.base.value, c.base.unit)}"
                                     for c in package.total_contents),
            placement=_placement(package, above, place, children.get(package.parent, []),
                                 len(view.packages), w)))
        row = rows[-1]
        for number, child in enumerate(children.get(package.number, []), start=1):
            walk(child, f"{position}.{number}", row, number)

    for number, package in enumerate(children.get(None, []), start=1):
        walk(package, str(number))
    totals = view.totals
    notes = []
    if totals.unweighed:
        notes.append(w.t(D_("{count} of {outer} outer package(s) not weighed: not in the gross mass."))
                     .format(count=totals.unweighed, outer=totals.outer))
    if totals.unmeasured:
        notes.append(w.t(D_("{count} of {outer} outer package(s) not measured: not in the volume.")).format(
            count=totals.unmeasured, outer=totals.outer))
    return PackageDocs(
        rows=tuple(rows),
        by_type=tuple(TypeRow(package_type(w, t.name), w.number(Decimal(t.count)),
                              mass_text(t.gross_mass_kg, w) if t.weighed else "—",
                              volume_text(t.volume_m3, w) if t.measured else "—") for t in view.by_type),
        count=totals.count, outer=totals.outer, gross_mass=mass_text(totals.gross_mass_kg, w),
        volume=volume_text(totals.volume_m3, w), notes=tuple(notes),
        weighed_whole=bool(totals.outer) and not totals.unweighed and not view.unpacked,
        unpacked=tuple(w.t(D_("Line {line} {sku}: {unpacked} of {quantity} not packed")).format(
            line=line.line_no, sku=line.sku, unpacked=w.quantity(line.unpacked.value, line.unpacked.unit),
            quantity=w.quantity(line.quantity.value, line.quantity.unit))
                       for line in view.unpacked))
