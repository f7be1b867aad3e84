"""Shipment totals: per item and dimension (exact), estimates across dimensions, gross mass."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from logistics.units import CANONICAL_UNIT, Dimension, format_decimal, round_estimate


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


def _q(value: Decimal, unit: str) -> dict[str, str]:
    return {"value": format_decimal(value), "unit": unit}


def item_totals(lines: list[LineFacts]) -> list[dict]:
    """Total each item per dimension, never mixing them; add flagged estimates where possible."""
    by_item: dict[int, dict] = {}
    for line in lines:
        entry = by_item.setdefault(line.item_id, {"line": line, "sums": {}, "rounded": set()})
        sums = entry["sums"]
        key = (line.dimension, line.unit)
        sums[key] = sums.get(key, Decimal(0)) + line.value
        if line.rounded:
            entry["rounded"].add(key)
    result = []
    for item_id, entry in by_item.items():
        first: LineFacts = entry["line"]
        sums: dict = entry["sums"]
        totals = [{"dimension": dim.value, "quantity": _q(value, unit),
                   **({"rounded": True} if (dim, unit) in entry["rounded"] else {})}
                  for (dim, unit), value in sorted(sums.items(), key=lambda kv: kv[0][0].value)]
        row = {"item_id": item_id, "sku": first.sku, "name": first.name,
               "base_unit": first.base_unit, "totals": totals}
        estimate = _cross_estimate(first, sums)
        if estimate:
            row["estimated"] = estimate
        result.append(row)
    return result


def _cross_estimate(item: LineFacts, sums: dict) -> dict | None:
    """Estimate the item's total in base units and in kg from its unit mass, when it mixes or can."""
    if item.unit_mass_kg is None or item.base_dimension is Dimension.MASS:
        return None
    base_total = Decimal(0)
    mass_total = Decimal(0)
    for (dimension, _unit), value in sums.items():
        if dimension is Dimension.MASS:
            base_total += value / item.unit_mass_kg
            mass_total += value
        else:
            base_total += value
            mass_total += value * item.unit_mass_kg
    return {
        "note": f"estimated from the unit mass of {format_decimal(item.unit_mass_kg)} kg "
                f"per {item.base_unit}",
        "base": _q(round_estimate(base_total, item.base_dimension), item.base_unit),
        "mass": _q(round_estimate(mass_total, Dimension.MASS), "kg"),
    }


def gross_mass(lines: list[LineFacts]) -> dict:
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
            estimated += line.value * line.unit_mass_kg
        else:
            unweighed.append(line.line_no)
    estimated = round_estimate(estimated, Dimension.MASS)
    unit = CANONICAL_UNIT[Dimension.MASS]
    return {
        "total": _q(exact + estimated, unit),
        "exact_part": _q(exact, unit),
        "estimated_part": _q(estimated, unit),
        "estimated": estimated != 0,
        "rounded": rounded,
        "complete": not unweighed,
        "unweighed_lines": unweighed,
    }


def shipment_totals(lines: list[LineFacts]) -> dict:
    """Return all totals of a shipment's lines."""
    return {"line_count": len(lines), "items": item_totals(lines), "gross_mass": gross_mass(lines)}
