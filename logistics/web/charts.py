"""Bar charts drawn on the server as inline SVG (no script, no CDN)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from logistics.units import format_grouped


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value text and geometry."""

    label: str
    text: str
    y: float
    width: float


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart of one series (one direction and one unit)."""

    title: str
    bars: list[Bar]
    height: float
    plot_width: float = 300.0
    label_width: float = 90.0
    bar_height: float = 18.0


def bar_chart(title: str, values: list[tuple[str, Decimal]], unit: Callable[[Decimal], str]) -> Chart:
    """Lay out a bar per (label, value), scaled to the largest value; ``unit`` names a value's unit."""
    largest = max((value for _, value in values), default=Decimal(0)) or Decimal(1)
    bars = [Bar(label, f"{format_grouped(value, 3)} {unit(value)}", 8 + index * 26,
                float(value / largest) * 300.0) for index, (label, value) in enumerate(values)]
    return Chart(title, bars, 16 + 26 * len(values))
