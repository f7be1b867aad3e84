"""Reading a shipment's packages: every package with its contents, what is unpacked, counts and totals."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlalchemy import ColumnElement, select
from sqlmodel import Session, col

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
from logistics.models import Package, PackageContent, PackageType, Shipment
from logistics.services.common import stored_id
from logistics.services.package_receipt_reads import receipt_views
from logistics.services.pagination import Cursor, KeysetPage, Page, Total, keyset_page, page_of
from logistics.services.scoping import find_shipment
from logistics.units import Quantity, from_micro


def shipment_packages(session: Session, actor: Actor, key: str | int) -> PackagesView:
    """Return a shipment's packages as the actor may see them (a partner: their own shipments only)."""
    return packages_view(session, find_shipment(session, actor, key, packs=False))


PAGE_SIZE = 1_000  # packages a page of the API's list holds at most (and by default)


def package_page(session: Session, actor: Actor, key: str | int, size: int, *, cursor: str | None = None,
                 page: int | None = None) -> tuple[PackagesView, KeysetPage | Page]:
    """Return a shipment's packages with one page of them (in the order packed), and the page.

    The page is keyed by package id (services/pagination.py, ascending): a cursor, or a numbered
    ``page``. Counts by type, totals and the lines' packing stay the whole shipment's; the view
    is still built from every package (rolled-up contents need them), the page bounds what is sent.
    """
    shipment = find_shipment(session, actor, key, packs=False)
    view = packages_view(session, shipment)
    key_column: ColumnElement[int] = Package.__table__.c.id  # type: ignore[attr-defined]  # built with the class
    query = select(key_column).where(col(Package.shipment_id) == shipment.id)
    found: KeysetPage | Page
    if page is not None:
        ordered = query.order_by(key_column)
        found = page_of(session, ordered, page, size, "empty", rows_of=ordered)
    else:
        at = Cursor.decode(cursor) if cursor else None
        found = replace(keyset_page(session, query, key_column, at, size, count=False, rows_of=query,
                                    ascending=True), total=Total(view.totals.count))
    chosen = {row.id for row in found.items}
    return replace(view, packages=tuple(p for p in view.packages if p.id in chosen)), found


def packages_view(session: Session, shipment: Shipment) -> PackagesView:
    """Return the packages of a shipment already found, in creation order, with packing per line.

    Packages and contents are read as plain rows, not ORM objects: 10,000 packages built as
    objects took more time than everything else the list does.
    """
    shipment_id = stored_id(shipment.id)
    rows = session.execute(
        select(col(Package.id), col(Package.number), col(Package.sscc), col(Package.parent_id),
               col(PackageType.code), col(PackageType.name), col(Package.gross_mass_value),
               col(Package.gross_mass_unit), col(Package.gross_mass_micro), col(Package.length_mm),
               col(Package.width_mm), col(Package.height_mm), col(Package.created_at))
        .join(PackageType, col(PackageType.id) == Package.type_id)
        .where(col(Package.shipment_id) == shipment_id).order_by(col(Package.id))).all()
    contents: dict[int, list[tuple]] = {}
    for package_id, line_id, value, unit, micro in session.execute(
            select(col(PackageContent.package_id), col(PackageContent.line_id),
                   col(PackageContent.quantity_value), col(PackageContent.quantity_unit),
                   col(PackageContent.base_micro))
            .where(col(PackageContent.shipment_id) == shipment_id).order_by(col(PackageContent.id))):
        contents.setdefault(package_id, []).append((line_id, value, unit, micro))
    lines = {line.id: line for line in shipment.lines}
    nodes = {row.id: Node(row.id, shipment_id, row.parent_id, _own(contents.get(row.id, []), lines))
             for row in rows}
    totals_by_package = rolled_up(nodes)
    by_line_no = {line.line_no: line for line in shipment.lines}
    numbers = {row.id: row.number for row in rows}
    children: dict[int, int] = {}
    for row in rows:
        if row.parent_id is not None:
            children[row.parent_id] = children.get(row.parent_id, 0) + 1
    receipts = receipt_views(session, shipment)
    views = []
    for row in rows:
        own = tuple(ContentView(lines[line_id].line_no, lines[line_id].item.sku,
                                Quantity(from_micro(micro), lines[line_id].base_unit),
                                Quantity(Decimal(value), unit))
                    for line_id, value, unit, micro in contents.get(row.id, []) if line_id in lines)
        rolled = tuple(ContentView(no, by_line_no[no].item.sku,
                                   Quantity(from_micro(micro), by_line_no[no].base_unit))
                       for no, micro in sorted(totals_by_package[row.id].items()))
        dimensions = (row.length_mm, row.width_mm, row.height_mm) if row.length_mm is not None else None
        views.append(PackageView(
            id=row.id, number=row.number, sscc=row.sscc, type=row.code, type_name=row.name,
            parent=numbers.get(row.parent_id) if row.parent_id is not None else None,
            level=depth_of(row.id, nodes),
            gross_mass=Quantity(Decimal(row.gross_mass_value), row.gross_mass_unit)
            if row.gross_mass_value is not None else None,
            gross_mass_kg=from_micro(row.gross_mass_micro) if row.gross_mass_micro is not None else None,
            dimensions_mm=dimensions, volume_m3=volume_m3(dimensions),
            contents=own, total_contents=rolled, children=children.get(row.id, 0), created_at=row.created_at,
            shipment=shipment.reference, receipt=receipts.get(row.id)))
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


def _own(contents: list[tuple], lines: dict) -> dict[int, int]:
    """Return a package's own contents by line number (millionths of the line's unit)."""
    own: dict[int, int] = {}
    for line_id, _, _, micro in contents:
        if line_id in lines:
            number = lines[line_id].line_no
            own[number] = own.get(number, 0) + micro
    return own
