"""Export of shipments with their lines as CSV or XLSX, in the shape an import reads back.

A workbook has a second sheet, "Packages" (services/package_exports.py), which an import reads back
(services/package_imports.py).

One row per line, the shipment's columns repeated, a shipment's rows together; a
shipment without lines gets one row with empty line columns. Rows are read from the
database in batches and written as they come, so memory stays flat.
"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import IO

from sqlalchemy import select
from sqlmodel import Session, col

from logistics.csv_writer import csv_chunks
from logistics.domain.access import Actor
from logistics.domain.transfer import COLUMNS
from logistics.models import Item, Organization, Shipment, ShipmentLine
from logistics.money import from_minor
from logistics.services.package_exports import PACKAGE_COLUMNS, SHEET, package_rows
from logistics.services.shipments import list_shipments
from logistics.services.spreadsheets import write_xlsx

# col() gives mypy the SQL columns behind SQLModel's attributes (their type is the Python value's).
_SHIPMENT = tuple(col(column) for column in (
    Shipment.reference, Shipment.direction, Shipment.kind, Shipment.status, Organization.name,
    Organization.id, Shipment.origin_country, Shipment.origin_place, Shipment.destination_country,
    Shipment.destination_place, Shipment.carrier, Shipment.transport_mode, Shipment.tracking_number,
    Shipment.planned_departure, Shipment.expected_arrival, Shipment.dispatched_at, Shipment.delivered_at,
    Shipment.received_at, Shipment.notes, Shipment.incoterm,
    Shipment.incoterm_place, Shipment.invoice_number, Shipment.cmr_number, Shipment.awb_number,
    Shipment.bill_of_lading_number, Shipment.rail_note_number))
_LINE = tuple(col(column) for column in (
    ShipmentLine.line_no, Item.sku, ShipmentLine.quantity_value, ShipmentLine.quantity_unit,
    ShipmentLine.lot, ShipmentLine.expiry, ShipmentLine.value_minor, ShipmentLine.currency,
    ShipmentLine.country_of_origin, ShipmentLine.net_mass_value, ShipmentLine.net_mass_unit,
    ShipmentLine.received_value, ShipmentLine.received_unit, ShipmentLine.received_note,
    ShipmentLine.received_reason))
_AMOUNTS = {COLUMNS.index(name) for name in ("quantity", "net_mass", "received_quantity")}
_VALUE, _CURRENCY = COLUMNS.index("declared_value"), COLUMNS.index("currency")
# Actual dates as ISO 8601 text in UTC (Excel keeps no offset in a date cell; the text reads back exactly).
_MOMENTS = {COLUMNS.index(name) for name in ("dispatched_at", "delivered_at", "received_at")}


def export_rows(session: Session, actor: Actor, filters: dict) -> Iterator[list]:
    """Yield the rows of the shipments an actor may see, filtered, oldest first (line by line)."""
    chosen = list_shipments(session, actor, filters).with_only_columns(Shipment.id).order_by(None)
    query = (select(*_SHIPMENT, *_LINE)
             .join(Organization, col(Organization.id) == Shipment.counterparty_id)
             .outerjoin(ShipmentLine, col(ShipmentLine.shipment_id) == Shipment.id)
             .outerjoin(Item, col(Item.id) == ShipmentLine.item_id)
             .where(col(Shipment.id).in_(chosen))
             .order_by(col(Shipment.id), col(ShipmentLine.line_no))
             .execution_options(yield_per=1_000))
    for row in session.execute(query):
        values = list(row)
        name, org_id = values.pop(4), values.pop(4)
        # A name that is all digits would read back as an id: write the id then.
        values.insert(4, org_id if name.isdigit() else name)
        if values[_VALUE] is not None:  # minor units back to the amount, with all its decimals
            values[_VALUE] = from_minor(values[_VALUE], values[_CURRENCY]).amount
        for index in _MOMENTS:
            if values[index] is not None:
                values[index] = values[index].isoformat()
        yield [Decimal(value) if index in _AMOUNTS and value is not None else value
               for index, value in enumerate(values)]


def export_csv(session: Session, actor: Actor, filters: dict) -> Iterator[str]:
    """Return the export as CSV text in chunks, with a BOM (Excel then reads it as UTF-8)."""
    return csv_chunks(COLUMNS, export_rows(session, actor, filters), bom=True)


def export_xlsx(session: Session, actor: Actor, filters: dict, target: IO[bytes]) -> None:
    """Write the export as an XLSX workbook to a binary file."""
    write_xlsx(target, list(COLUMNS), export_rows(session, actor, filters), "Shipments",
               [(SHEET, list(PACKAGE_COLUMNS), package_rows(session, actor, filters))])
