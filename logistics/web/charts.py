"""Bar charts drawn on the server as inline SVG (no script, no CDN), legible on a phone.

Each bar has its own row: the label on the left and the exact figure on the right of one line of
text, the bar under them across the full width. The drawing is PLOT_WIDTH units wide, which is
about the width of a phone screen, so its 13-unit text (app.css) is never drawn smaller than about
11 px: nothing has to shrink beside the bars, and long names are cut with an ellipsis instead.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from logistics.units import format_grouped

PLOT_WIDTH = 320.0
ROW = 40.0  # a label line and a bar
BAR_HEIGHT = 14.0
CHAR_WIDTH = 7.6  # a generous average advance of a 13-unit sans-serif character, to cut labels in time


@dataclass(frozen=True)
class Bar:
    """One bar: its label (cut to fit), the full label, the figure as shown, and its geometry."""

    label: str
    full_label: str
    text: str
    y: float  # top of the row: the text baseline is at y + 14, the bar from y + 20
    width: float

    @property
    def text_y(self) -> float:
        """Return the baseline of the row's label and figure."""
        return self.y + 14

    @property
    def bar_y(self) -> float:
        """Return the top of the bar."""
        return self.y + 20


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart of one series (one direction and one unit)."""

    title: str
    bars: list[Bar]
    height: float
    plot_width: float = PLOT_WIDTH
    bar_height: float = BAR_HEIGHT

    @property
    def description(self) -> str:
        """Return the chart as a sentence, for screen readers: every label with its exact figure."""
        return f"{self.title}: " + ", ".join(f"{bar.full_label} {bar.text}" for bar in self.bars)


def fit(label: str, room: float) -> str:
    """Return a label cut with an ellipsis to fit ``room`` units, keeping a country code such as " (CZ)"."""
    most = max(int(room // CHAR_WIDTH), 4)
    if len(label) <= most:
        return label
    name, code = (label[:-5], label[-5:]) if label.endswith(")") and label[-5:-3] == " (" else (label, "")
    return name[:max(most - len(code) - 1, 1)].rstrip(" ,") + "…" + code


def bar_chart(title: str, values: list[tuple[str, Decimal]], unit: Callable[[Decimal], str]) -> Chart:
    """Lay out a bar per (label, value), largest first, scaled to the largest; ``unit`` names the unit."""
    ordered = sorted(values, key=lambda pair: (-pair[1], pair[0]))
    largest = max((value for _, value in ordered), default=Decimal(0)) or Decimal(1)
    bars = []
    for index, (label, value) in enumerate(ordered):
        text = f"{format_grouped(value, 3)} {unit(value)}"
        room = PLOT_WIDTH - (len(text) + 2) * CHAR_WIDTH
        bars.append(Bar(fit(label, room), label, text, index * ROW,
                        round(float(value / largest) * PLOT_WIDTH, 1)))
    return Chart(title, bars, ROW * len(bars) + 2)
