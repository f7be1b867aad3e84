"""Flow reports as plain rules: groupings, periods, default statuses and exact totals from SQL sums."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from logistics.domain.totals import round_estimate
from logistics.domain.workflow import MOVED, Status  # noqa: F401  (MOVED re-exported)
from logistics.errors import Invalid
from logistics.units import CANONICAL_UNIT, Dimension, format_decimal

GROUPINGS = ("direction", "kind", "country", "counterparty", "item", "category", "period")
PERIODS = ("month", "quarter", "year")
MASS_UNITS = {"kg": 0, "t": 3}  # the power of ten a kilogram figure is divided by

# Flows are goods that went in or out: on their way or arrived (as on the dashboard).

MILLION = 10**6


def resolve_grouping(group_by: list[str], period: str | None) -> tuple[list[str], str | None]:
    """Return the groupings and period in force: a period alone groups by it, "period" alone by month."""
    keys = list(group_by)
    unknown = [key for key in keys if key not in GROUPINGS]
    if unknown or len(set(keys)) != len(keys):
        raise Invalid(f"group by {', '.join(GROUPINGS)}, each at most once",
                      {"group_by": [f"unknown or repeated: {', '.join(unknown or keys)}"]})
    if period is not None and period not in PERIODS:
        raise Invalid(f"a period is one of {', '.join(PERIODS)}", {"period": [f"unknown: {period}"]})
    if period and "period" not in keys:
        keys.append("period")
    if "period" in keys and not period:
        period = "month"
    return keys, period


def check_mass_unit(mass_unit: str) -> str:
    """Return a mass unit reports may use (kg or t), or refuse it."""
    if mass_unit not in MASS_UNITS:
        raise Invalid("gross mass is shown in kg or t", {"mass_unit": [f"unknown: {mass_unit}"]})
    return mass_unit


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


def exact_total(sums: GroupSums) -> Decimal:
    """Return the exact total of the group in its base unit."""
    return Decimal(sums.whole * MILLION + sums.micro).scaleb(-6)


def estimated_kg(sums: GroupSums) -> Decimal:
    """Return the estimated mass in kg, exact to 10^-12 kg and then rounded to a milligram."""
    exact = Decimal(sums.estimate_micro_kg * MILLION + sums.estimate_pico_kg).scaleb(-12)
    return round_estimate(exact, Dimension.MASS)


def _in(value_kg: Decimal, mass_unit: str) -> dict[str, str]:
    return {"value": format_decimal(value_kg.scaleb(-MASS_UNITS[mass_unit])), "unit": mass_unit}


def gross_mass(sums: GroupSums, mass_unit: str) -> dict:
    """Return the group's gross mass: exact (lines by mass), estimated (from unit masses), total."""
    exact = exact_total(sums) if sums.unit == CANONICAL_UNIT[Dimension.MASS] else Decimal(0)
    estimated = estimated_kg(sums)
    return {"exact": _in(exact, mass_unit), "estimated": _in(estimated, mass_unit),
            "total": _in(exact + estimated, mass_unit), "includes_estimate": estimated != 0,
            "unweighed_lines": sums.unweighed}


def flow_row(keys: dict, sums: GroupSums, mass_unit: str) -> dict:
    """Return one report row: the group's keys, its exact total in its base unit, counts, gross mass."""
    return {**keys, "unit": sums.unit,
            "total": {"value": format_decimal(exact_total(sums)), "unit": sums.unit},
            "lines": sums.lines, "shipments": sums.shipments,
            "gross_mass": gross_mass(sums, mass_unit)}
