"""A fast table for long lists of rows: measured once, split by bisection, drawn as one text object.

reportlab's Table re-measures the remaining rows at every page split (super-linear on long
manifests) and builds a cell object per value. Here each row is wrapped and measured once;
a split is a binary search in the running heights; a page's text is one PDF text object.
Text is drawn with textOut, so user text is never markup.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from logistics.pdf.fonts import BOLD, CJK, REGULAR, font_runs, has_cjk

SIZE = 7.2
LEADING = SIZE + 1.6
PAD_X = 2.5
PAD_Y = 1.6


def measure(text: str, font: str = REGULAR) -> float:
    """Return the width of text, switching to the CJK font for CJK runs."""
    if not has_cjk(text):
        return stringWidth(text, font, SIZE)
    return sum(stringWidth(run, CJK if cjk else font, SIZE) for run, cjk in font_runs(text))


def wrap(text: str, width: float, font: str = REGULAR) -> list[str]:
    """Split text into lines no wider than width; words longer than a line are broken."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        if has_cjk(paragraph):
            lines.extend(_wrap_chars(paragraph, width, font))
            continue
        for line in simpleSplit(paragraph, font, SIZE, width) or [""]:
            if stringWidth(line, font, SIZE) > width:
                lines.extend(_wrap_chars(line, width, font))
            else:
                lines.append(line)
    return lines


def _wrap_chars(text: str, width: float, font: str) -> list[str]:
    """Break text at any character (CJK text, or a word too long for its column)."""
    lines, current = [], ""
    for char in text:
        if current and measure(current + char, font) > width:
            lines.append(current.rstrip())
            current = char.lstrip()
        else:
            current += char
    lines.append(current)
    return lines


class Rows:
    """Rows wrapped to their columns and measured, shared by every piece of a split table."""

    def __init__(self, labels: list[str], widths: list[float], right: list[bool], rows: list[list[str]]):
        self.widths, self.right = widths, right
        self.header = self._cells(labels, BOLD)
        self.body = [self._cells(row, REGULAR) for row in rows]
        heights = [self._height(cells) for cells in self.body]
        self.header_height = self._height(self.header)
        self.tops = [0.0, *accumulate(heights)]
        self.started = False  # set once the first piece is drawn

    def _cells(self, values: list[str], font: str) -> list[list[tuple[str, float]]]:
        cells = []
        for value, width, right in zip(values, self.widths, self.right, strict=True):
            room = width - 2 * PAD_X
            lines = [value] if "\n" not in value and measure(value, font) <= room else wrap(value, room, font)
            cells.append([(line, measure(line, font) if right else 0.0) for line in lines])
        return cells

    @staticmethod
    def _height(cells) -> float:
        return max(len(lines) for lines in cells) * LEADING + 2 * PAD_Y


class RowTable(Flowable):
    """Rows [start, end) of a Rows set; the first piece carries the header row."""

    def __init__(self, rows: Rows, start: int = 0, end: int | None = None, style: dict | None = None):
        super().__init__()
        self.rows, self.start = rows, start
        self.end = len(rows.body) if end is None else end
        self.style = style or {}
        self.header = start == 0

    def _header_height(self) -> float:
        return self.rows.header_height if self.header else 0.0

    def wrap(self, available_width, available_height):
        """Return the size of these rows."""
        self.width = sum(self.rows.widths)
        self.height = self._header_height() + self.rows.tops[self.end] - self.rows.tops[self.start]
        return self.width, self.height

    def split(self, available_width, available_height):
        """Split after the last row that fits (at least one row per piece)."""
        room = available_height - self._header_height()
        tops = self.rows.tops
        cut = bisect_right(tops, tops[self.start] + room, self.start, self.end + 1) - 1
        if cut <= self.start or cut >= self.end:
            return []
        return [RowTable(self.rows, self.start, cut, self.style),
                RowTable(self.rows, cut, self.end, self.style)]

    def draw(self):
        """Draw the stripes, rules and all the text of these rows."""
        canvas, style = self.canv, self.style
        self.rows.started = True
        top = self.height
        if self.header:
            canvas.setFillColor(style["shade"])
            canvas.rect(0, top - self.rows.header_height, self.width, self.rows.header_height,
                        stroke=0, fill=1)
        body_top = top - self._header_height()
        canvas.setFillColor(style["band"])
        y = body_top
        heights = [self.rows.tops[i + 1] - self.rows.tops[i] for i in range(self.start, self.end)]
        for index, height in enumerate(heights):
            if (self.start + index) % 2:
                canvas.rect(0, y - height, self.width, height, stroke=0, fill=1)
            y -= height
        path = canvas.beginPath()
        y = body_top
        for height in heights:
            y -= height
            path.moveTo(0, y)
            path.lineTo(self.width, y)
        canvas.setStrokeColor(style["rule"])
        canvas.setLineWidth(0.25)
        canvas.drawPath(path, stroke=1, fill=0)
        if self.header:
            canvas.setStrokeColor(style["ink"])
            canvas.setLineWidth(0.6)
            canvas.line(0, body_top, self.width, body_top)
        text = canvas.beginText()
        text.setFillColor(style["ink"])
        state = {"font": None}
        if self.header:
            self._draw_row(text, state, self.rows.header, top, BOLD)
        y = body_top
        for cells, height in zip(self.rows.body[self.start:self.end], heights, strict=True):
            self._draw_row(text, state, cells, y, REGULAR)
            y -= height
        canvas.drawText(text)

    def _draw_row(self, text, state, cells, top, font):
        x = 0.0
        for lines, width, right in zip(cells, self.rows.widths, self.rows.right, strict=True):
            baseline = top - PAD_Y - SIZE
            for line, line_width in lines:
                text.setTextOrigin(x + (width - PAD_X - line_width if right else PAD_X), baseline)
                for run, cjk in (font_runs(line) if has_cjk(line) else ((line, False),)):
                    wanted = CJK if cjk else font
                    if state["font"] != wanted:
                        text.setFont(wanted, SIZE, LEADING)
                        state["font"] = wanted
                    text.textOut(run)
                baseline -= LEADING
            x += width
