"""The printed stock position: filters, a row per item and unit, the flagged estimates."""
from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from logistics.document_language import D_, Wording
from logistics.domain.stock_summary import EMPTY, StockSummary
from logistics.pdf.fonts import register
from logistics.pdf.layout import Columns, frame_width, heading, long_table, para, render
from logistics.pdf.summary import opening, widest_word

# Points per column (in HEADERS' order, whatever the language), scaled to the frame: the item's
# name wraps in its own column.
WIDTHS = (150, 40, 70, 70, 70, 110)


def stock_report(data: StockSummary, paper: str = "a4") -> tuple[bytes, int]:
    """Render the stock position: filters, every item and unit, and the notes on what is estimated."""
    register()
    w = Wording(data.language)
    width = frame_width(paper)
    story = opening(data, width)
    if not data.rows:
        story.append(para(w.t(EMPTY)))
    else:
        columns = Columns([(label, max(points, widest_word(label)), *(("right",) if figure else ()))
                           for label, points, figure in zip(data.headers, WIDTHS, data.figures, strict=True)],
                          width)
        story += [heading(D_("Per item and unit"), w), *long_table(columns, data.rows)]
    story.append(KeepTogether([Spacer(1, 4), *(para(note, "small") for note in data.notes)]))
    return render(data, story, paper, w)
