"""Use cases for packages: create in bulk, change, remove, find one by number or SSCC.

Every write runs in one unit of work on a shipment that is still draft or confirmed, with the
shipment's row locked (FOR UPDATE on PostgreSQL; SQLite's writers take the one write lock),
so two packers never both fill the last of a line; each write bumps the shipment's version
(its ETag), as a line change does, and is audited. Bulk creation writes its rows with bulk
INSERTs (services/bulk.py): 10,000 packages are one request.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from logistics.domain.access import Actor
from logistics.domain.package_numbers import looks_like_number
from logistics.domain.packages import (
    AddPackages,
    ContentSpec,
    LineAmount,
    Node,
    PackageSpec,
    UpdatePackage,
    check_packable,
    check_packed,
    check_parent,
    check_spec,
    depth_of,
    flatten,
)
from logistics.domain.texts import E_, Text, message_of
from logistics.domain.workflow import Status
from logistics.errors import Invalid, NotFound, summarize
from logistics.models import Package, PackageContent, Shipment, ShipmentLine
from logistics.models.types import utcnow
from logistics.services.bulk import insert_audited, new_ids
from logistics.services.common import stored_id, unique
from logistics.services.items import units_of
from logistics.services.package_numbers import numbers_for
from logistics.services.package_types import types_by_code
from logistics.services.packing import packed_by_line
from logistics.services.scoping import claim_version, find_shipment
from logistics.unit_of_work import writing
from logistics.units import ItemUnits, Quantity, QuantityError, format_decimal, measure

_GROSS_MASS = ItemUnits(base_unit="kg")  # a gross mass is measured as an item counted in kg would be
SSCC_TAKEN = E_("this SSCC is on another package already")


def gross_mass_problem(error: QuantityError) -> Text:
    """Say why a gross mass is refused, and which units one is given in."""
    return E_("%(problem)s (a gross mass is in kg, t, g or lb)", problem=message_of(error))


@dataclass(frozen=True)
class _Content:
    """A content measured against its line: the columns it is stored with."""

    line: ShipmentLine
    value: str
    unit: str
    micro: int


def add_packages(session: Session, actor: Actor, key: str, command: AddPackages,
                 company_prefix: str | None = None) -> list[str]:
    """Create packages in bulk (all or nothing); return their numbers, parents before children."""
    spec = command.spec
    with writing(session, actor):
        shipment = _packable(session, actor, key)
        parent, parent_depth = None, 0
        if command.parent is not None:
            parent = _package_of(session, shipment, command.parent, "parent")
            parent_depth = depth_of(stored_id(parent.id), _nodes(session, shipment))
        check_spec(spec, parent_depth)
        types = types_by_code(session, _codes(spec))
        lines = {line.line_no: line for line in shipment.lines}
        measured: dict[int, list[_Content]] = {}
        _measure(spec, lines, measured, ())
        planned = list(flatten(spec))
        packed = _by_line_no(shipment, _packed(session, shipment))
        for _, _, node in planned:
            for content in measured[id(node)]:
                packed[content.line.line_no] = packed.get(content.line.line_no, 0) + content.micro
        check_packed(_amounts(lines), {no: micro for no, micro in packed.items() if no in lines})
        ids = new_ids(session, Package, len(planned))
        numbers = numbers_for(session, ids, [node.sscc for _, _, node in planned], company_prefix)
        now, shipment_id = utcnow(), stored_id(shipment.id)
        rows, contents = [], []
        for (_, above, node), package_id, (number, sscc) in zip(planned, ids, numbers, strict=True):
            rows.append({"id": package_id, "shipment_id": shipment_id, "type_id": types[node.type].id,
                         "parent_id": ids[above] if above is not None else (parent.id if parent else None),
                         "number": number, "sscc": sscc, "created_at": now,
                         **mass_columns(node.gross_mass), **_dimension_columns(node.dimensions_mm)})
            contents += [{"package_id": package_id, "shipment_id": shipment_id, "line_id": c.line.id,
                          "quantity_value": c.value, "quantity_unit": c.unit, "base_micro": c.micro}
                         for c in measured[id(node)]]
        with unique("sscc", SSCC_TAKEN):
            insert_audited(session, actor, Package, rows)
        insert_audited(session, actor, PackageContent, contents)
        claim_version(session, shipment, shipment.version, actor)
    return [number for number, _ in numbers]


def update_package(session: Session, actor: Actor, number: str, change: UpdatePackage) -> Package:
    """Change a package's type, gross mass, dimensions, SSCC, parent or contents (replaced whole)."""
    with writing(session, actor):
        package = find_package(session, actor, number)
        shipment = _packable(session, actor, stored_id(package.shipment_id))
        if change.type is not None and "type" in change.given:
            package.type_id = stored_id(types_by_code(session, [change.type])[change.type].id)
        if "gross_mass" in change.given:
            try:
                _set(package, mass_columns(change.gross_mass))
            except QuantityError as error:
                raise Invalid(E_("gross mass: %(problem)s", problem=message_of(error)),
                              {"gross_mass": [gross_mass_problem(error)]}) from None
        if "dimensions_mm" in change.given:
            _set(package, _dimension_columns(change.dimensions_mm))
        if "sscc" in change.given:
            package.sscc = change.sscc
        if "parent" in change.given:
            nodes = _nodes(session, shipment)
            parent = None if change.parent is None else \
                _package_of(session, shipment, change.parent, "parent")
            check_parent(nodes[stored_id(package.id)], nodes[stored_id(parent.id)] if parent else None, nodes)
            package.parent_id = parent.id if parent else None
        if "contents" in change.given:
            _replace_contents(session, shipment, package, change.contents)
        with unique("sscc", SSCC_TAKEN):
            session.flush()
        claim_version(session, shipment, shipment.version, actor)
    return package


def delete_package(session: Session, actor: Actor, number: str) -> None:
    """Remove a package with everything in it (its contents and the packages it holds)."""
    with writing(session, actor):
        package = find_package(session, actor, number)
        shipment = _packable(session, actor, stored_id(package.shipment_id))
        nodes = _nodes(session, shipment)
        for level in reversed(_levels(stored_id(package.id), nodes)):  # the innermost first
            for row in session.exec(select(Package).where(col(Package.id).in_(level))):
                session.delete(row)  # the ORM deletes (and audits) their contents too
            session.flush()
        claim_version(session, shipment, shipment.version, actor)


def find_package(session: Session, actor: Actor, key: str) -> Package:
    """Return a package by number or SSCC, if the actor may see its shipment (else NotFound)."""
    text = str(key).strip()
    package = None
    if looks_like_number(text):
        compact = text.replace(" ", "").replace("(00)", "")
        package = session.exec(select(Package).where(
            (col(Package.number) == text.upper()) | (col(Package.sscc) == compact))).first()
    if package is None:
        raise NotFound(E_("package %(number)s not found: give its number (PKG-00000001) or SSCC",
                          number=repr(text[:40])))
    try:
        find_shipment(session, actor, package.shipment_id, packs=False)
    except NotFound:
        raise NotFound(E_("package %(number)s not found", number=repr(text[:40]))) from None
    return package


def _packable(session: Session, actor: Actor, key: str | int) -> Shipment:
    """Return a shipment the actor may pack, its row locked for this unit of work."""
    shipment = find_shipment(session, actor, key)
    locked = select(Shipment.version).where(Shipment.id == shipment.id).with_for_update()
    if session.exec(locked).one() != shipment.version:  # changed between the read and the lock
        session.expire_all()
        shipment = find_shipment(session, actor, stored_id(shipment.id))
    check_packable(Status(shipment.status), shipment.reference)
    return shipment


def _package_of(session: Session, shipment: Shipment, key: str, field: str) -> Package:
    """Return a package of this shipment by number or SSCC, or refuse the field naming it."""
    text = str(key).strip()
    compact = text.replace(" ", "").replace("(00)", "")
    package = session.exec(select(Package).where(
        Package.shipment_id == shipment.id,
        (col(Package.number) == text.upper()) | (col(Package.sscc) == compact))).first() \
        if looks_like_number(text) else None
    if package is None:
        raise Invalid(E_("no package %(number)s on %(reference)s", number=repr(text[:40]),
                         reference=shipment.reference),
                      {field: [E_("not a package of %(reference)s: give its number or SSCC",
                                  reference=shipment.reference)]})
    return package


def _nodes(session: Session, shipment: Shipment) -> dict[int, Node]:
    """Return the shipment's packages as nesting sees them."""
    rows = session.exec(select(Package.id, Package.shipment_id, Package.parent_id)
                        .where(Package.shipment_id == shipment.id)).all()
    return {stored_id(row_id): Node(stored_id(row_id), shipment_id, parent_id)
            for row_id, shipment_id, parent_id in rows}


def _levels(package_id: int, nodes: dict[int, Node]) -> list[list[int]]:
    """Return a package's id, then the ids of the packages in it, level by level."""
    levels = [[package_id]]
    while True:
        above = set(levels[-1])
        inside = [node.id for node in nodes.values() if node.parent_id in above]
        if not inside:
            return levels
        levels.append(inside)


def _packed(session: Session, shipment: Shipment, leaving: int | None = None) -> dict[int, int]:
    """Return the packed millionths per line id, less what package ``leaving`` holds itself."""
    packed = packed_by_line(session, stored_id(shipment.id))
    if leaving is not None:
        for content in session.exec(select(PackageContent).where(PackageContent.package_id == leaving)):
            packed[content.line_id] -= content.base_micro
    return packed


def _replace_contents(session: Session, shipment: Shipment, package: Package,
                      contents: tuple[ContentSpec, ...]) -> None:
    lines = {line.line_no: line for line in shipment.lines}
    measured: dict[int, list[_Content]] = {}
    spec = PackageSpec(type="", contents=contents)
    _measure(spec, lines, measured, ())
    packed = _by_line_no(shipment, _packed(session, shipment, leaving=package.id))
    for content in measured[id(spec)]:
        packed[content.line.line_no] = packed.get(content.line.line_no, 0) + content.micro
    check_packed(_amounts(lines), {no: micro for no, micro in packed.items() if no in lines})
    package.contents.clear()
    session.flush()
    package.contents.extend(PackageContent(package_id=stored_id(package.id),
                                           shipment_id=stored_id(shipment.id), line_id=stored_id(c.line.id),
                                           quantity_value=c.value, quantity_unit=c.unit, base_micro=c.micro)
                            for c in measured[id(spec)])


def _measure(spec: PackageSpec, lines: dict[int, ShipmentLine], measured: dict[int, list[_Content]],
             path: tuple) -> None:
    """Measure every spec's contents against its line, or refuse naming the field (children.0.contents.1)."""
    errors: dict = {}
    found: list[_Content] = []
    seen: set[int] = set()
    for index, content in enumerate(spec.contents):
        line = lines.get(content.line_no)
        if line is None:
            numbers = ", ".join(str(no) for no in sorted(lines)) or E_("none")
            errors[index] = {"line_no": [E_("no line %(line)s on this shipment (its lines: %(lines)s)",
                                            line=content.line_no, lines=numbers)]}
            continue
        if content.line_no in seen:
            errors[index] = {"line_no": [E_("line %(line)s is given twice: add the quantities up",
                                            line=content.line_no)]}
            continue
        seen.add(content.line_no)
        try:
            found.append(_content(line, content.quantity))
        except QuantityError as error:
            errors[index] = {"quantity": [E_("line %(line)s (%(sku)s): %(problem)s", line=line.line_no,
                                             sku=line.item.sku, problem=message_of(error))]}
    fields: dict = {"contents": errors} if errors else {}
    try:
        mass_columns(spec.gross_mass)
    except QuantityError as error:
        fields["gross_mass"] = [gross_mass_problem(error)]
    if fields:
        for step in reversed(path):
            fields = {step[0]: {step[1]: fields}}
        raise Invalid(E_("the packages were not created: %(problems)s", problems=summarize(fields)), fields)
    measured[id(spec)] = found
    for index, child in enumerate(spec.children):
        _measure(child, lines, measured, (*path, ("children", index)))


def _content(line: ShipmentLine, quantity: Quantity) -> _Content:
    """Measure a quantity of a line's item in the line's own kind (count, mass or volume), exactly."""
    kept, normalized = measure(quantity, units_of(line.item))
    if normalized.dimension.value != line.dimension:
        raise QuantityError(E_("the line is given by %(dimension)s (%(unit)s): give its contents by "
                               "%(dimension)s too, e.g. in %(example)s", dimension=line.dimension,
                               unit=line.base_unit, example=line.quantity_unit))
    return _Content(line, format_decimal(kept.value), kept.unit, normalized.micro)


def content_columns(line: ShipmentLine, quantity: Quantity) -> dict:
    """Return a content's stored columns, measured against its line (QuantityError: the caller names it)."""
    content = _content(line, quantity)
    return {"line_id": stored_id(line.id), "quantity_value": content.value, "quantity_unit": content.unit,
            "base_micro": content.micro}


def mass_columns(mass: Quantity | None) -> dict:
    """Return a gross mass's stored columns: as weighed and in millionths of a kg (or a QuantityError)."""
    if mass is None:
        return {"gross_mass_value": None, "gross_mass_unit": None, "gross_mass_micro": None}
    kept, normalized = measure(mass, _GROSS_MASS)  # a QuantityError: the callers name the field
    return {"gross_mass_value": format_decimal(kept.value), "gross_mass_unit": kept.unit,
            "gross_mass_micro": normalized.micro}


def _dimension_columns(dimensions: tuple[int, int, int] | None) -> dict:
    length, width, height = dimensions or (None, None, None)
    return {"length_mm": length, "width_mm": width, "height_mm": height}


def _set(package: Package, columns: dict) -> None:
    for name, value in columns.items():
        setattr(package, name, value)


def _codes(spec: PackageSpec) -> set[str]:
    return {spec.type}.union(*(_codes(child) for child in spec.children))


def _by_line_no(shipment: Shipment, by_id: dict[int, int]) -> dict[int, int]:
    numbers = {line.id: line.line_no for line in shipment.lines}
    return {numbers[line_id]: micro for line_id, micro in by_id.items() if line_id in numbers}


def _amounts(lines: dict[int, ShipmentLine]) -> dict[int, LineAmount]:
    return {no: LineAmount(no, line.item.sku, line.base_unit, line.base_micro) for no, line in lines.items()}
