"""Benchmark: parse and normalise 100,000 quantities, against pint's own parser in the same run.

Run: .venv/bin/python bench/bench_quantities.py [N]
Prints the time per quantity for our path (pattern + Decimal + cached unit lookup +
exact pack/unit arithmetic) and for pint parsing every string itself, and their ratio.
"""
from __future__ import annotations

import sys
import time
from decimal import Decimal

import pint

from logistics.units import ItemUnits, lookup_unit, normalize, parse_quantity, resolve_pack

INPUTS = ["22.5 t", "1,200 box", "345000 pcs", "145 carton", "8000 kg", "0.35 kg", "400 each",
          "12.25 lb", "3 dozen", "750 g"]


def coverall() -> ItemUnits:
    """Return the demo coverall's units: piece, 0.35 kg, box = 25 piece, carton = 4 box."""
    units = ItemUnits("piece", Decimal("0.35"))
    units.packs["box"] = resolve_pack(units, "box", parse_quantity("25 piece"))
    units.packs["carton"] = resolve_pack(units, "carton", parse_quantity("4 box"))
    return units


def ours(n: int, units: ItemUnits) -> float:
    """Time parse + normalise of n quantities through logistics.units."""
    start = time.perf_counter()
    for i in range(n):
        normalize(parse_quantity(INPUTS[i % len(INPUTS)]), units)
    return time.perf_counter() - start


def pint_only(n: int) -> float:
    """Time pint parsing each string and converting to kg or piece (no pack rules at all)."""
    registry = pint.UnitRegistry(non_int_type=Decimal)
    registry.define("box = 25 * count")
    registry.define("carton = 4 * box")
    plain = [s.replace(",", "").replace("pcs", "count").replace("each", "count")
             .replace("dozen", "12 * count") for s in INPUTS]
    start = time.perf_counter()
    for i in range(n):
        quantity = registry.Quantity(plain[i % len(plain)])
        quantity.to("kg" if quantity.check("[mass]") else "count")
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    units = coverall()
    lookup_unit.cache_clear()
    cold = ours(1, units)
    warm = ours(n, units)
    sample = max(n // 10, 1)
    reference = pint_only(sample) * (n / sample)
    print(f"quantities parsed and normalised: {n:,}")
    print(f"logistics.units: {warm:.3f} s ({warm / n * 1e6:.1f} µs each; first call {cold * 1e3:.1f} ms)")
    print(f"pint parsing every string (extrapolated from {sample:,}): {reference:.3f} s "
          f"({reference / n * 1e6:.1f} µs each)")
    print(f"ratio pint / ours: {reference / warm:.1f}x")
    print(f"unit cache: {lookup_unit.cache_info()}")


if __name__ == "__main__":
    main()
