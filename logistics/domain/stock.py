"""The stock position as plain values: per item and unit, what came in, what went out, the difference.

In and out are compared only within one dimension (pieces with pieces, mass with mass). Where an
item was received in one dimension and dispatched in another (22.5 t in, pieces out), the balance
across them is given only as an estimate from the item's unit mass, flagged as such.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from logistics.domain.reports import MASS_UNITS, Amount, FlowRow, ItemKey, plain
from logistics.domain.workflow import Direction, Status
from logistics.units import CANONICAL_UNIT, Dimension, base_estimate, round_estimate


@dataclass(frozen=True)
class StockLine:
    """One item in one unit: received in, dispatched out and the difference (in − out), exact."""

    unit: str
    received: Decimal
    dispatched: Decimal

    @property
    def difference(self) -> Decimal:
        """Return what came in less what went out (negative: more went out than came in)."""
        return plain(self.received - self.dispatched)


@dataclass(frozen=True)
class StockItem:
    """An item's stock position per unit, and (across dimensions) an estimated balance in its base unit."""

    item: ItemKey
    lines: tuple[StockLine, ...]
    estimated_balance: Amount | None = None  # ESTIMATED from the unit mass; None when not needed or unknown


@dataclass(frozen=True)
class StockReport:
    """The stock position of every item moved in a period, and the parameters in force."""

    date_from: date | None
    date_to: date | None
    received_statuses: tuple[Status, ...]
    dispatched_statuses: tuple[Status, ...]
    mass_unit: str
    items: tuple[StockItem, ...]
    date_basis: str = "actual"  # actual: in by arrival, out by dispatch; planned: both by planned departure


def _estimate(lines: list[StockLine], base_unit: str, unit_mass_kg: Decimal | None,
              mass_unit: str) -> Amount | None:
    """Return the balance across dimensions in the base unit, estimated from the unit mass, or None.

    Only when the item moved both by mass and in its base unit (else each line says it exactly),
    and only for items counted or measured (a mass item needs no conversion).
    """
    units = {line.unit for line in lines}
    if unit_mass_kg is None or base_unit in MASS_UNITS or len(units) < 2 or mass_unit not in units:
        return None
    balance = Decimal(0)
    for line in lines:
        if line.unit == mass_unit:
            balance += base_estimate(line.difference.scaleb(MASS_UNITS[mass_unit]), unit_mass_kg)
        else:
            balance += line.difference
    dimension = Dimension.VOLUME if base_unit == CANONICAL_UNIT[Dimension.VOLUME] else Dimension.COUNT
    return Amount(plain(round_estimate(balance, dimension)), base_unit)


def stock_position(received: Iterable[FlowRow], dispatched: Iterable[FlowRow],
                   items: Mapping[int, tuple[str, Decimal | None]], mass_unit: str,
                   date_from: date | None, date_to: date | None,
                   received_statuses: tuple[Status, ...],
                   dispatched_statuses: tuple[Status, ...], date_basis: str = "actual") -> StockReport:
    """Return the stock position from flow rows by item (in and out) and the items' base units and masses."""
    sums: dict[int, dict[str, list[Decimal]]] = {}
    keys: dict[int, ItemKey] = {}
    for side, rows, direction in ((0, received, Direction.INBOUND), (1, dispatched, Direction.OUTBOUND)):
        for row in rows:
            item = row.keys["item"]
            if not isinstance(item, ItemKey) or row.keys.get("direction") != direction:
                continue
            keys[item.id] = item
            pair = sums.setdefault(item.id, {}).setdefault(row.unit, [Decimal(0), Decimal(0)])
            pair[side] += row.total.value
    result = []
    for item_id in sorted(keys, key=lambda key: (keys[key].sku, key)):
        lines = [StockLine(unit, plain(pair[0]), plain(pair[1])) for unit, pair in sums[item_id].items()]
        base_unit, unit_mass = items[item_id]
        estimate = _estimate(lines, base_unit, unit_mass, mass_unit)
        result.append(StockItem(keys[item_id], tuple(lines), estimate))
    return StockReport(date_from, date_to, received_statuses, dispatched_statuses, mass_unit, tuple(result),
                       date_basis)
