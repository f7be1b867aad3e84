"""The printed flow report for managers: filters, the rows, totals and a bar chart per country.

Built from the manifests' parts (fonts, numbered pages, running header, the fast row table),
from a FlowSummary whose every figure is already formatted (domain/summary.py).
"""
from __future__ import annotations

from typing import Protocol

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Spacer

from logistics.document_language import D_, Wording
from logistics.domain.summary import (
    EMPTY,
    ESTIMATED,
    GROSS,
    LINES,
    SHIPMENTS,
    TOTAL,
    UNWEIGHED,
    VALUES,
    CountryChart,
    FlowSummary,
)
from logistics.pdf.fonts import CJK, REGULAR, font_runs, has_cjk, register, text_width, width_of
from logistics.pdf.layout import (
    CELL_PAD,
    CELL_SIZE,
    INK,
    RULE,
    Columns,
    canvas_drawing,
    frame_width,
    grid,
    heading,
    key_values,
    long_table,
    para,
    render,
)

# Figures get fixed widths in points (their headers fit, wrapped at a space); the group keys share
# the rest of the width in these proportions.
KEY_WEIGHTS = {"direction": 9, "kind": 9, "country": 14, "counterparty": 18, "item": 20, "category": 10,
               "period": 9}
FIGURE_WIDTHS = {TOTAL: 66, GROSS: 52, ESTIMATED: 52, LINES: 27, SHIPMENTS: 50, UNWEIGHED: 46, VALUES: 84}
PORTRAIT_KEYS = 3  # more group keys than this and the table is printed landscape
BAR = colors.HexColor("#1f5f99")
CHART_FONT_SIZE = 7
ROW_HEIGHT = 14  # points per bar
GAP = 6 * mm


def _columns(data: FlowSummary, width: float) -> Columns:
    """Return the table's columns: the group keys, then the right-aligned figures."""
    keys = data.group_by
    ids = data.columns or []
    figures = [max(FIGURE_WIDTHS[column], widest_word(label))
               for label, column, figure in zip(data.headers, ids, data.figures, strict=True) if figure]
    room = width - sum(figures)
    share = sum(KEY_WEIGHTS[key] for key in keys) or 1
    spec: list[tuple] = [(label, room * KEY_WEIGHTS[key] / share)
                         for label, key in zip(data.headers, keys, strict=False)]  # keys come first
    spec += [(label, points, "right")
             for label, points in zip(data.headers[len(keys):], figures, strict=True)]
    return Columns(spec, width)


def widest_word(header: str) -> float:
    """Return the room a header's longest word needs (another language's word may outgrow its column)."""
    return max(text_width(word, CELL_SIZE, True) for word in header.split()) + 2 * CELL_PAD + 1


def _fit(text: str, width: float) -> str:
    """Return a label shortened with an ellipsis to fit a width, keeping a country code such as " (CD)"."""
    if width_of(text, REGULAR, CHART_FONT_SIZE) <= width:
        return text
    name, code = (text[:-5], text[-5:]) if text.endswith(")") and text[-5:-3] == " (" else (text, "")
    while name and width_of(name + "…" + code, REGULAR, CHART_FONT_SIZE) > width:
        name = name[:-1]
    return name.rstrip(" ,") + "…" + code


def chart_drawing(chart: CountryChart, width: float) -> Drawing:
    """Return a horizontal bar chart of one direction and unit: a bar per country, largest first.

    Chinese names and units are drawn run by run (the CJK font has no Latin digits, DejaVu no CJK).
    """
    bars = chart.bars
    mixed = any(has_cjk(b.label) or has_cjk(b.text) for b in bars)
    label_room = min(max(width_of(b.label, REGULAR, CHART_FONT_SIZE) for b in bars), width * 0.38) + 4
    value_room = max(width_of(b.text, REGULAR, CHART_FONT_SIZE) for b in bars) + 6
    height = ROW_HEIGHT * len(bars) + 4
    drawing = canvas_drawing(width, height)
    plot = HorizontalBarChart()
    plot.x, plot.y = label_room, 2  # type: ignore[assignment]  # reportlab's stubs say int; points are floats
    plot.width, plot.height = max(width - label_room - value_room, 20), ROW_HEIGHT * len(bars)  # type: ignore[assignment]
    plot.data = [[float(b.value) for b in bars]]  # geometry only: the labels print the exact figures
    plot.barSpacing, plot.groupSpacing = 0, 4
    plot.bars[0].fillColor = BAR
    plot.bars[0].strokeColor = None
    names = [_fit(b.label, label_room - 4) for b in bars]
    plot.categoryAxis.categoryNames = [""] * len(bars) if mixed else names
    plot.categoryAxis.reverseDirection = 1  # the first (largest) bar on top
    plot.categoryAxis.strokeColor = RULE
    plot.categoryAxis.visibleTicks = 0
    labels = plot.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.fillColor = REGULAR, CHART_FONT_SIZE, INK
    labels.boxAnchor, labels.dx = "e", -3
    plot.valueAxis.valueMin = 0
    plot.valueAxis.valueMax = max(float(b.value) for b in bars) or 1.0
    plot.valueAxis.visible = 0
    if not mixed:
        plot.barLabelFormat = "values"
        plot.barLabelArray = [[b.text for b in bars]]
    plot.barLabels.fontName, plot.barLabels.fontSize = REGULAR, CHART_FONT_SIZE
    plot.barLabels.fillColor = INK
    plot.barLabels.boxAnchor, plot.barLabels.dx = "w", 3
    drawing.add(plot)
    if mixed:
        top, most = plot.y + plot.height, plot.valueAxis.valueMax
        for index, (bar, name) in enumerate(zip(bars, names, strict=True)):
            baseline = top - (index + 0.5) * ROW_HEIGHT - CHART_FONT_SIZE * 0.35
            _add_runs(drawing, plot.x - 3 - width_of(name, REGULAR, CHART_FONT_SIZE), baseline, name)
            end = plot.x + plot.width * float(bar.value) / most
            _add_runs(drawing, end + 3, baseline, bar.text)
    return drawing


def _add_runs(drawing: Drawing, x: float, y: float, text: str) -> None:
    """Add one line of text to a drawing from x, its CJK runs in the CJK font."""
    for run, cjk in font_runs(text):
        font = CJK if cjk else REGULAR
        drawing.add(String(x, y, run, fontName=font, fontSize=CHART_FONT_SIZE, fillColor=INK))
        x += stringWidth(run, font, CHART_FONT_SIZE)


def _chart_cell(chart: CountryChart, width: float) -> list:
    """Return a chart under its title (direction and unit)."""
    return [para(chart.title, "h2"), chart_drawing(chart, width)]


def _charts(data: FlowSummary, width: float, w: Wording) -> list:
    """Return the country charts two to a row (a row never splits across pages)."""
    if not data.charts:
        return []
    cell = (width - GAP) / 2
    rows = []
    for start in range(0, len(data.charts), 2):
        pair = [_chart_cell(chart, cell) for chart in data.charts[start:start + 2]]
        rows.append(grid([pair + [""] * (2 - len(pair))], [cell + GAP, cell],
                         [("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("RIGHTPADDING", (0, 0), (0, -1), GAP),
                          ("RIGHTPADDING", (1, 0), (1, -1), 0),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return [KeepTogether([heading(D_("Totals per country"), w), rows[0]]), *rows[1:]]


class _Opened(Protocol):
    """A printed report's title and the filters it was made with."""

    filters: list[tuple[str, str]]

    @property
    def title(self) -> str:
        """Return the report's title."""


def opening(data: _Opened, width: float) -> list:
    """Return the title and the filters the report was made with, above a rule (every printed report)."""
    table = grid([[[para(data.title, "title"), Spacer(1, 4), key_values(data.filters, width, per_row=3)]]],
                 [width], [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 5)])
    return [table, Spacer(1, 6)]


def orientation(data: FlowSummary, paper: str) -> str:
    """Return the paper turned landscape when more than three group keys share the table's width."""
    return f"{paper}-landscape" if len(data.group_by) > PORTRAIT_KEYS else paper


def flow_report(data: FlowSummary, paper: str = "a4") -> tuple[bytes, int]:
    """Render the flow report: filters, every row, totals, notes and the country charts."""
    register()
    w = Wording(data.language)
    paper = orientation(data, paper)
    width = frame_width(paper)
    story = opening(data, width)
    if not data.rows:
        story.append(para(w.t(EMPTY)))
        return render(data, story, paper, w)
    story += [heading(D_("Flows"), w), *long_table(_columns(data, width), data.rows)]
    story.append(KeepTogether([Spacer(1, 4), *(para(line) for line in data.totals),
                               *(para(note, "small") for note in data.notes)]))
    story += _charts(data, width, w)
    return render(data, story, paper, w)
