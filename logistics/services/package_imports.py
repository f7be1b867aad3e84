"""Importing packages: the "Packages" sheet (or a CSV of packages) checked against what is stored, written.

Runs inside the import's one transaction, after its shipments (so a file's new shipments can be
packed), and only while nothing is refused. Packages keep their numbers and SSCCs: an export read
into an empty database gives the same packages. An internal number PKG-n takes the id n where it
is free (later packages are numbered from their ids: no clash; the PostgreSQL sequence is moved past
it), and an SSCC of our company prefix moves its serial counter past it. A package already stored
alike is unchanged; one stored otherwise is refused (an import does not repack: PATCH the package).
Packages are added to a stored shipment only while it is draft or confirmed, as on the API; a
shipment created by the same file takes its packages whatever its status (a backup restored).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import case, func, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from logistics.domain.access import Actor
from logistics.domain.package_numbers import SSCC_DIGITS
from logistics.domain.package_rows import (
    SHEET,
    ImportPackage,
    check_nesting,
    read_package_columns,
    read_packages,
    refusal,
)
from logistics.domain.packages import DEFAULT_TYPES, Node, depth_of
from logistics.domain.texts import E_, figure, message_of
from logistics.domain.transfer import ImportReport, Refusal
from logistics.domain.workflow import Status, lines_editable
from logistics.models import Package, PackageContent, PackageType, Shipment, SsccCounter
from logistics.models.types import utcnow
from logistics.services.bulk import insert_audited, new_ids
from logistics.services.common import MAX_ID, stored_id, unique
from logistics.services.package_types import types_by_code
from logistics.services.packages import SSCC_TAKEN, content_columns, gross_mass_problem, mass_columns
from logistics.services.packing import packed_by_line
from logistics.services.scoping import claim_version
from logistics.services.spreadsheets import FileRefused, Sheet
from logistics.units import QuantityError, from_micro

_INTERNAL = re.compile(r"PKG-([0-9]{1,18})")
_CHUNK = 500


@dataclass(frozen=True)
class _Stored:
    """A stored package as an import compares it."""

    id: int
    reference: str
    shipment_id: int
    signature: tuple


def import_packages(session: Session, actor: Actor, sheet: Sheet, report: ImportReport, *, write: bool,
                    new_references: Iterable[str] = (), company_prefix: str | None = None) -> None:
    """Read a Packages sheet, check it against what is stored, and (``write``, nothing refused) store it."""
    columns = read_package_columns(sheet.headings)
    report.ignore(columns.ignored)
    report.refuse(columns.refusals)
    if columns.refusals:
        return
    packages: dict[str, ImportPackage] = {}
    try:
        for found in read_packages(sheet.rows, columns):
            if isinstance(found, Refusal):
                report.refuse((found,))
            elif found.number in packages:
                first = packages[found.number]
                report.refuse((refusal(found.row, "package", found.number,
                                       E_("package %(number)s is on shipment %(reference)s already (row "
                                          "%(row)s): a number names one package", number=found.number,
                                          reference=first.reference, row=first.row)),))
            else:
                packages[found.number] = found
    except FileRefused as error:
        report.refuse((replace(error.refusal, sheet=SHEET),))
    if not report.accepted or not packages:
        return
    plan = _Plan(session, packages, set(new_references))
    report.refuse(plan.refusals)
    report.packages_unchanged += len(plan.unchanged)
    report.packages_created += len(plan.new)
    if write and report.accepted and plan.new:
        _write(session, actor, plan, company_prefix)


class _Plan:
    """What a sheet's packages would change, checked against the stored shipments, lines and packages."""

    def __init__(self, session: Session, packages: dict[str, ImportPackage], new_references: set[str]):
        self.session, self.new_references = session, new_references
        self.refusals: list[Refusal] = []
        self.unchanged: list[str] = []
        self.new: list[ImportPackage] = []
        self.columns: dict[str, tuple[dict, list[dict]]] = {}  # number -> (package columns, contents)
        self.shipments = _shipments(session, {p.reference for p in packages.values()})
        self.stored = _stored(session, set(packages) | {p.parent for p in packages.values() if p.parent})
        self.types = set(session.exec(select(PackageType.code))) | {code for code, _ in DEFAULT_TYPES}
        self.refusals += check_nesting(packages, self._stored_depths(packages))
        added: dict[int, dict[int, int]] = {}  # shipment id -> line id -> millionths packed by this file
        for package in packages.values():
            self._check(package, added)
        self._check_ssccs(packages)
        self._check_packed(added)

    def _check(self, package: ImportPackage, added: dict[int, dict[int, int]]) -> None:
        shipment = self.shipments.get(package.reference)
        if shipment is None:
            self.refusals.append(refusal(package.row, "reference", package.reference,
                                         E_("no shipment %(reference)s, stored or in this file's Shipments "
                                            "sheet", reference=package.reference)))
            return
        if package.type not in self.types:
            self.refusals.append(refusal(package.row, "type", package.type,
                                         E_("unknown package type: use one of %(known)s",
                                            known=", ".join(sorted(self.types)))))
        try:
            own = mass_columns(package.gross_mass)
        except QuantityError as error:
            self.refusals.append(refusal(package.row, "gross_mass", package.gross_mass,
                                         gross_mass_problem(error)))
            own = {}
        lines = {line.line_no: line for line in shipment.lines}
        contents: list[dict] = []
        for content in package.contents:
            line = lines.get(content.line_no)
            if line is None:
                numbers = ", ".join(str(no) for no in sorted(lines)) or E_("none")
                self.refusals.append(refusal(content.row, "line_no", content.line_no,
                                             E_("no line %(line)s on %(reference)s (its lines: %(lines)s)",
                                                line=content.line_no, reference=shipment.reference,
                                                lines=numbers)))
                continue
            try:
                contents.append(content_columns(line, content.quantity) | {"row": content.row})
            except QuantityError as error:
                self.refusals.append(refusal(content.row, "quantity", content.quantity,
                                             E_("line %(line)s (%(sku)s): %(problem)s", line=line.line_no,
                                                sku=line.item.sku, problem=message_of(error))))
        length, width, height = package.dimensions_mm or (None, None, None)
        columns = {"number": package.number, "sscc": package.sscc, **own, "length_mm": length,
                   "width_mm": width, "height_mm": height, "shipment_id": stored_id(shipment.id)}
        held = self.stored.get(package.number)
        if held is not None:
            if held.reference == package.reference and \
                    held.signature == _signature(package.type, package.parent, columns, contents):
                self.unchanged.append(package.number)
            else:
                self.refusals.append(refusal(package.row, "package", package.number,
                                             E_("package %(number)s is stored already (%(reference)s) with "
                                                "other values: an import does not repack a package (change "
                                                "it with PATCH /api/v1/packages/<number>)",
                                                number=package.number, reference=held.reference)))
            return
        if package.reference not in self.new_references and not lines_editable(Status(shipment.status)):
            self.refusals.append(refusal(package.row, "reference", package.reference,
                                         E_("shipment %(reference)s is %(status)s: packages are added while "
                                            "a shipment is draft or confirmed", reference=package.reference,
                                            status=shipment.status)))
            return
        self.new.append(package)
        self.columns[package.number] = (columns, contents)
        by_line = added.setdefault(stored_id(shipment.id), {})
        for entry in contents:
            by_line[entry["line_id"]] = by_line.get(entry["line_id"], 0) + entry["base_micro"]

    def _stored_depths(self, packages: dict[str, ImportPackage]) -> dict[str, tuple[str, int]]:
        """Return how deep each stored parent the sheet names sits, with its shipment's reference."""
        depths: dict[str, tuple[str, int]] = {}
        nodes_of: dict[int, dict[int, Node]] = {}
        for number, held in self.stored.items():
            if number in packages:
                continue  # a file's own package: its depth is the file's
            if held.shipment_id not in nodes_of:
                rows = self.session.exec(select(col(Package.id), col(Package.parent_id))
                                         .where(Package.shipment_id == held.shipment_id)).all()
                nodes_of[held.shipment_id] = {stored_id(i): Node(stored_id(i), held.shipment_id, p)
                                              for i, p in rows}
            depths[number] = (held.reference, depth_of(held.id, nodes_of[held.shipment_id]))
        return depths

    def _check_ssccs(self, packages: dict[str, ImportPackage]) -> None:
        """Refuse an SSCC given twice in the sheet, or on another stored package."""
        given: dict[str, ImportPackage] = {}
        for package in packages.values():
            if package.sscc is None:
                continue
            if package.sscc in given:
                first = given[package.sscc]
                self.refusals.append(refusal(package.row, "sscc", package.sscc,
                                             E_("%(problem)s (package %(number)s, row %(row)s)",
                                                problem=SSCC_TAKEN, number=first.number, row=first.row)))
            given[package.sscc] = package
        ssccs = sorted(given)
        for start in range(0, len(ssccs), _CHUNK):
            for sscc, number in self.session.exec(select(col(Package.sscc), col(Package.number))
                                                  .where(col(Package.sscc).in_(ssccs[start:start + _CHUNK]))):
                package = given[str(sscc)]
                if number != package.number:
                    self.refusals.append(refusal(package.row, "sscc", sscc,
                                                         E_("%(problem)s (%(number)s)", problem=SSCC_TAKEN,
                                                            number=number)))

    def _check_packed(self, added: dict[int, dict[int, int]]) -> None:
        """Refuse packing more of a line, stored packages and the sheet's together, than the line holds."""
        first_row: dict[int, int] = {}
        for _, contents in self.columns.values():
            for entry in contents:
                first_row.setdefault(entry["line_id"], entry["row"])
        for shipment in self.shipments.values():
            by_line = added.get(stored_id(shipment.id))
            if not by_line:
                continue
            packed = packed_by_line(self.session, stored_id(shipment.id))
            for line in shipment.lines:
                line_id = stored_id(line.id)
                total = packed.get(line_id, 0) + by_line.get(line_id, 0)
                if line_id in by_line and total > line.base_micro:
                    unit = line.base_unit
                    self.refusals.append(refusal(
                        first_row[line_id], "quantity", None,
                        E_("line %(line)s (%(sku)s) of %(reference)s has %(amount)s; its packages would hold "
                           "%(packed)s, more than the line", line=line.line_no, sku=line.item.sku,
                           reference=shipment.reference,
                           amount=figure(from_micro(line.base_micro), unit),
                           packed=figure(from_micro(total), unit))))


def _signature(code: str, parent: str | None, columns: dict, contents: list[dict]) -> tuple:
    """Return what makes two packages alike: type, parent, SSCC, mass as weighed, sides, contents."""
    return (code, parent, columns.get("sscc"), columns.get("gross_mass_value"),
            columns.get("gross_mass_unit"), columns.get("length_mm"), columns.get("width_mm"),
            columns.get("height_mm"),
            tuple(sorted((c["line_id"], c["quantity_value"], c["quantity_unit"]) for c in contents)))


def _shipments(session: Session, references: set[str]) -> dict[str, Shipment]:
    """Return the stored shipments with these references (this file's new ones are stored by now)."""
    found: dict[str, Shipment] = {}
    chosen = sorted(references)
    for start in range(0, len(chosen), _CHUNK):
        query = select(Shipment).where(col(Shipment.reference).in_(chosen[start:start + _CHUNK]))
        found.update((shipment.reference, shipment) for shipment in session.exec(query))
    return found


def _stored(session: Session, numbers: set[str]) -> dict[str, _Stored]:
    """Return the stored packages with these numbers, each with what an import compares."""
    chosen, found = sorted(numbers), {}
    for start in range(0, len(chosen), _CHUNK):
        rows = session.exec(select(Package, col(Shipment.reference))
                            .join(Shipment, col(Shipment.id) == Package.shipment_id)
                            .where(col(Package.number).in_(chosen[start:start + _CHUNK]))).all()
        parents = {row.parent_id for row, _ in rows if row.parent_id is not None}
        above = select(col(Package.id), col(Package.number)).where(col(Package.id).in_(parents))
        names = {stored_id(row_id): number for row_id, number in session.exec(above)} if parents else {}
        for package, reference in rows:
            contents = [{"line_id": c.line_id, "quantity_value": c.quantity_value,
                         "quantity_unit": c.quantity_unit} for c in package.contents]
            columns = {"sscc": package.sscc, "gross_mass_value": package.gross_mass_value,
                       "gross_mass_unit": package.gross_mass_unit, "length_mm": package.length_mm,
                       "width_mm": package.width_mm, "height_mm": package.height_mm}
            parent = names.get(package.parent_id) if package.parent_id is not None else None
            found[package.number] = _Stored(stored_id(package.id), reference, package.shipment_id,
                                            _signature(package.type.code, parent, columns, contents))
    return found


def _write(session: Session, actor: Actor, plan: _Plan, company_prefix: str | None) -> None:
    """Write the plan's new packages (parents first) and their contents in bulk, audited."""
    types = types_by_code(session, {package.type for package in plan.new})
    ids = _ids(session, [package.number for package in plan.new])
    new = {package.number: package for package in plan.new}
    now, rows, contents = utcnow(), [], []
    for package in sorted(plan.new, key=lambda p: _depth(p.number, new)):
        columns, its = plan.columns[package.number]
        parent = None if package.parent is None else \
            ids.get(package.parent) or plan.stored[package.parent].id
        rows.append({**columns, "id": ids[package.number], "type_id": types[package.type].id,
                     "parent_id": parent, "created_at": now})
        contents += [{"package_id": ids[package.number], "shipment_id": columns["shipment_id"],
                      **{name: value for name, value in entry.items() if name != "row"}} for entry in its]
    with unique("sscc", SSCC_TAKEN):
        insert_audited(session, actor, Package, rows)
    insert_audited(session, actor, PackageContent, contents)
    if company_prefix:
        _count_past(session, company_prefix, [p.sscc for p in plan.new if p.sscc])
    for reference in sorted({package.reference for package in plan.new} - plan.new_references):
        shipment = plan.shipments[reference]
        claim_version(session, shipment, shipment.version, actor)
    session.flush()


def _depth(number: str, new: dict[str, ImportPackage]) -> int:
    """Return how many of the sheet's new packages a package sits in, itself included (nesting is checked)."""
    depth, current = 0, new.get(number)
    while current is not None and depth <= len(new):
        depth += 1
        current = new.get(current.parent) if current.parent else None
    return depth


def _ids(session: Session, numbers: list[str]) -> dict[str, int]:
    """Return an id for each new package: n for PKG-n where n is free, else a fresh one past every n kept."""
    ids: dict[str, int] = {}
    for number in numbers:
        match = _INTERNAL.fullmatch(number)
        if match and 0 < int(match.group(1)) <= MAX_ID and int(match.group(1)) not in ids.values():
            ids[number] = int(match.group(1))  # PKG-1 and PKG-0001: one id, the first keeps it
    wanted, taken = sorted(ids.values()), set[int | None]()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        taken.update(session.exec(select(col(Package.id)).where(col(Package.id).in_(chunk))))
    ids = {number: n for number, n in ids.items() if n not in taken}
    floor = max(ids.values(), default=0)
    rest = [number for number in numbers if number not in ids]
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        if floor:  # the sequence moves past the ids kept here, never back (nextval is in the GREATEST)
            connection.execute(text("SELECT setval(pg_get_serial_sequence('packages', 'id'), "
                                    "GREATEST(:floor, nextval(pg_get_serial_sequence('packages', 'id'))))"),
                               {"floor": floor})
        fresh = new_ids(session, Package, len(rest))
    else:  # SQLite numbers on from the largest id, which the ids kept here may pass
        largest = connection.execute(select(func.coalesce(func.max(col(Package.id)), 0))).scalar_one() or 0
        fresh = list(range(max(largest, floor) + 1, max(largest, floor) + 1 + len(rest)))
    ids.update(zip(rest, fresh, strict=True))
    return ids


def _count_past(session: Session, prefix: str, ssccs: list[str]) -> None:
    """Move the prefix's SSCC counter past the serials of imported SSCCs of that prefix."""
    room = 10 ** (SSCC_DIGITS - 2 - len(prefix))
    ours = [int(s[0]) * room + int(s[1 + len(prefix):17]) for s in ssccs if s[1:1 + len(prefix)] == prefix]
    if not ours:
        return
    table = SsccCounter.__table__  # type: ignore[attr-defined]  # SQLModel builds it with the class
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(table).values(company_prefix=prefix, next_serial=0)
                    .on_conflict_do_nothing(index_elements=["company_prefix"]))
    past = max(ours) + 1
    session.execute(update(table).where(table.c.company_prefix == prefix)
                    .values(next_serial=case((table.c.next_serial < past, past), else_=table.c.next_serial)))
