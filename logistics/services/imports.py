"""Bulk import of shipments with their lines from a CSV or XLSX file (one row per line), all or nothing.

The use case runs an import's four stages over the file as a stream, batch by batch:
read (``domain.import_rows``: rows grouped by shipment), check (passed in as ``check``:
the API's own rules live with the schemas, and a service imports no schemas), plan
(``domain.import_plan``: compared with what is stored) and apply (``services.import_apply``:
the writes). Each stage hands on values, refusals included; every refused cell is counted (the
first ones listed), and once any is, nothing more is written and the import's one transaction is rolled back.
Shipments are keyed by reference and lines by reference and line number, so importing the
same file twice changes nothing. This module also reads what the check and the plan need
from the database: the catalogue, and the stored shipments a batch names.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from typing import IO

from sqlmodel import Session, col, select

from logistics import planner_stats
from logistics.domain.access import STAFF_ROLES, Actor
from logistics.domain.import_plan import StoredLine, StoredShipment, plan_shipments
from logistics.domain.import_rows import (
    Catalogue,
    Check,
    Columns,
    ItemRef,
    LineValues,
    OrganizationRef,
    RawRow,
    RawShipment,
    ShipmentHeader,
    group_shipments,
    read_columns,
    read_rows,
)
from logistics.domain.package_rows import SHEET as PACKAGE_SHEET
from logistics.domain.package_rows import is_package_sheet
from logistics.domain.texts import E_
from logistics.domain.transfer import DEFAULT_LIMITS, ImportLimits, ImportReport, Refusal
from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.errors import Forbidden
from logistics.models import Item, Organization, Shipment, ShipmentLine
from logistics.services.common import MAX_ID, stored_id
from logistics.services.import_apply import NewRows, apply, write_new
from logistics.services.items import units_of
from logistics.services.package_imports import import_packages
from logistics.services.spreadsheets import FileRefused, Sheet, open_sheet, seekable
from logistics.services.totals import customs_of, net_mass_of, value_of
from logistics.services.workbooks import open_named_sheet
from logistics.unit_of_work import writing
from logistics.units import Dimension, Normalized, Quantity, from_micro

BATCH_ROWS = 2_000  # rows checked, planned and written at a time: memory stays flat, statements large
Progress = Callable[[int, int | None], None]


def import_shipments(session: Session, actor: Actor, stream: IO[bytes], filename: str | None = None, *,
                     check: Check, dry_run: bool = False, progress: Progress | None = None,
                     limits: ImportLimits = DEFAULT_LIMITS,
                     company_prefix: str | None = None) -> ImportReport:
    """Check a file with ``check`` and store its shipments and lines, all or nothing (staff only).

    ``limits`` bound what reading the file may cost (rows, cell length, a workbook's size and
    shared strings) and how many refusals the report lists; each is checked while reading.
    A workbook's "Packages" sheet is imported after its shipments, in the same transaction
    (services/package_imports.py); a CSV whose headings are the Packages sheet's holds packages only.
    A dry run of a file with packages writes its shipments and rolls them back: the packages are
    checked against them.
    """
    if actor.role not in STAFF_ROLES:
        raise Forbidden(E_("a %(role)s user may not import shipments", role=actor.role))
    report = ImportReport(dry_run=dry_run, max_refusals=limits.max_refusals)
    stream = seekable(stream)
    start = stream.tell()
    workbook = stream.read(4) == b"PK\x03\x04"  # a CSV is read as it streams: looked at before, not after
    stream.seek(start)
    try:
        sheet = open_sheet(stream, filename, limits)
    except FileRefused as error:  # the spreadsheet reader's way of saying so, made a value here
        report.refuse((error.refusal,))
        return report
    try:
        if is_package_sheet(sheet.headings):
            with writing(session, actor):
                import_packages(session, actor, sheet, report, write=True, company_prefix=company_prefix)
                if dry_run or not report.accepted:
                    session.rollback()
            report.finish()
            return report
        columns = read_columns(sheet.headings)
        report.ignore(columns.ignored)
        report.refuse(columns.refusals)
        if columns.refusals:
            report.finish()
            return report
        note = f"imported from {filename}" if filename else "imported"
        shipments = group_shipments(_rows(sheet, columns, report, progress))
        packed = workbook and _has_packages(stream, limits, report)
        if dry_run and not packed:
            _run(session, actor, shipments, check, report, note, write=False)
            session.rollback()  # end the read transaction
        else:
            with writing(session, actor):
                created: set[str] = set()
                _run(session, actor, shipments, check, report, note, write=True, created=created)
                if packed and report.accepted:
                    _import_packages(session, actor, stream, limits, report, created, company_prefix)
                if dry_run or not report.accepted:
                    session.rollback()  # all or nothing: drop the batches written before the first refusal
            if report.accepted and not dry_run:
                planner_stats.refresh(session.get_bind().engine)  # a large import may outgrow them
    finally:
        sheet.close()
    report.finish()  # in the sheet's order, whatever the batches
    return report


def _rows(sheet: Sheet, columns: Columns, report: ImportReport,
          progress: Progress | None) -> Iterator[RawRow]:
    """Read the sheet's rows, counting them and saying how far reading has got.

    A file that stops being readable part way (``FileRefused``, the spreadsheet reader's way
    of saying so) ends the rows, and its refusal goes in the report as a value.
    """
    count = 0
    try:
        for row in read_rows(sheet.rows, columns):
            count += 1
            if progress is not None and count % 500 == 0:
                progress(*sheet.progress())
            yield row
    except FileRefused as error:
        report.refuse((error.refusal,))
    report.rows = count
    if progress is not None:
        progress(*sheet.progress())


def _has_packages(stream: IO[bytes], limits: ImportLimits, report: ImportReport) -> bool:
    """Say whether a workbook has a Packages sheet; one that cannot be opened is refused."""
    try:
        found = open_named_sheet(stream, limits, PACKAGE_SHEET)
    except FileRefused as error:
        report.refuse((replace(error.refusal, sheet=PACKAGE_SHEET),))
        return False
    if found is None:
        return False
    found.close()
    return True


def _import_packages(session: Session, actor: Actor, stream: IO[bytes], limits: ImportLimits,
                     report: ImportReport, created: set[str], company_prefix: str | None) -> None:
    """Import the workbook's Packages sheet after its shipments, in the same transaction."""
    try:
        sheet = open_named_sheet(stream, limits, PACKAGE_SHEET)
    except FileRefused as error:
        report.refuse((replace(error.refusal, sheet=PACKAGE_SHEET),))
        return
    if sheet is None:
        return
    try:
        import_packages(session, actor, sheet, report, write=True, new_references=created,
                        company_prefix=company_prefix)
    finally:
        sheet.close()


def _run(session: Session, actor: Actor, shipments: Iterable[RawShipment | Refusal], check: Check,
         report: ImportReport, note: str, *, write: bool, created: set[str] | None = None) -> None:
    """Gather the shipments read into batches of about BATCH_ROWS rows, and settle each batch."""
    catalogue = DatabaseCatalogue(session)
    batch: deque[RawShipment] = deque()
    rows = 0
    for found in shipments:
        if isinstance(found, Refusal):
            report.refuse((found,))
            continue
        batch.append(found)
        rows += len(found.rows)
        if rows >= BATCH_ROWS:
            _settle(session, actor, batch, check, catalogue, report, note, write=write, created=created)
            rows = 0
    _settle(session, actor, batch, check, catalogue, report, note, write=write, created=created)


def _settle(session: Session, actor: Actor, batch: deque[RawShipment], check: Check, catalogue: Catalogue,
            report: ImportReport, note: str, *, write: bool, created: set[str] | None = None) -> None:
    """Check, plan and (while nothing is refused) apply a batch of shipments, one query for what is stored.

    The batch is emptied as it goes: each shipment's rows are let go once checked, and its
    typed values once planned, so a batch holds the rows as read, then plain column values
    (see ``NewRows``), and never both in full.
    """
    if not batch:
        return
    # The stored rows stay referenced (so in the session) until applied: a change finds its row there.
    rows = _read_stored(session, [shipment.reference for shipment in batch])
    stored = {row.reference: stored_shipment(row) for row in rows}
    new = NewRows()
    while batch:
        checked = check(batch.popleft(), catalogue)
        if isinstance(checked, tuple):
            report.refuse(checked)
            continue
        plan = plan_shipments((checked,), stored)
        report.refuse(plan.refusals)
        report.shipments_created += plan.shipments_created
        report.shipments_updated += plan.shipments_updated
        report.shipments_unchanged += plan.shipments_unchanged
        report.lines_created += plan.lines_created
        report.lines_updated += plan.lines_updated
        report.lines_unchanged += plan.lines_unchanged
        if created is not None:
            created.update(shipment.reference for shipment in plan.create)
        if write and report.accepted:
            apply(session, actor, plan, new)
    if write and report.accepted:
        write_new(session, actor, new, note)
    session.expunge_all()  # keep memory flat: nothing read for this batch is needed again


# -- what the checks and the plan read ----------------------------------------------------------------

class DatabaseCatalogue:
    """The catalogue a check reads: items by SKU, organisations by id or name, each looked up once."""

    def __init__(self, session: Session):
        self._session = session
        self._items: dict[str, ItemRef | None] = {}
        self._organizations: dict[int | str, OrganizationRef | None] = {}

    def item(self, sku: str) -> ItemRef | None:
        """Return the item with this SKU, or None."""
        if sku not in self._items:
            item = self._session.exec(select(Item).where(Item.sku == sku)).first()
            self._items[sku] = None if item is None or item.id is None else ItemRef(item.id, item.sku,
                                                                                    units_of(item))
        return self._items[sku]

    def organization(self, key: int | str) -> OrganizationRef | None:
        """Return the organisation with this id (an int) or name (a str), or None."""
        if key not in self._organizations:
            columns = select(Organization.id, Organization.name, Organization.kind)
            if isinstance(key, int):  # a larger id names no row: the database is not asked
                row = self._session.exec(columns.where(Organization.id == key)).first() \
                    if 0 < key <= MAX_ID else None
            else:
                row = self._session.exec(columns.where(Organization.name == key)).first()
            self._organizations[key] = None if row is None else OrganizationRef(*row)
        return self._organizations[key]


def _read_stored(session: Session, references: list[str]) -> list[Shipment]:
    """Return the stored shipments with these references (their lines loaded with them)."""
    found: list[Shipment] = []
    for start in range(0, len(references), 500):
        chunk = references[start:start + 500]
        found.extend(session.exec(select(Shipment).where(col(Shipment.reference).in_(chunk))))
    return found


def stored_shipment(shipment: Shipment) -> StoredShipment:
    """Return a stored shipment as a plan compares it, typed as a check types a file's rows."""
    header = ShipmentHeader(
        reference=shipment.reference, status=Status(shipment.status), direction=Direction(shipment.direction),
        kind=Kind(shipment.kind), counterparty_id=shipment.counterparty_id,
        origin_country=shipment.origin_country, origin_place=shipment.origin_place,
        destination_country=shipment.destination_country, destination_place=shipment.destination_place,
        carrier=shipment.carrier,
        transport_mode=TransportMode(shipment.transport_mode) if shipment.transport_mode else None,
        tracking_number=shipment.tracking_number, planned_departure=shipment.planned_departure,
        expected_arrival=shipment.expected_arrival, notes=shipment.notes, **customs_of(shipment),
        dispatched_at=shipment.dispatched_at, delivered_at=shipment.delivered_at,
        received_at=shipment.received_at)
    lines = {line.line_no: StoredLine(stored_id(line.id), _line_values(line)) for line in shipment.lines}
    return StoredShipment(stored_id(shipment.id), shipment.version, header, lines)


def _line_values(line: ShipmentLine) -> LineValues:
    """Return a stored line's values (its decimal text columns read as the Decimals written there)."""
    received = None if line.received_value is None or line.received_unit is None \
        else Quantity(Decimal(line.received_value), line.received_unit)
    return LineValues(
        line_no=line.line_no, item_id=line.item_id,
        quantity=Quantity(Decimal(line.quantity_value), line.quantity_unit),
        normalized=Normalized(Dimension(line.dimension), from_micro(line.base_micro), line.base_unit,
                              line.rounded),
        lot=line.lot, expiry=line.expiry,
        value=value_of(line), country_of_origin=line.country_of_origin, net_mass=net_mass_of(line),
        net_mass_kg=None if line.net_mass_micro is None else from_micro(line.net_mass_micro),
        received=received,
        received_base=None if line.received_micro is None else from_micro(line.received_micro),
        received_note=line.received_note, received_reason=line.received_reason)
