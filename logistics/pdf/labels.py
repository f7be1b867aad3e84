"""Shipping labels: one per package, 100 × 150 mm pages, or four to an A4 sheet with cut lines.

Each label is drawn straight on the canvas (a fixed layout, not a flowing story): consignor,
consignee, reference, "package n of N", type and number, the package it is on (a carton: its pallet's
number and "carton n of N on this pallet"), gross mass, contents in short, a QR
code of the package's tracking link, and a barcode: GS1-128 of AI (00) and the SSCC when the
package has one (FNC1 first, which reportlab's Code128 takes as the character "\\xf1"), else a
plain Code 128 of the package number. Text is drawn run by run (CJK runs in the CJK font),
never as markup.
"""
from __future__ import annotations

import io

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from logistics.document_language import D_
from logistics.domain.documents import DocumentData, Party
from logistics.domain.package_documents import Label
from logistics.pdf.fonts import BOLD, REGULAR, draw_text, register, width_of
from logistics.pdf.layout import draw_qr

WIDTH, HEIGHT = 100 * mm, 150 * mm
MARGIN = 4 * mm
FNC1 = "\xf1"  # reportlab's Code128 encodes this character as FNC1 (code128.py: "FNC1-FNC4 as \xf1-\xf4")
SHEET_COLUMNS, SHEET_ROWS = 2, 2   # four labels to an A4 sheet
CUT = 3 * mm                       # cut margin around each label on a sheet
INK = colors.black
SHEETS = ("label", "a4")


def fit_lines(text: str, width: float, font: str, size: float, most: int) -> list[str]:
    """Split text into at most `most` lines no wider than width; a cut-off last line ends in "…"."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split(" "):
            trial = f"{current} {word}" if current else word
            if width_of(trial, font, size) <= width:
                current = trial
                continue
            if current:
                lines.append(current)
            current = word
            while width_of(current, font, size) > width and len(current) > 1:  # a word longer than a line
                cut = len(current) - 1
                while cut > 1 and width_of(current[:cut], font, size) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    if len(lines) > most:
        last = lines[most - 1]
        while last and width_of(last + "…", font, size) > width:
            last = last[:-1]
        lines = [*lines[:most - 1], last + "…"]
    return lines


def _block(canvas: Canvas, x: float, top: float, width: float, text: str, font: str, size: float,
           most: int) -> float:
    """Draw wrapped text from `top` down; return the y below it."""
    leading = size * 1.2
    for line in fit_lines(text, width, font, size, most):
        top -= leading
        draw_text(canvas, x, top + size * 0.22, line, font, size)
    return top


def _fitting(text: str, width: float, size: float, smallest: float = 9) -> float:
    """Return the size (at most `size`) at which one line of text fits the width.

    "Package 1000 of 1000", or Polish "Opakowanie 2 z 373", is wider than the line at 15 pt; cut
    to fit, the label said "Opakowanie 2 z…", and a receiver could not tell how many to expect.
    """
    wide = width_of(text, BOLD, size)
    return size if wide <= width else max(smallest, size * width / wide)


def _caption(canvas: Canvas, x: float, top: float, text: str) -> float:
    canvas.setFillColor(colors.HexColor("#333333"))
    draw_text(canvas, x, top - 6, text.upper(), BOLD, 6)
    canvas.setFillColor(INK)
    return top - 7.5


def _party(canvas: Canvas, x: float, top: float, width: float, caption: str, party: Party,
           size: float, lines: int) -> float:
    top = _caption(canvas, x, top, caption)
    top = _block(canvas, x, top, width, party.name, BOLD, size, 2)
    if party.address:
        top = _block(canvas, x, top, width, party.address, REGULAR, size * 0.8, lines)
    country = f"{party.country_name} ({party.country})" if party.country else ""
    return _block(canvas, x, top, width, country, BOLD, size * 0.9, 1) if country else top


def _rule(canvas: Canvas, y: float, weight: float = 0.8) -> None:
    canvas.setLineWidth(weight)
    canvas.line(MARGIN, y, WIDTH - MARGIN, y)


def _barcode(canvas: Canvas, label: Label, bottom: float) -> None:
    """Draw the GS1-128 barcode of (00) and the SSCC, or a Code 128 of the number, with its text under it."""
    if label.sscc_digits:
        value, text, bar, height = FNC1 + "00" + label.sscc_digits, label.package.sscc, 0.495 * mm, 27 * mm
    else:
        value, text, bar, height = label.package.number, label.package.number, 0.4 * mm, 20 * mm
    code = Code128(value, barWidth=bar, barHeight=height, humanReadable=0,
                   lquiet=5 * mm, rquiet=5 * mm)
    code.drawOn(canvas, (WIDTH - code.width) / 2, bottom + 14)
    size = 11 if label.sscc_digits else 10
    draw_text(canvas, (WIDTH - width_of(text, BOLD, size)) / 2, bottom + 2, text, BOLD, size)


def draw_label(canvas: Canvas, data: DocumentData, label: Label) -> None:
    """Draw one label in the 100 × 150 mm box whose lower left corner is the canvas's origin."""
    package = label.package
    w = data.wording

    def caption(text: str) -> str:
        return w.label(text, " / ")  # one caption line: bilingual side by side

    inner = WIDTH - 2 * MARGIN
    canvas.setFillColor(INK)
    canvas.setStrokeColor(INK)
    top = HEIGHT - MARGIN
    top = _party(canvas, MARGIN, top, inner, caption(D_("From (consignor)")), data.consignor, 8, 2)
    _rule(canvas, top - 3)
    top = _party(canvas, MARGIN, top - 5, inner, caption(D_("To (consignee)")), data.consignee, 13, 3)
    _rule(canvas, top - 3, 1.6)
    top -= 5
    qr = 31 * mm
    text_width = inner - qr - 2 * mm
    if label.url:
        draw_qr(canvas, label.url, WIDTH - MARGIN - qr, top - qr, qr)
    middle = _caption(canvas, MARGIN, top, caption(D_("Reference")))
    middle = _block(canvas, MARGIN, middle, text_width, data.reference, BOLD, 14, 1)
    which = w.t(D_("Package {index} of {count}")).format(index=package.index, count=label.count)
    middle = _block(canvas, MARGIN, middle - 2, text_width, which, BOLD, _fitting(which, text_width, 15), 1)
    middle = _block(canvas, MARGIN, middle, text_width, f"{package.type_name} {package.number}",
                    REGULAR, 8.5, 2)
    if package.placement:  # a carton says which pallet it travels on, and its place there
        middle = _block(canvas, MARGIN, middle, text_width, package.placement, BOLD, 7.5, 3)
    middle = _caption(canvas, MARGIN, middle - 3, caption(D_("Gross mass")))
    middle = _block(canvas, MARGIN, middle, text_width, package.gross_mass, BOLD, 13, 1)
    if package.dimensions != "—":
        middle = _block(canvas, MARGIN, middle, text_width, package.dimensions, REGULAR, 7.5, 1)
    top = min(middle, top - qr) - 2
    top = _caption(canvas, MARGIN, top, caption(D_("Contents")))
    contents = package.short_contents or w.t(D_("empty"))
    if package.held:
        contents = f"{package.held}: {contents}"
    top = _block(canvas, MARGIN, top, inner, contents, REGULAR, 8, 3)
    _rule(canvas, MARGIN + 42 * mm)
    if package.sscc:
        _caption(canvas, MARGIN, MARGIN + 42 * mm - 1, "SSCC")
    _barcode(canvas, label, MARGIN)


def _cut_lines(canvas: Canvas, cell_width: float, cell_height: float) -> None:
    """Draw dashed cut lines between the labels of a sheet and around them."""
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.3)
    canvas.setStrokeColor(colors.HexColor("#888888"))
    for column in range(SHEET_COLUMNS + 1):
        canvas.line(column * cell_width, 0, column * cell_width, A4[1])
    for row in range(SHEET_ROWS + 1):
        canvas.line(0, A4[1] - row * cell_height, A4[0], A4[1] - row * cell_height)
    canvas.restoreState()


def labels(data: DocumentData, sheet: str = "label") -> tuple[bytes, int]:
    """Render every package's label: one 100 × 150 mm page each, or four to an A4 sheet ("a4")."""
    register()
    found = data.packages.labels(data.tracking_url) if data.packages else []  # the service refuses none
    buffer = io.BytesIO()
    size = A4 if sheet == "a4" else (WIDTH, HEIGHT)
    # Every font embedded: the canvas would otherwise start in Helvetica (named, never embedded).
    # The stubs type initialFontName as a number; reportlab takes the font's name.
    canvas = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1,
                    initialFontName=REGULAR)  # type: ignore[arg-type]
    canvas.setTitle(f"{data.title} {data.reference}")
    canvas.setAuthor("logistics")
    canvas.setSubject(f"revision {data.revision}")
    per_page = SHEET_COLUMNS * SHEET_ROWS if sheet == "a4" else 1
    cell_width, cell_height = A4[0] / SHEET_COLUMNS, A4[1] / SHEET_ROWS
    # On a sheet a label is scaled into its cell, inside the cut margin (0.95: 142.5 mm high).
    scale = min((cell_width - 2 * CUT) / WIDTH, (cell_height - 2 * CUT) / HEIGHT)
    pages = 0
    for start in range(0, len(found), per_page):
        pages += 1
        if sheet == "a4":
            _cut_lines(canvas, cell_width, cell_height)
        for place, label in enumerate(found[start:start + per_page]):
            canvas.saveState()
            if sheet == "a4":
                column, row = place % SHEET_COLUMNS, place // SHEET_COLUMNS
                x = column * cell_width + (cell_width - WIDTH * scale) / 2
                y = A4[1] - (row + 1) * cell_height + (cell_height - HEIGHT * scale) / 2
                canvas.translate(x, y)
                canvas.scale(scale, scale)
            draw_label(canvas, data, label)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), pages
