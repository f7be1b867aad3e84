"""The printed stock position: filters, a row per item and unit, the flagged estimates."""
from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from logistics.domain.stock_summary import EMPTY, StockSummary
from logistics.pdf.fonts import register
from logistics.pdf.layout import Columns, frame_width, heading, long_table, para, render
from logistics.pdf.summary import opening

# Points per column, scaled to the frame: the item's name wraps in its own column.
WIDTHS = {"Item": 150, "Unit": 40, "Received in": 70, "Dispatched out": 70, "Difference": 70,
          "Estimated balance": 110}


def stock_report(data: StockSummary, paper: str = "a4") -> tuple[bytes, int]:
    """Render the stock position: filters, every item and unit, and the notes on what is estimated."""
    register()
    width = frame_width(paper)
    story = opening(data, width)
    if not data.rows:
        story.append(para(EMPTY))
    else:
        columns = Columns([(label, WIDTHS[label], *(("right",) if figure else ()))
                           for label, figure in zip(data.headers, data.figures, strict=True)], width)
        story += [heading("Per item and unit"), *long_table(columns, data.rows)]
    story.append(KeepTogether([Spacer(1, 4), *(para(note, "small") for note in data.notes)]))
    return render(data, story, paper)
