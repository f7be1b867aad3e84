"""Packages (handling units): the bulk-creation command, nesting, what is packed and what is not.

Plain rules, no database: a bulk request is bounded (``MAX_PER_REQUEST`` packages, nesting
``MAX_DEPTH`` deep) and checked before anything is written; a line's packed quantity across
all packages never exceeds the line (``check_packed``); a package nests only in a package of
the same shipment, never in itself or its own contents (``check_parent``); the contents of a
package are its own and its children's (``rolled_up``). Quantities are integers of millionths
of the line's canonical unit (units.py's ``SCALE``), so sums and comparisons are exact.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from logistics.domain.texts import E_, Figure, figure
from logistics.domain.workflow import Status, lines_editable
from logistics.errors import Conflict, Invalid
from logistics.units import Quantity, from_micro

MAX_PER_REQUEST = 10_000   # packages one request may create
MAX_COUNT = 10_000         # of one kind in one spec
MAX_DEPTH = 3              # pallet > carton > box
MAX_CHILD_KINDS = 20       # kinds of child in one spec (40 cartons of A and 10 of B: two)
MAX_CONTENTS = 50          # lines one package may hold directly
MAX_DIMENSION_MM = 100_000  # 100 m: longer than any container
MM3_PER_M3 = Decimal(10) ** 9
# The types every installation packs in (migration 0013 seeds them; services add any found missing).
DEFAULT_TYPES = (("pallet", "Pallet"), ("carton", "Carton"), ("box", "Box"), ("crate", "Crate"),
                 ("drum", "Drum"), ("bag", "Bag"))
TYPE_CODE_PATTERN = r"^[a-z][a-z0-9_-]{0,19}$"


@dataclass(frozen=True)
class ContentSpec:
    """A quantity of one shipment line (named by its number as printed) in each package of a spec."""

    line_no: int
    quantity: Quantity


@dataclass(frozen=True)
class PackageSpec:
    """``count`` packages of one type, each weighed and measured alike, each holding the same."""

    type: str
    count: int = 1
    gross_mass: Quantity | None = None
    dimensions_mm: tuple[int, int, int] | None = None
    contents: tuple[ContentSpec, ...] = ()
    children: tuple[PackageSpec, ...] = ()
    sscc: str | None = None  # given by the client (count 1 only)

    @property
    def total(self) -> int:
        """Return how many packages this spec makes, its children's included."""
        return self.count * (1 + sum(child.total for child in self.children))

    @property
    def depth(self) -> int:
        """Return how many levels deep this spec nests (1: no children)."""
        return 1 + max((child.depth for child in self.children), default=0)


@dataclass(frozen=True)
class AddPackages:
    """Create packages in bulk on a shipment, optionally inside an existing package (``parent``)."""

    spec: PackageSpec
    parent: str | None = None


@dataclass(frozen=True)
class UpdatePackage:
    """Change one package; ``given`` names the fields sent (null clears a field that may be empty)."""

    given: frozenset[str]
    type: str | None = None
    gross_mass: Quantity | None = None
    dimensions_mm: tuple[int, int, int] | None = None
    sscc: str | None = None
    parent: str | None = None
    contents: tuple[ContentSpec, ...] = ()


@dataclass(frozen=True)
class CreatePackageType:
    """A new package type the operator packs in (code: a short word, name: as printed)."""

    code: str
    name: str


_TOO_DEEP = E_("packages nest at most %(most)s levels deep (pallet > carton > box)", most=MAX_DEPTH)


def check_packable(status: Status, reference: str) -> None:
    """Refuse packing, repacking or unpacking once the goods have left (after confirmed)."""
    if not lines_editable(status):
        raise Conflict(E_("packages of %(reference)s cannot change while it is %(status)s: packing is done "
                          "while a shipment is draft or confirmed, before dispatch",
                          reference=reference, status=str(status)),
                       {"status": [E_("current status is %(status)s", status=str(status))]})


def check_spec(spec: PackageSpec, parent_depth: int = 0) -> None:
    """Refuse a bulk request that is too large or too deep, or gives an SSCC to more than one package."""
    total = spec.total
    if total > MAX_PER_REQUEST:
        raise Invalid(E_("this request makes %(total)s packages: at most %(most)s per request",
                         total=figure(total), most=figure(MAX_PER_REQUEST)),
                      {"count": [E_("%(total)s packages in all (children included); at most "
                                    "%(most)s: send the rest in further requests",
                                    total=figure(total), most=figure(MAX_PER_REQUEST))]})
    if parent_depth + spec.depth > MAX_DEPTH:
        where = "children" if parent_depth == 0 else "parent"
        raise Invalid(_TOO_DEEP,
                      {where: [E_("%(levels)s levels: at most %(most)s", levels=parent_depth + spec.depth,
                                  most=MAX_DEPTH)]})
    if spec.sscc is not None and spec.count != 1:
        raise Invalid(E_("an SSCC names one package"), {"sscc": [E_("give an SSCC only with count 1")]})
    for index, child in enumerate(spec.children):
        if child.sscc is not None:
            raise Invalid(E_("an SSCC names one package: give it to a child afterwards (PATCH)"),
                          {"children": {index: {"sscc": [E_("not accepted on children")]}}})


def flatten(spec: PackageSpec, parent: int | None = None) -> Iterable[tuple[int, int | None, PackageSpec]]:
    """Yield (index, parent index, spec) for every package a spec makes, parents before children."""
    counter = [0]

    def walk(node: PackageSpec, above: int | None):
        for _ in range(node.count):
            own = counter[0]
            counter[0] += 1
            yield own, above, node
            for child in node.children:
                yield from walk(child, own)

    yield from walk(spec, parent)


@dataclass(frozen=True)
class LineAmount:
    """A shipment line as packing sees it: its number, item and quantity in millionths of its unit."""

    line_no: int
    sku: str
    unit: str
    micro: int


@dataclass(frozen=True)
class LinePacking:
    """How much of a line is packed and how much is not (millionths of the line's canonical unit)."""

    line: LineAmount
    packed_micro: int

    @property
    def unpacked_micro(self) -> int:
        """Return what of the line is in no package."""
        return self.line.micro - self.packed_micro


def check_packed(lines: Mapping[int, LineAmount], packed: Mapping[int, int]) -> None:
    """Refuse packing more of a line, across all packages, than the line holds."""
    errors: dict = {}
    for line_no, micro in sorted(packed.items()):
        line = lines[line_no]
        if micro > line.micro:
            errors[line_no] = [E_("line %(line)s (%(sku)s) has %(held)s %(unit)s; the packages would hold "
                                  "%(packed)s %(unit)s, %(over)s more than the line", line=line_no,
                                  sku=line.sku, held=_amount(line.micro), unit=line.unit,
                                  packed=_amount(micro), over=_amount(micro - line.micro))]
    if errors:
        first = next(iter(errors.values()))[0]
        raise Invalid(E_("contents exceed their line: %(first)s", first=first), {"contents": errors})


def packing(lines: Iterable[LineAmount], packed: Mapping[int, int]) -> list[LinePacking]:
    """Return every line with its packed quantity, in line order (the unpacked part follows)."""
    return [LinePacking(line, packed.get(line.line_no, 0)) for line in sorted(lines, key=lambda x: x.line_no)]


@dataclass(frozen=True)
class Node:
    """A stored package as nesting needs it: its id, shipment, parent and its own contents by line."""

    id: int
    shipment_id: int
    parent_id: int | None
    contents: Mapping[int, int] = field(default_factory=dict)  # line number -> millionths


def depth_of(package_id: int, nodes: Mapping[int, Node]) -> int:
    """Return how deep a package sits (1: on no other package); a cycle is refused."""
    depth, seen, current = 0, set(), nodes.get(package_id)
    while current is not None:
        if current.id in seen:
            raise Conflict(E_("package %(id)s is nested in itself", id=package_id))
        seen.add(current.id)
        depth += 1
        current = nodes.get(current.parent_id) if current.parent_id is not None else None
    return depth


def height_of(package_id: int, nodes: Mapping[int, Node]) -> int:
    """Return how many levels a package and what it holds span (1: it holds no package)."""
    children = [node.id for node in nodes.values() if node.parent_id == package_id]
    return 1 + max((height_of(child, nodes) for child in children), default=0)


def check_parent(child: Node, parent: Node | None, nodes: Mapping[int, Node]) -> None:
    """Refuse putting a package into another of another shipment, into itself or its contents, or too deep."""
    if parent is None:
        return
    if parent.shipment_id != child.shipment_id:
        raise Invalid(E_("a package nests only in a package of the same shipment"),
                      {"parent": [E_("that package belongs to another shipment")]})
    current: Node | None = parent
    while current is not None:
        if current.id == child.id:
            raise Invalid(E_("a package cannot be put into itself or into a package it holds"),
                          {"parent": [E_("that package is this one or inside it")]})
        current = nodes.get(current.parent_id) if current.parent_id is not None else None
    if depth_of(parent.id, nodes) + height_of(child.id, nodes) > MAX_DEPTH:
        raise Invalid(_TOO_DEEP,
                      {"parent": [E_("there it would be more than %(most)s levels deep", most=MAX_DEPTH)]})


def rolled_up(nodes: Mapping[int, Node]) -> dict[int, dict[int, int]]:
    """Return each package's contents by line: its own plus everything in the packages it holds."""
    children: dict[int, list[int]] = {}
    for node in nodes.values():
        if node.parent_id is not None:
            children.setdefault(node.parent_id, []).append(node.id)
    result: dict[int, dict[int, int]] = {}

    def total(package_id: int) -> dict[int, int]:
        if package_id in result:
            return result[package_id]
        sums = dict(nodes[package_id].contents)
        for child in children.get(package_id, ()):
            for line_no, micro in total(child).items():
                sums[line_no] = sums.get(line_no, 0) + micro
        result[package_id] = sums
        return sums

    for package_id in nodes:
        total(package_id)
    return result


def volume_m3(dimensions_mm: tuple[int, int, int] | None) -> Decimal | None:
    """Return the outer volume in m³, exactly, of a package measured in mm."""
    if dimensions_mm is None:
        return None
    length, width, height = dimensions_mm
    return Decimal(length * width * height) / MM3_PER_M3


def _amount(micro: int) -> Figure:
    return figure(from_micro(micro))
