"""Flow reports as plain rules and values: groupings, periods, exact totals from SQL sums, typed rows.

A report travels as a `FlowReport` of `FlowRow`s holding Decimals, enums, dates and ids; it is
formatted only where it is shown (the JSON schema, the CSV, the printed summary, the pages).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from logistics.domain.texts import E_
from logistics.domain.timeline import DATE_BASES
from logistics.domain.workflow import Direction, Kind, Status
from logistics.errors import Invalid
from logistics.money import Money, totals_by_currency
from logistics.units import CANONICAL_UNIT, SCALE, Dimension, round_estimate

GROUPINGS = ("direction", "kind", "country", "counterparty", "item", "category", "period")
PERIODS = ("month", "quarter", "year")
MASS_UNITS = {"kg": 0, "t": 3}  # the power of ten a kilogram figure is divided by


def resolve_grouping(group_by: list[str], period: str | None) -> tuple[list[str], str | None]:
    """Return the groupings and period in force: a period alone groups by it, "period" alone by month.

    Direction is always a grouping (first, unless asked for elsewhere): no row or total ever adds
    what came in to what went out.
    """
    keys = list(group_by)
    unknown = [key for key in keys if key not in GROUPINGS]
    if unknown or len(set(keys)) != len(keys):
        raise Invalid(E_("group by %(groupings)s, each at most once", groupings=", ".join(GROUPINGS)),
                      {"group_by": [E_("unknown or repeated: %(keys)s", keys=", ".join(unknown or keys))]})
    if "direction" not in keys:
        keys.insert(0, "direction")
    if period is not None and period not in PERIODS:
        raise Invalid(E_("a period is one of %(periods)s", periods=", ".join(PERIODS)),
                      {"period": [E_("unknown: %(value)s", value=period)]})
    if period and "period" not in keys:
        keys.append("period")
    if "period" in keys and not period:
        period = "month"
    return keys, period


def check_mass_unit(mass_unit: str) -> str:
    """Return a mass unit reports may use (kg or t), or refuse it."""
    if mass_unit not in MASS_UNITS:
        raise Invalid(E_("gross mass is shown in kg or t"),
                      {"mass_unit": [E_("unknown: %(value)s", value=mass_unit)]})
    return mass_unit


# The stock position dates what came in by its actual arrival (received, else delivered): a basis of
# its own, which no request names (requests choose actual or planned).
ARRIVAL = "arrival"


def check_date_basis(date_basis: str) -> str:
    """Return a date basis reports may use (actual dispatch or planned departure), or refuse it."""
    if date_basis not in (*DATE_BASES, ARRIVAL):
        raise Invalid(E_("a report is dated by its actual or planned departure"),
                      {"date_basis": [E_("unknown: %(value)s; use %(choices)s", value=date_basis,
                                         choices=" or ".join(DATE_BASES))]})
    return date_basis


@dataclass(frozen=True)
class GroupSums:
    """What the database added up for one group and base unit, as exact integers.

    Quantities and estimates are summed in two parts (whole units and the remainder) so that
    no partial sum leaves SQLite's 64-bit integers for any realistic data set.
    """

    unit: str
    whole: int  # Σ whole base units of the lines (base_micro // 10^6)
    micro: int  # Σ the millionths left over (base_micro % 10^6)
    lines: int
    shipments: int
    estimate_micro_kg: int  # Σ whole units × unit mass in µkg: millionths of a kg
    estimate_pico_kg: int  # Σ leftover millionths × unit mass in µkg: 10^-12 kg
    unweighed: int  # counted or volume lines of items without a unit mass


@dataclass(frozen=True)
class Amount:
    """An exact amount in a unit: a group's total in its base unit, or a mass in kg or t."""

    value: Decimal
    unit: str


@dataclass(frozen=True)
class CounterpartyKey:
    """The organisation a group is about."""

    id: int
    name: str


@dataclass(frozen=True)
class ItemKey:
    """The catalogue item a group is about."""

    id: int
    sku: str
    name: str


# A group key's value: a direction or kind, a country code, a category or period label (None: no
# category, no planned departure), or the counterparty or item it names.
GroupKey = Direction | Kind | str | CounterpartyKey | ItemKey | None


@dataclass(frozen=True)
class GrossMass:
    """A group's gross mass in the report's mass unit: the exact part (lines by mass) and the estimate."""

    exact: Amount
    estimated: Amount  # from the items' unit masses (lines counted or measured by volume)
    unweighed_lines: int  # lines of items without a unit mass, left out

    @property
    def total(self) -> Amount:
        """Return the exact and the estimated parts added up."""
        return Amount(self.exact.value + self.estimated.value, self.exact.unit)

    @property
    def includes_estimate(self) -> bool:
        """Say whether the total includes an estimate."""
        return self.estimated.value != 0


@dataclass(frozen=True)
class FlowRow:
    """One group and base unit: its keys (only those grouped by, in order), exact total, counts, mass."""

    keys: Mapping[str, GroupKey]
    total: Amount  # in the row's base unit: totals never mix units
    lines: int
    shipments: int
    gross_mass: GrossMass
    values: tuple[Money, ...] = ()  # declared values, one per currency (only when asked for)

    @property
    def unit(self) -> str:
        """Return the row's base unit."""
        return self.total.unit


@dataclass(frozen=True)
class FlowTotals:
    """The rows of one direction added up: per unit (never mixed), gross mass, its estimated part, lines."""

    direction: Direction | None  # None only for rows made without a direction (never by the service)
    per_unit: tuple[Amount, ...]  # in the order the units first appear
    gross_mass: Amount
    estimated: Amount
    lines: int
    values: tuple[Money, ...] = ()  # declared values per currency: never added across currencies


@dataclass(frozen=True)
class FlowReport:
    """A flow report: the parameters in force and one row per group and base unit."""

    group_by: tuple[str, ...]
    period: str | None
    date_from: date | None
    date_to: date | None
    statuses: tuple[Status, ...]
    mass_unit: str
    rows: tuple[FlowRow, ...] = field(default=())
    date_basis: str = "actual"  # shipments dated by their actual dispatch, or "planned" departure
    values: bool = False  # whether the rows carry their declared values per currency

    @property
    def value_totals(self) -> tuple[FlowTotals, ...]:
        """Return the totals per direction when declared values were asked for (their values per currency)."""
        return self.totals() if self.values else ()

    def totals(self) -> tuple[FlowTotals, ...]:
        """Return the totals per direction (inbound first), each per unit: in and out are never added."""
        groups: dict[Direction | None, list[FlowRow]] = {}
        for row in self.rows:
            direction = row.keys.get("direction")
            groups.setdefault(direction if isinstance(direction, Direction) else None, []).append(row)
        order = {Direction.INBOUND: 0, Direction.OUTBOUND: 1, None: 2}
        return tuple(self._totals_of(direction, groups[direction])
                     for direction in sorted(groups, key=lambda d: order[d]))

    def _totals_of(self, direction: Direction | None, rows: list[FlowRow]) -> FlowTotals:
        """Return the totals of the rows of one direction."""
        per_unit: dict[str, Decimal] = {}
        gross = estimated = Decimal(0)
        for row in rows:
            per_unit[row.unit] = per_unit.get(row.unit, Decimal(0)) + row.total.value
            gross += row.gross_mass.total.value
            estimated += row.gross_mass.estimated.value
        return FlowTotals(direction, tuple(Amount(plain(value), unit) for unit, value in per_unit.items()),
                          Amount(plain(gross), self.mass_unit), Amount(plain(estimated), self.mass_unit),
                          sum(row.lines for row in rows),
                          totals_by_currency(value for row in rows for value in row.values))


def plain(value: Decimal) -> Decimal:
    """Return a decimal without trailing zeros or a positive exponent (1500, 1.5): equal, and one spelling.

    Figures are sealed into a printed report's revision as they are, so one value keeps one form.
    """
    whole = value.to_integral_value()
    return whole if value == whole else value.normalize()


def exact_total(sums: GroupSums) -> Decimal:
    """Return the exact total of the group in its base unit."""
    return plain(Decimal(sums.whole * SCALE + sums.micro).scaleb(-6))


def estimated_kg(sums: GroupSums) -> Decimal:
    """Return the estimated mass in kg, exact to 10^-12 kg and then rounded to a milligram."""
    exact = Decimal(sums.estimate_micro_kg * SCALE + sums.estimate_pico_kg).scaleb(-12)
    return round_estimate(exact, Dimension.MASS)


def _in(value_kg: Decimal, mass_unit: str) -> Amount:
    return Amount(plain(value_kg.scaleb(-MASS_UNITS[mass_unit])), mass_unit)


def gross_mass(sums: GroupSums, mass_unit: str) -> GrossMass:
    """Return the group's gross mass: exact (lines by mass) and estimated (from unit masses)."""
    exact = exact_total(sums) if sums.unit == CANONICAL_UNIT[Dimension.MASS] else Decimal(0)
    return GrossMass(_in(exact, mass_unit), _in(estimated_kg(sums), mass_unit), sums.unweighed)


def flow_row(keys: Mapping[str, GroupKey], sums: GroupSums, mass_unit: str,
             values: tuple[Money, ...] = ()) -> FlowRow:
    """Return one report row: the group's keys, its exact total, counts, gross mass, declared values.

    A total by mass is given in the report's mass unit (kg or t), like every other mass column;
    other totals in their base unit.
    """
    total = exact_total(sums)
    by_mass = sums.unit == CANONICAL_UNIT[Dimension.MASS]
    amount = _in(total, mass_unit) if by_mass else Amount(total, sums.unit)
    return FlowRow(dict(keys), amount, sums.lines, sums.shipments, gross_mass(sums, mass_unit), values)
