"""A shipment's quantities as value objects: each line's quantities, totals per item, gross mass.

Everything here holds exact ``Decimal``s, ``Dimension``s and unit symbols; nothing is
formatted. The edges format: the API's schemas (schemas/shipments.py), the pages' ``quantity``
filter, the documents' rows (services/documents.py) and CSV.

- ``LineFacts``: what the rules need to know about one stored line (its item and normalised value).
- ``LineQuantities``: a line as entered, normalised (``units.Normalized``), estimated in the
  other dimension, received, and the discrepancy.
- ``ItemTotal`` (with ``DimensionTotal`` and ``ItemEstimate``), ``GrossMass``, ``ShipmentTotals``.

Estimates come from units.py (``mass_estimate``, ``base_estimate``, ``round_estimate``): added
up exactly, rounded once.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from logistics.money import Money, totals_by_currency
from logistics.units import (
    CANONICAL_UNIT,
    Dimension,
    Normalized,
    Quantity,
    base_estimate,
    mass_estimate,
    round_estimate,
)

__all__ = [
    "DimensionTotal",
    "GrossMass",
    "ItemEstimate",
    "ItemTotal",
    "LineFacts",
    "LineMass",
    "LineQuantities",
    "NetMass",
    "Received",
    "ShipmentTotals",
    "gross_mass",
    "item_totals",
    "line_estimate",
    "line_mass",
    "line_quantities",
    "round_estimate",
    "shipment_totals",
]

_KG = CANONICAL_UNIT[Dimension.MASS]


@dataclass(frozen=True)
class LineFacts:
    """What totals need to know about one line, as plain values."""

    line_no: int
    item_id: int
    sku: str
    name: str
    base_unit: str
    base_dimension: Dimension
    unit_mass_kg: Decimal | None
    dimension: Dimension
    value: Decimal
    unit: str
    rounded: bool = False  # the stored value was rounded to a millionth (e.g. a line in lb)
    declared: Money | None = None  # the line's declared value, if any
    net_mass_kg: Decimal | None = None  # the net mass given for the line, if any

    @property
    def normalized(self) -> Normalized:
        """Return the line's quantity in its canonical unit."""
        return Normalized(self.dimension, self.value, self.unit, self.rounded)


@dataclass(frozen=True)
class Received:
    """What arrived of one line: as entered, and in the line's canonical unit."""

    quantity: Quantity
    normalized: Quantity


@dataclass(frozen=True)
class LineQuantities:
    """One line's quantities: as entered, normalised, estimated in the other dimension, received."""

    quantity: Quantity
    normalized: Normalized
    estimated: Quantity | None = None  # from the item's unit mass, rounded; None when unknown
    received: Received | None = None  # None until the shipment is received

    @property
    def discrepancy(self) -> Quantity | None:
        """Return what arrived minus what was sent (negative: a shortfall), once received."""
        if self.received is None:
            return None
        return Quantity(self.received.normalized.value - self.normalized.value, self.normalized.unit)


@dataclass(frozen=True)
class LineMass:
    """A line's mass in kg: exact for a line logged by mass, else estimated from the unit mass."""

    kg: Decimal
    estimated: bool


@dataclass(frozen=True)
class DimensionTotal:
    """An item's exact total in one dimension (a count, a mass or a volume), never mixed."""

    dimension: Dimension
    quantity: Quantity
    rounded: bool = False  # some line of it was rounded to a millionth when normalised


@dataclass(frozen=True)
class ItemEstimate:
    """An item's whole total in base units and in kg, estimated from its unit mass."""

    unit_mass_kg: Decimal
    base: Quantity
    mass: Quantity


@dataclass(frozen=True)
class ItemTotal:
    """One item's totals on a shipment, per dimension, with an estimate across them when possible."""

    item_id: int
    sku: str
    name: str
    base_unit: str
    totals: tuple[DimensionTotal, ...]
    estimated: ItemEstimate | None = None

    @property
    def shows_estimate_in_all(self) -> bool:
        """Say whether the total in base units is known only as an estimate (some lines were weighed)."""
        return self.estimated is not None and (
            len(self.totals) > 1 or self.totals[0].dimension is Dimension.MASS)


@dataclass(frozen=True)
class GrossMass:
    """A shipment's gross mass in kg: lines logged by mass plus estimates, and what could not be weighed."""

    exact_part: Quantity
    estimated_part: Quantity
    rounded: bool
    unweighed_lines: tuple[int, ...]

    @property
    def total(self) -> Quantity:
        """Return the exact part plus the estimated part."""
        return Quantity(self.exact_part.value + self.estimated_part.value, self.exact_part.unit)

    @property
    def estimated(self) -> bool:
        """Say whether the total includes an estimate."""
        return self.estimated_part.value != 0

    @property
    def complete(self) -> bool:
        """Say whether every line could be weighed."""
        return not self.unweighed_lines


@dataclass(frozen=True)
class NetMass:
    """A shipment's net mass in kg: the sum of the net masses given, and the lines without one."""

    declared: Quantity
    missing_lines: tuple[int, ...]

    @property
    def complete(self) -> bool:
        """Say whether every line has a net mass."""
        return not self.missing_lines


@dataclass(frozen=True)
class ShipmentTotals:
    """All totals of a shipment's lines."""

    line_count: int
    items: tuple[ItemTotal, ...]
    gross_mass: GrossMass
    net_mass: NetMass = NetMass(Quantity(Decimal(0), _KG), ())
    values: tuple[Money, ...] = ()  # declared values, one total per currency (never added across)


def line_estimate(line: LineFacts) -> Quantity | None:
    """Return a line's quantity in the other dimension (pieces for kg, kg otherwise), rounded."""
    if line.unit_mass_kg is None or line.base_dimension is Dimension.MASS:
        return None
    if line.dimension is Dimension.MASS:
        count = base_estimate(line.value, line.unit_mass_kg)
        return Quantity(round_estimate(count, line.base_dimension), line.base_unit)
    return Quantity(round_estimate(mass_estimate(line.value, line.unit_mass_kg), Dimension.MASS), _KG)


def line_quantities(line: LineFacts, entered: Quantity, received: Received | None = None) -> LineQuantities:
    """Return a line's quantities: as entered, normalised, estimated and (once received) received."""
    return LineQuantities(entered, line.normalized, line_estimate(line), received)


def line_mass(line: LineFacts) -> LineMass | None:
    """Return a line's mass, exact (unrounded, for printing to the gram), or None if it cannot be weighed."""
    if line.dimension is Dimension.MASS:
        return LineMass(line.value, estimated=False)
    if line.unit_mass_kg is None:
        return None
    return LineMass(mass_estimate(line.value, line.unit_mass_kg), estimated=True)


def item_totals(lines: list[LineFacts]) -> tuple[ItemTotal, ...]:
    """Total each item per dimension, never mixing them; add an estimate across them where possible."""
    first: dict[int, LineFacts] = {}
    sums: dict[int, dict[tuple[Dimension, str], Decimal]] = {}
    rounded: set[tuple[int, Dimension, str]] = set()
    for line in lines:
        first.setdefault(line.item_id, line)
        per_item = sums.setdefault(line.item_id, {})
        key = (line.dimension, line.unit)
        per_item[key] = per_item.get(key, Decimal(0)) + line.value
        if line.rounded:
            rounded.add((line.item_id, *key))
    result = []
    for item_id, per_item in sums.items():
        item = first[item_id]
        ordered = sorted(per_item.items(), key=lambda kv: kv[0][0].value)  # count, mass, volume
        totals = tuple(DimensionTotal(dimension, Quantity(value, unit), (item_id, dimension, unit) in rounded)
                       for (dimension, unit), value in ordered)
        result.append(ItemTotal(item_id, item.sku, item.name, item.base_unit, totals,
                                _cross_estimate(item, per_item)))
    return tuple(result)


def _cross_estimate(item: LineFacts, sums: dict[tuple[Dimension, str], Decimal]) -> ItemEstimate | None:
    """Estimate the item's total in base units and in kg from its unit mass, summed exactly then rounded."""
    if item.unit_mass_kg is None or item.base_dimension is Dimension.MASS:
        return None
    base_total = Decimal(0)
    mass_total = Decimal(0)
    for (dimension, _unit), value in sums.items():
        if dimension is Dimension.MASS:
            base_total += base_estimate(value, item.unit_mass_kg)
            mass_total += value
        else:
            base_total += value
            mass_total += mass_estimate(value, item.unit_mass_kg)
    return ItemEstimate(
        unit_mass_kg=item.unit_mass_kg,
        base=Quantity(round_estimate(base_total, item.base_dimension), item.base_unit),
        mass=Quantity(round_estimate(mass_total, Dimension.MASS), _KG),
    )


def gross_mass(lines: list[LineFacts]) -> GrossMass:
    """Return the gross mass: exact mass lines plus estimated counted lines; list what cannot be weighed."""
    exact = Decimal(0)
    estimated = Decimal(0)
    unweighed: list[int] = []
    rounded = False
    for line in lines:
        if line.dimension is Dimension.MASS:
            exact += line.value
            rounded = rounded or line.rounded
        elif line.unit_mass_kg is not None:
            estimated += mass_estimate(line.value, line.unit_mass_kg)
        else:
            unweighed.append(line.line_no)
    return GrossMass(exact_part=Quantity(exact, _KG),
                     estimated_part=Quantity(round_estimate(estimated, Dimension.MASS), _KG),
                     rounded=rounded, unweighed_lines=tuple(unweighed))


def shipment_totals(lines: list[LineFacts]) -> ShipmentTotals:
    """Return all totals of a shipment's lines."""
    return ShipmentTotals(line_count=len(lines), items=item_totals(lines), gross_mass=gross_mass(lines),
                          net_mass=net_mass(lines),
                          values=totals_by_currency(line.declared for line in lines))


def net_mass(lines: list[LineFacts]) -> NetMass:
    """Return the net mass declared for the lines, and which lines have none."""
    declared = sum((line.net_mass_kg for line in lines if line.net_mass_kg is not None), Decimal(0))
    return NetMass(Quantity(declared, _KG), tuple(line.line_no for line in lines if line.net_mass_kg is None))
