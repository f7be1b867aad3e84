"""Reading a shipment's packages: every package with its contents, what is unpacked, counts and totals."""
from __future__ import annotations

from sqlalchemy.orm import lazyload
from sqlmodel import Session, col, select

from logistics.domain.access import Actor
from logistics.domain.package_views import (
    ContentView,
    LinePackingView,
    PackagesView,
    PackageView,
    by_type,
    totals,
)
from logistics.domain.packages import LineAmount, Node, depth_of, packing, rolled_up, volume_m3
from logistics.models import Package, PackageContent, Shipment
from logistics.services.common import stored_id
from logistics.services.scoping import find_shipment
from logistics.units import Quantity, from_micro


def shipment_packages(session: Session, actor: Actor, key: str | int) -> PackagesView:
    """Return a shipment's packages as the actor may see them (a partner: their own shipments only)."""
    return packages_view(session, find_shipment(session, actor, key, packs=False))


def packages_view(session: Session, shipment: Shipment) -> PackagesView:
    """Return the packages of a shipment already found, in creation order, with packing per line."""
    shipment_id = stored_id(shipment.id)
    rows = list(session.exec(select(Package).where(Package.shipment_id == shipment_id)
                             .options(lazyload(Package.contents))  # type: ignore[arg-type]
                             .order_by(col(Package.id))))
    contents: dict[int, list[PackageContent]] = {}
    for content in session.exec(select(PackageContent).where(PackageContent.shipment_id == shipment_id)
                                .order_by(col(PackageContent.id))):
        contents.setdefault(content.package_id, []).append(content)
    lines = {line.id: line for line in shipment.lines}
    line_no = {line_id: line.line_no for line_id, line in lines.items()}
    nodes = {stored_id(row.id): Node(stored_id(row.id), shipment_id, row.parent_id,
                                     _own(contents.get(stored_id(row.id), []), line_no)) for row in rows}
    totals_by_package = rolled_up(nodes)
    by_line_no = {line.line_no: line for line in shipment.lines}
    numbers = {row.id: row.number for row in rows}
    children: dict[int, int] = {}
    for row in rows:
        if row.parent_id is not None:
            children[row.parent_id] = children.get(row.parent_id, 0) + 1
    views = []
    for row in rows:
        row_id = stored_id(row.id)
        own = tuple(ContentView(lines[c.line_id].line_no, lines[c.line_id].item.sku,
                                Quantity(from_micro(c.base_micro), lines[c.line_id].base_unit), c.quantity)
                    for c in contents.get(row_id, []) if c.line_id in lines)
        rolled = tuple(ContentView(no, by_line_no[no].item.sku,
                                   Quantity(from_micro(micro), by_line_no[no].base_unit))
                       for no, micro in sorted(totals_by_package[row_id].items()))
        views.append(PackageView(
            id=row_id, number=row.number, sscc=row.sscc, type=row.type.code, type_name=row.type.name,
            parent=numbers.get(row.parent_id) if row.parent_id is not None else None,
            level=depth_of(row_id, nodes), gross_mass=row.gross_mass,
            gross_mass_kg=from_micro(row.gross_mass_micro) if row.gross_mass_micro is not None else None,
            dimensions_mm=row.dimensions_mm, volume_m3=volume_m3(row.dimensions_mm),
            contents=own, total_contents=rolled, children=children.get(row_id, 0), created_at=row.created_at,
            shipment=shipment.reference))
    packed: dict[int, int] = {}
    for node in nodes.values():
        for number, micro in node.contents.items():
            packed[number] = packed.get(number, 0) + micro
    amounts = [LineAmount(line.line_no, line.item.sku, line.base_unit, line.base_micro)
               for line in shipment.lines]
    return PackagesView(
        reference=shipment.reference, version=shipment.version, packages=tuple(views),
        lines=tuple(LinePackingView.of(line) for line in packing(amounts, packed)),
        by_type=by_type(views), totals=totals(views))


def _own(contents: list[PackageContent], line_no: dict) -> dict[int, int]:
    own: dict[int, int] = {}
    for content in contents:
        if content.line_id in line_no:
            number = line_no[content.line_id]
            own[number] = own.get(number, 0) + content.base_micro
    return own
