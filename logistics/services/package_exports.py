"""Export of shipments' packages: one row per package and line it holds (a package holding none: one row).

Written as the workbook export's second sheet "Packages" and as a CSV of its own, for the same
shipments (the list's filters, a partner's own only). Nested packages name their parent's number.
"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from logistics.csv_writer import csv_chunks
from logistics.domain.access import Actor
from logistics.models import Package, PackageContent, PackageType, Shipment, ShipmentLine
from logistics.services.shipments import list_shipments

PACKAGE_COLUMNS = ("reference", "package", "sscc", "type", "parent", "gross_mass", "length_mm", "width_mm",
                   "height_mm", "line_no", "quantity")
SHEET = "Packages"


def package_rows(session: Session, actor: Actor, filters: dict) -> Iterator[list]:
    """Yield the package rows of the shipments an actor may see, filtered, in creation order."""
    chosen = list_shipments(session, actor, filters).with_only_columns(Shipment.id).order_by(None)
    parent = aliased(Package)
    query = (select(col(Shipment.reference), col(Package.number), col(Package.sscc), col(PackageType.code),
                    col(parent.number), col(Package.gross_mass_value), col(Package.gross_mass_unit),
                    col(Package.length_mm), col(Package.width_mm), col(Package.height_mm),
                    col(ShipmentLine.line_no), col(PackageContent.quantity_value),
                    col(PackageContent.quantity_unit))
             .join(Shipment, col(Shipment.id) == Package.shipment_id)
             .join(PackageType, col(PackageType.id) == Package.type_id)
             .outerjoin(parent, col(parent.id) == Package.parent_id)
             .outerjoin(PackageContent, col(PackageContent.package_id) == Package.id)
             .outerjoin(ShipmentLine, col(ShipmentLine.id) == PackageContent.line_id)
             .where(col(Package.shipment_id).in_(chosen))
             .order_by(col(Package.shipment_id), col(Package.id), col(PackageContent.id))
             .execution_options(yield_per=1_000))
    for (reference, number, sscc, code, above, mass_value, mass_unit, length, width, height, line_no,
         value, unit) in session.execute(query):
        yield [reference, number, sscc, code, above,
               f"{Decimal(mass_value)} {mass_unit}" if mass_value is not None else None,
               length, width, height, line_no, f"{Decimal(value)} {unit}" if value is not None else None]


def export_packages_csv(session: Session, actor: Actor, filters: dict) -> Iterator[str]:
    """Return the packages export as CSV text in chunks, with a BOM (Excel then reads it as UTF-8)."""
    return csv_chunks(PACKAGE_COLUMNS, package_rows(session, actor, filters), bom=True)
