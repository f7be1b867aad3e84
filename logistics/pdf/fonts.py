"""Fonts that cover the partners' languages, and user text made safe for reportlab markup.

DejaVu Sans covers Czech, Slovak, Polish and Croatian; Droid Sans Fallback covers Chinese.
Both are TrueType (embedded, subset, extractable) and ship with the package. reportlab has
no per-glyph fallback, so runs of CJK text are switched to the CJK font explicitly.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).with_name("fonts")
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
CJK = "DroidSansFallback"

# CJK ideographs, kana, hangul, CJK symbols and full-width forms
_CJK_RUN = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+")
_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register the fonts with reportlab once per process."""
    global _registered
    with _lock:
        if _registered:
            return
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFont(TTFont(CJK, str(FONT_DIR / "DroidSansFallbackFull.ttf")))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        addMapping(CJK, 0, 0, CJK)
        addMapping(CJK, 1, 0, CJK)
        addMapping(CJK, 0, 1, CJK)
        addMapping(CJK, 1, 1, CJK)
        _registered = True


def has_cjk(text: str) -> bool:
    """Say whether text holds characters the Latin font lacks."""
    return bool(_CJK_RUN.search(text))


def font_runs(text: str) -> list[tuple[str, bool]]:
    """Split text into runs, each saying whether it needs the CJK font."""
    runs, position = [], 0
    for match in _CJK_RUN.finditer(text):
        if match.start() > position:
            runs.append((text[position:match.start()], False))
        runs.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        runs.append((text[position:], False))
    return runs


def markup(text: object) -> str:
    """Return user text as Paragraph markup: escaped (it is data, never markup), CJK runs switched."""
    escaped = escape(str(text), {'"': "&quot;"})
    escaped = escaped.replace("\n", "<br/>")
    return _CJK_RUN.sub(lambda m: f'<font name="{CJK}">{m.group(0)}</font>', escaped)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width of plain text in points."""
    return pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size)


def width_of(text: str, font: str, size: float) -> float:
    """Return the width of text in points, CJK runs measured in the CJK font."""
    if not has_cjk(text):
        return pdfmetrics.stringWidth(text, font, size)
    return sum(pdfmetrics.stringWidth(run, CJK if cjk else font, size) for run, cjk in font_runs(text))


def draw_text(canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Draw one line of plain text at (x, y) on a canvas, switching to the CJK font for CJK runs."""
    for run, cjk in (font_runs(text) if has_cjk(text) else [(text, False)]):
        canvas.setFont(CJK if cjk else font, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, CJK if cjk else font, size)


def draw_right(canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """Draw one line of plain text ending at x (CJK runs in the CJK font)."""
    draw_text(canvas, x - width_of(text, font, size), y, text, font, size)
