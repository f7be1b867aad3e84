"""Bulk import of shipments with their lines from a CSV or XLSX file (one row per line).

The rules are the API's: a shipment's columns are checked by the API's own schema and
each line's cells by the API's own fields, then quantities by the same normaliser.
The file is read once, as a stream, in batches: each batch is checked against the
database, and written (inside the import's one transaction) only while no row has been
refused. Any refusal rolls the whole transaction back, so either every row is stored or
none is, and the report lists every refused cell. Shipments are keyed by reference and
lines by reference and line number, so importing the same file twice changes nothing.

Rows past the ORM are written with bulk INSERTs (the speed a spreadsheet of 100,000
lines needs), and their audit entries are written beside them in the same transaction;
changes to existing shipments go through the ORM, whose hooks record them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import IO

from marshmallow import ValidationError
from sqlalchemy import func, insert
from sqlmodel import Session, select

from logistics.domain.access import STAFF_ROLES, Actor
from logistics.domain.transfer import (
    COLUMNS,
    HEADER_COLUMNS,
    LINE_NAMES,
    REQUIRED,
    ImportReport,
    Refusal,
    column_name,
    unescape_cell,
)
from logistics.domain.workflow import HEADER_FIELDS, Status, editable_fields, lines_editable
from logistics.errors import Forbidden
from logistics.models import Item, Organization, Shipment, ShipmentEvent, ShipmentLine
from logistics.models.shipments import new_tracking_token
from logistics.models.types import utcnow
from logistics.schemas.shipments import LineInSchema, ReceivedSchema, ShipmentInSchema
from logistics.services.audit import record_created
from logistics.services.common import MAX_ID, unique
from logistics.services.events import received_columns
from logistics.services.items import units_of
from logistics.services.lines import quantity_columns
from logistics.services.scoping import claim_version
from logistics.services.spreadsheets import FileRefused, open_sheet
from logistics.unit_of_work import writing
from logistics.units import ItemUnits, Quantity, QuantityError, format_decimal, parse_decimal, parse_quantity

BATCH_ROWS = 2_000
Progress = Callable[[int, int | None], None]

_HEADER_SCHEMA = ShipmentInSchema()
_LINE_FIELDS = {**LineInSchema._declared_fields, "received_note": ReceivedSchema._declared_fields["note"]}
_PLACE_COLUMNS = {("origin", "country"): "origin_country", ("origin", "place"): "origin_place",
                  ("destination", "country"): "destination_country",
                  ("destination", "place"): "destination_place"}
# The stored line columns an import sets, and so compares with what a line holds already.
_LINE_VALUES = ("item_id", "quantity_value", "quantity_unit", "dimension", "base_micro", "base_unit",
                "rounded", "lot", "expiry", "declared_value", "currency", "received_value",
                "received_unit", "received_micro", "received_note")


class _Refused(Exception):
    """Raised inside the write transaction to roll it back once every row has been checked."""


def import_shipments(session: Session, actor: Actor, stream: IO[bytes], filename: str | None = None,
                     *, dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
    """Check a file and store its shipments and lines, all or nothing (staff only)."""
    if actor.role not in STAFF_ROLES:
        raise Forbidden(f"a {actor.role} user may not import shipments")
    report = ImportReport(dry_run=dry_run)
    try:
        sheet = open_sheet(stream, filename)
    except FileRefused as error:
        report.refusals.append(error.refusal)
        return report
    try:
        positions = _positions(sheet.headings, report)
        if report.refusals:
            return report
        importer = _Importer(session, actor, report, positions, filename)
        if dry_run:
            importer.run(sheet, progress)
            session.rollback()
            return report
        with writing(session, actor):
            importer.writing = True
            importer.run(sheet, progress)
            if report.refusals:
                raise _Refused
    except _Refused:
        pass
    except FileRefused as error:
        report.refusals.append(error.refusal)
        session.rollback()
    finally:
        sheet.close()
    return report


def _positions(headings: list[str], report: ImportReport) -> dict[str, int]:
    """Map each known column to its position; refuse a missing or repeated one."""
    positions: dict[str, int] = {}
    for index, heading in enumerate(headings):
        name = column_name(heading)
        if not name:
            continue
        if name not in COLUMNS:
            report.ignored_columns.append(str(heading))
        elif name in positions:
            report.refusals.append(Refusal(1, name, str(heading), "this column appears twice"))
        else:
            positions[name] = index
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        report.refusals.append(Refusal(
            1, None, ", ".join(missing),
            f"missing column{'s' if len(missing) > 1 else ''}: the first row must name the columns "
            f"{', '.join(REQUIRED)} (optional: {', '.join(c for c in COLUMNS if c not in REQUIRED)})"))
    return positions


@dataclass
class _Group:
    """The rows of one shipment, as read: its columns once, then its lines."""

    reference: str
    first_row: int
    raw_header: tuple
    header: dict | None  # the checked columns; None when they were refused
    lines: list[tuple[int, int, dict]] = field(default_factory=list)  # (row, line_no, columns)
    line_rows: dict[int, int] = field(default_factory=dict)  # line_no -> row
    refused: bool = False


class _Importer:
    """One import: reads rows, groups them by shipment, checks and writes batch by batch."""

    def __init__(self, session: Session, actor: Actor, report: ImportReport, positions: dict[str, int],
                 filename: str | None):
        self.session, self.actor, self.report, self.positions = session, actor, report, positions
        self.note = f"imported from {filename}" if filename else "imported"
        self.writing = False
        self.items: dict[str, tuple[Item, ItemUnits] | None] = {}
        self.organizations: dict[str, int | None] = {}
        self.cells: dict[tuple[str, object], object] = {}
        self.seen: dict[str, int] = {}  # reference -> its first row (a shipment's rows stay together)
        self.group: _Group | None = None
        self.pending: list[_Group] = []
        self.pending_rows = 0

    # -- reading ---------------------------------------------------------------------------------

    def run(self, sheet, progress: Progress | None) -> None:
        """Read every row, then finish the last batch."""
        names, pick, width = _picker(self.positions)
        header_of = _subset(names, HEADER_COLUMNS)
        line_of = _subset(names, LINE_NAMES)
        for number, cells in sheet.rows:
            if len(cells) < width:
                cells = list(cells) + [""] * (width - len(cells))
            cleaned = [value.strip() if value.__class__ is str else value for value in pick(cells)]
            if not any(cleaned):
                continue  # a blank row (spreadsheets keep a few at the end)
            if any(value[:1] == "'" for value in cleaned if value.__class__ is str):
                cleaned = [unescape_cell(value) if value.__class__ is str else value for value in cleaned]
            values = dict(zip(names, cleaned))
            self.report.rows += 1
            self._read(number, values, header_of(cleaned), line_of(cleaned))
            if self.pending_rows >= BATCH_ROWS:
                self._flush()
            if progress and self.report.rows % 500 == 0:
                progress(*sheet.progress())
        self._close_group()
        self._flush()
        if progress:
            progress(*sheet.progress())

    def _refuse(self, row: int, column: str | None, value, reason: str) -> None:
        self.report.refusals.append(Refusal(row, column, None if value is None else str(value), reason))
        self.writing = False  # nothing more is written: the transaction will be rolled back

    def _read(self, number: int, values: dict, raw_header: tuple, raw_line: tuple) -> None:
        reference = str(values["reference"]).upper()
        group = self.group
        if not reference:
            self._refuse(number, "reference", "", "give the shipment's reference (e.g. OUT-2020-0042): "
                                                  "it keys the shipment, so a second import changes nothing")
            return
        if group is None or reference != group.reference:
            self._close_group()
            if reference in self.seen:
                self._refuse(number, "reference", reference,
                             f"the rows of shipment {reference} must be together: it first appears in "
                             f"row {self.seen[reference]} (sort the sheet by reference)")
                return
            self.seen[reference] = number
            group = self.group = _Group(reference, number, raw_header, self._header(number, values))
            group.refused = group.header is None
        elif raw_header != group.raw_header and group.header is not None:
            self._compare_header(number, values, group)
        if not any(raw_line):
            self._no_lines(number, group)  # a shipment with no lines yet: its columns only
            return
        line = self._line(number, values, group)
        if line is None:
            group.refused = True
            return
        line_no, columns = line
        if line_no in group.line_rows:
            self._refuse(number, "line_no", line_no, f"line {line_no} of {reference} is also in row "
                                                     f"{group.line_rows[line_no]}")
            group.refused = True
            return
        group.line_rows[line_no] = number
        group.lines.append((number, line_no, columns))
        self.pending_rows += 1

    def _no_lines(self, number: int, group: _Group) -> None:
        status = group.header["status"] if group.header else None
        if status not in (None, Status.DRAFT.value, Status.CANCELLED.value):
            self._refuse(number, "line_no", "", f"a {status} shipment has lines: give line_no, sku "
                                                "and quantity (only a draft or cancelled one may have none)")
            group.refused = True
        elif group.lines or number != group.first_row:
            self._refuse(number, "line_no", "", "give line_no, sku and quantity: a row without them "
                                                "stands only for a shipment with no lines at all")
            group.refused = True

    def _close_group(self) -> None:
        if self.group is not None:
            self.pending.append(self.group)
            self.group = None

    def _header(self, number: int, values: dict) -> dict | None:
        """Check a shipment's columns with the API's schema; return them as stored, or None."""
        data: dict = {}
        for name in ("reference",) + HEADER_COLUMNS:
            value = values.get(name)
            if value in ("", None) or name in ("counterparty",):
                continue
            data[name] = value.isoformat() if isinstance(value, date) else value
        for end in ("origin", "destination"):
            place = {key: data.pop(f"{end}_{key}") for key in ("country", "place") if f"{end}_{key}" in data}
            if place:
                data[end] = place
        status = str(data.pop("status", Status.DRAFT.value)).strip().lower()
        for name in ("direction", "kind", "transport_mode"):
            if isinstance(data.get(name), str):
                data[name] = data[name].strip().lower()
        errors = {}
        counterparty = self._organization(values.get("counterparty"))
        if isinstance(counterparty, str):
            errors["counterparty"] = counterparty
        else:
            data["counterparty_id"] = counterparty
        try:
            header = _HEADER_SCHEMA.load(data)
        except ValidationError as error:
            for column, message in _flatten(error.messages):
                errors.setdefault(column, message)
        if status not in {member.value for member in Status}:
            errors["status"] = f"must be one of {', '.join(member.value for member in Status)}"
        for column, message in errors.items():
            self._refuse(number, column, _shown(values, column), message)
        if errors:
            return None
        stored = header.columns()  # the schema builds a CreateShipment command
        header = {name: stored.get(name) for name in HEADER_FIELDS}  # a blank cell is None
        header["status"], header["reference"] = status, values["reference"].strip().upper()
        return header

    def _compare_header(self, number: int, values: dict, group: _Group) -> None:
        """Refuse a row whose shipment columns differ from the shipment's first row."""
        refusals_before = len(self.report.refusals)
        header = self._header(number, values)
        if header is None:
            group.refused = True
            return
        for name, value in header.items():
            if group.header.get(name) != value:
                column = "counterparty" if name == "counterparty_id" else name
                self._refuse(number, column, _shown(values, column),
                             f"differs from row {group.first_row}, the first row of shipment "
                             f"{group.reference} (a shipment's columns repeat unchanged on each line)")
        group.refused = group.refused or len(self.report.refusals) > refusals_before

    def _organization(self, raw) -> int | str:
        """Return the id of the organisation a cell names (by name, or by id); or why not."""
        text = "" if raw is None else str(raw).strip()
        if not text:
            return "give the organisation's name (as in the catalogue) or its id"
        if text not in self.organizations:
            query = select(Organization.id)
            if text.isdigit():
                query = query.where(Organization.id == int(text)) if int(text) <= MAX_ID else None
            else:
                query = query.where(Organization.name == text)
            self.organizations[text] = self.session.exec(query).first() if query is not None else None
        found = self.organizations[text]
        if found is None:
            return (f"no organisation with id {text}" if text.isdigit() else
                    f"no organisation named {text!r}: give the name exactly as in the catalogue, or its id")
        return found

    def _item(self, sku: str) -> tuple[Item, ItemUnits] | None:
        if sku not in self.items:
            item = self.session.exec(select(Item).where(Item.sku == sku)).first()
            self.items[sku] = (item, units_of(item)) if item else None
        return self.items[sku]

    def _field(self, name: str, value):
        """Check one line cell with the API's own field (the answers are cached per value)."""
        key = (name, value)
        if key not in self.cells:
            try:
                self.cells[key] = _LINE_FIELDS[name].deserialize(
                    value.isoformat() if isinstance(value, date) else value)
            except ValidationError as error:
                self.cells[key] = error
            if len(self.cells) > 4_096:  # lots and values can all differ: keep the cache small
                self.cells.clear()
                return self._field(name, value)
        found = self.cells[key]
        if isinstance(found, ValidationError):
            raise found
        return found

    def _line(self, number: int, values: dict, group: _Group) -> tuple[int, dict] | None:
        """Check one line's cells; return its number and stored columns, or None when refused."""
        errors: dict[str, str] = {}
        line_no = _whole(values.get("line_no"))
        if line_no is None:
            errors["line_no"] = "give the line's number: a whole number from 1, unique within the shipment"
        columns: dict = {}
        for name in ("lot", "expiry", "declared_value", "currency", "received_note"):
            value = values.get(name)
            if value in ("", None):
                columns[name] = None
                continue
            try:
                columns[name] = self._field(name, value)
            except ValidationError as error:
                errors[name] = _first(error.messages)
        if isinstance(columns.get("declared_value"), Decimal):  # the API's field gives an exact Decimal
            columns["declared_value"] = format_decimal(columns["declared_value"])
        if (columns.get("declared_value") is None) != (columns.get("currency") is None) \
                and "declared_value" not in errors and "currency" not in errors:
            errors["currency"] = "give declared_value and currency together"
        sku = str(values.get("sku") or "").strip()
        found = self._item(sku) if sku else None
        if found is None:
            errors["sku"] = f"no item with SKU {sku!r}" if sku else "give the item's SKU"
        else:
            item, units = found
            columns["item_id"] = item.id
            self._quantities(values, group, item, units, columns, errors)
        for column, message in errors.items():
            self._refuse(number, column, _shown(values, column), message)
        return None if errors else (line_no, columns)

    def _quantities(self, values: dict, group: _Group, item: Item, units: ItemUnits, columns: dict,
                    errors: dict) -> None:
        try:
            quantity = _quantity(values.get("quantity"), values.get("unit"))
            columns.update(quantity_columns(units, quantity))
        except QuantityError as error:
            errors["quantity"] = f"{item.sku}: {error}"
            return
        received = values.get("received_quantity")
        status = group.header["status"] if group.header else None
        if received in ("", None):
            full = status == Status.RECEIVED.value
            columns["received_value"] = columns["quantity_value"] if full else None
            columns["received_unit"] = columns["quantity_unit"] if full else None
            columns["received_micro"] = columns["base_micro"] if full else None
            return
        if status is not None and status != Status.RECEIVED.value:
            errors["received_quantity"] = "received quantities go with status received"
            return
        try:
            quantity = _quantity(received, values.get("received_unit"), allow_zero=True)
            sent = {"line_no": values.get("line_no"), **columns}
            columns.update(received_columns(units, sent, quantity))
        except QuantityError as error:
            errors["received_quantity"] = f"{item.sku}: {error}"

    # -- checking against the database and writing ----------------------------------------------

    def _flush(self) -> None:
        groups = [group for group in self.pending if not group.refused]
        self.pending, self.pending_rows = [], 0
        if not groups:
            return
        existing = {}
        references = [group.reference for group in groups]
        for start in range(0, len(references), 500):
            chunk = references[start:start + 500]
            existing.update((shipment.reference, shipment) for shipment in
                            self.session.exec(select(Shipment).where(Shipment.reference.in_(chunk))))
        new = [group for group in groups if group.reference not in existing]
        for group in groups:
            if group.reference in existing:
                self._merge(group, existing[group.reference])
        self.report.shipments_created += len(new)
        self.report.lines_created += sum(len(group.lines) for group in new)
        if self.writing:
            self._insert(new)
            self.session.flush()
        self.session.expunge_all()  # keep memory flat: nothing read here is needed again

    def _merge(self, group: _Group, shipment: Shipment) -> None:
        """Compare a shipment's rows with the stored shipment: apply what may change, refuse the rest."""
        status = Status(shipment.status)
        refused = len(self.report.refusals)
        if group.header["status"] != shipment.status:
            self._refuse(group.first_row, "status", group.header["status"],
                         f"shipment {shipment.reference} is {shipment.status}: an import does not move "
                         "a shipment along the workflow (use its status buttons or POST .../events)")
        header = {name: group.header[name] for name in HEADER_FIELDS
                  if group.header[name] != getattr(shipment, name)}
        for name in sorted(set(header) - set(editable_fields(status))):
            column = "counterparty" if name == "counterparty_id" else name
            self._refuse(group.first_row, column, group.header[name],
                         f"cannot change while shipment {shipment.reference} is {status} "
                         f"(it holds {getattr(shipment, name)!r})")
        stored = {line.line_no: line for line in shipment.lines}
        changes = []
        for row, line_no, columns in group.lines:
            line = stored.get(line_no)
            if line is not None and all(getattr(line, name) == columns.get(name) for name in _LINE_VALUES):
                self.report.lines_unchanged += 1
                continue
            if not lines_editable(status):
                what = "change" if line is not None else "gain a line"
                self._refuse(row, "line_no", line_no,
                             f"shipment {shipment.reference} is {status}: its lines cannot {what} "
                             "(only draft or confirmed shipments can be edited)")
                continue
            changes.append((line, line_no, columns))
        self.report.lines_created += sum(1 for line, _, _ in changes if line is None)
        self.report.lines_updated += sum(1 for line, _, _ in changes if line is not None)
        if not header and not changes:
            self.report.shipments_unchanged += 1
            return
        self.report.shipments_updated += 1
        if self.writing and len(self.report.refusals) == refused:
            claim_version(self.session, shipment, shipment.version, self.actor)
            for name, value in header.items():
                setattr(shipment, name, value)
            for line, line_no, columns in changes:
                if line is None:
                    shipment.lines.append(ShipmentLine(line_no=line_no, **columns))
                else:
                    for name, value in columns.items():
                        setattr(line, name, value)

    def _insert(self, groups: list[_Group]) -> None:
        """Write new shipments, their lines and their first history entry in bulk, with audit entries."""
        if not groups:
            return
        now, user = utcnow(), self.actor.user_id
        shipments = [{"reference": group.reference, "status": group.header["status"],
                      **{name: group.header[name] for name in HEADER_FIELDS},
                      "tracking_token": new_tracking_token(), "version": 1, "created_at": now,
                      "created_by_id": user, "updated_at": now, "updated_by_id": user}
                     for group in groups]
        with unique("reference", "another user created one of these shipments meanwhile: import again"):
            self._bulk(Shipment, shipments)
        lines, events = [], []
        for group, shipment in zip(groups, shipments):
            lines.extend({"shipment_id": shipment["id"], "line_no": line_no, **columns}
                         for _, line_no, columns in group.lines)
            events.append({"shipment_id": shipment["id"], "kind": "created", "from_status": None,
                           "to_status": shipment["status"], "occurred_at": now, "actor_id": user,
                           "location": None, "note": self.note, "tracking_number": None})
        self._bulk(ShipmentLine, lines)
        self._bulk(ShipmentEvent, events)

    def _bulk(self, model, rows: list[dict]) -> None:
        """Insert rows with ids taken beforehand (a plain executemany), and record them audited."""
        if not rows:
            return
        table = model.__table__
        connection = self.session.connection()
        for row, row_id in zip(rows, _new_ids(connection, table, len(rows))):
            row["id"] = row_id
        connection.execute(insert(table), rows)
        record_created(self.session, table, rows, self.actor)


def _new_ids(connection, table, count: int) -> list[int]:
    """Return ids for ``count`` new rows of a table, taken before inserting them.

    PostgreSQL hands them out from the table's sequence (safe beside other writers); SQLite
    numbers on from the largest id, which is safe because an import holds the database's only
    write lock from its first statement (BEGIN IMMEDIATE).
    """
    if connection.dialect.name == "postgresql":
        sequence = func.pg_get_serial_sequence(table.name, "id")
        return list(connection.execute(select(func.nextval(sequence))
                                       .select_from(func.generate_series(1, count))).scalars())
    start = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(start + 1, start + count + 1))


def _picker(positions: dict[str, int]):
    """Return the known columns' names, a function taking their cells from a row, the row width needed."""
    names = tuple(positions)
    indexes = [positions[name] for name in names]
    return names, _getter(indexes), max(indexes) + 1


def _subset(names: tuple[str, ...], wanted: tuple[str, ...]):
    """Return a function taking the cells of the wanted columns (those the sheet has) from a row."""
    return _getter([index for index, name in enumerate(names) if name in wanted])


def _getter(indexes: list[int]):
    """Return a function taking the cells at these positions from a row, always as a tuple."""
    if not indexes:
        return lambda cells: ()
    getter = itemgetter(*indexes)
    return getter if len(indexes) > 1 else (lambda cells: (getter(cells),))


def _shown(values: dict, column: str):
    return values.get(column)


def _whole(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) <= 1_000_000 else None


def _quantity(value, unit, *, allow_zero: bool = False) -> Quantity:
    """Read a quantity from its cell ("22.5 t"), or from an amount and a unit cell."""
    text = "" if value is None else str(value).strip()
    unit = "" if unit is None else str(unit).strip()
    if not text:
        raise QuantityError("give the quantity, e.g. 22.5 t (or 22.5 with t in the unit column)")
    if unit:
        try:
            parse_decimal(text, allow_zero=allow_zero)
        except QuantityError:
            if not any(char.isalpha() for char in text):
                raise
            raise QuantityError(f"{text!r} is not an amount: the unit column says {unit!r}, so give the "
                                "amount alone (e.g. 22.5), or leave the unit column empty") from None
        return parse_quantity({"value": text, "unit": unit}, allow_zero=allow_zero)
    return parse_quantity(text, allow_zero=allow_zero)


def _first(messages) -> str:
    while isinstance(messages, (list, dict)):
        messages = next(iter(messages.values() if isinstance(messages, dict) else messages), "")
    return str(messages)


def _flatten(messages: dict) -> list[tuple[str, str]]:
    """Map the schema's messages to columns: origin.country is origin_country."""
    found = []
    for name, value in messages.items():
        if name in ("origin", "destination") and isinstance(value, dict):
            for key, inner in value.items():
                found.append((_PLACE_COLUMNS.get((name, key), name), _first(inner)))
        else:
            found.append(("counterparty" if name == "counterparty_id" else name, _first(value)))
    return found
