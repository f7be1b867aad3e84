"""The parts every shipment document is built from: page frame, header, parties, tables, signatures.

A document is a list of flowables built from DocumentData; nothing here reads the
database or formats a figure (domain/documents.py did that).
"""
from __future__ import annotations

import io
from functools import partial
from typing import Protocol

import segno
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from logistics.document_language import D_, ENGLISH_WORDING, Wording
from logistics.domain.documents import KINDS, DocumentData
from logistics.pdf.fonts import BOLD, REGULAR, draw_right, draw_text, has_cjk, markup, register, text_width
from logistics.pdf.rows import LEADING as ROW_LEADING
from logistics.pdf.rows import Rows, RowTable

PAPERS = {"a4": A4, "letter": LETTER, "a4-landscape": landscape(A4), "letter-landscape": landscape(LETTER)}
MARGIN = 15 * mm
FOOTER = 14 * mm
INK = colors.HexColor("#1d2733")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#e8edf2")
BAND = colors.HexColor("#f6f8fa")
CELL_SIZE = 7.2
CELL_PAD = 2.5

STYLES = {
    "title": ParagraphStyle("title", fontName=BOLD, fontSize=17, leading=21, textColor=INK),
    "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=9.5, leading=12, textColor=INK,
                         spaceBefore=7, spaceAfter=3),
    "body": ParagraphStyle("body", fontName=REGULAR, fontSize=8.5, leading=11, textColor=INK),
    "small": ParagraphStyle("small", fontName=REGULAR, fontSize=7, leading=9, textColor=INK),
    "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=CELL_SIZE, leading=CELL_SIZE + 1.6,
                           textColor=INK),
    "cell_right": ParagraphStyle("cell_right", fontName=REGULAR, fontSize=CELL_SIZE,
                                 leading=CELL_SIZE + 1.6, textColor=INK, alignment=TA_RIGHT),
    "label": ParagraphStyle("label", fontName=BOLD, fontSize=6.8, leading=8.5,
                            textColor=colors.HexColor("#4a5563")),
}


def para(text: object, style: str = "body") -> Paragraph:
    """Return a Paragraph of user text, escaped and with CJK runs in the CJK font."""
    return Paragraph(markup(text), STYLES[style])


def cell(text: str, width: float, bold: bool = False, right: bool = False):
    """Return a table cell: plain text, wrapped to the column (fast, never markup); CJK as a Paragraph."""
    if has_cjk(text):
        style = STYLES["cell_right" if right else "cell"]
        return Paragraph(("<b>%s</b>" if bold else "%s") % markup(text), style)
    room = width - 2 * CELL_PAD
    if "\n" not in text and text_width(text, CELL_SIZE, bold) <= room:
        return text
    return "\n".join(wrap(text, room, BOLD if bold else REGULAR))


def wrap(text: str, width: float, font: str = REGULAR, size: float = CELL_SIZE) -> list[str]:
    """Split text into lines no wider than width, breaking words that are longer than a line."""
    lines = []
    for paragraph in text.splitlines() or [""]:
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            while stringWidth(line, font, size) > width and len(line) > 1:
                cut = max(1, int(len(line) * width / stringWidth(line, font, size)))
                while cut > 1 and stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
    return lines


class Columns:
    """A table's column labels, widths (scaled to the frame) and which are right-aligned figures."""

    def __init__(self, spec: list[tuple], frame_width: float, w: Wording = ENGLISH_WORDING):
        total = sum(entry[1] for entry in spec)
        self.labels = [w.label(entry[0]) for entry in spec]  # bilingual: English, the translation under it
        self.widths = [frame_width * entry[1] / total for entry in spec]
        self.right = [len(entry) > 2 and entry[2] == "right" for entry in spec]


def grid(cells: list, col_widths: list[float], commands: list[tuple], **kwargs) -> Table:
    """Return a Table whose cells start in our embedded font, with these style commands on top.

    reportlab's Table sets its default cell font (Helvetica, one of the 14 standard fonts it
    names without embedding) before drawing each cell, even a cell of Paragraphs, so every table
    of ours is made here. The size and leading stay reportlab's (10 on 12), so no row moves.
    """
    table = Table(cells, colWidths=col_widths, **kwargs)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 10, 12), *commands]))
    return table


def data_table(columns: Columns, rows: list[list[str]], header: bool = True) -> Table:
    """Return one table of rows (the header row first when asked)."""
    shape = list(zip(columns.widths, columns.right, strict=True))
    body = [[cell(value, width, right=right) for value, (width, right) in zip(row, shape, strict=True)]
            for row in rows]
    if header:
        body.insert(0, [cell(label, width, bold=True, right=right)
                        for label, (width, right) in zip(columns.labels, shape, strict=True)])
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, CELL_SIZE),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [colors.white, BAND]),
    ]
    commands += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i, right in enumerate(columns.right) if right]
    if header:
        commands += [("FONT", (0, 0), (-1, 0), BOLD, CELL_SIZE), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK)]
    return grid(body, columns.widths, commands)


class ActiveColumns(ActionFlowable):
    """Tell the page template which table is running, so later pages repeat its header."""

    def __init__(self, columns: Columns | None, rows: Rows | None = None):
        super().__init__()
        self.columns, self.rows = columns, rows

    def apply(self, doc):
        """Record the running table on the document."""
        doc.active_columns, doc.active_rows = self.columns, self.rows


def long_table(columns: Columns, rows: list[list[str]]) -> list:
    """Return flowables for a table of any length, with its header repeated on every page."""
    measured = Rows(columns.labels, columns.widths, columns.right, rows)
    style = {"shade": SHADE, "band": BAND, "rule": RULE, "ink": INK}
    return [ActiveColumns(columns, measured), NextPageTemplate("continued"), RowTable(measured, style=style),
            NextPageTemplate("plain"), ActiveColumns(None)]


def key_values(pairs: list[tuple[str, str]], width: float, per_row: int = 3,
               w: Wording = ENGLISH_WORDING) -> Table:
    """Return a compact grid of labelled values (transport details and the like); labels in w's words."""
    cells, row = [], []
    for label, value in pairs:
        row.append([Paragraph(markup(w.label(label).upper()), STYLES["label"]), para(value or "—")])
        if len(row) == per_row:
            cells.append(row)
            row = []
    if row:
        cells.append(row + [""] * (per_row - len(row)))  # type: ignore[list-item]  # empty cells
    return grid(cells, [width / per_row] * per_row, [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 4)])


def header(data: DocumentData, width: float, tracking: bool = True) -> list:
    """Return the document's opening: title, reference, revision, status and the tracking QR code."""
    w = data.wording
    facts = [(D_("Reference"), data.reference), (D_("Revision"), data.revision),
             (D_("Issued"), data.issued_at), (D_("Status"), data.status),
             (D_("Direction / kind"), f"{data.direction} {data.shipment_kind}")]
    left = [para(w.label(KINDS[data.kind]), "title"), Spacer(1, 4),
            key_values(facts, width - 34 * mm, per_row=3, w=w)]
    right = qr_code(data.tracking_url, 30 * mm) if tracking and data.tracking_url else ""
    table = grid([[left, right]], [width - 34 * mm, 34 * mm],
                 [("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                  ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                  ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                  ("BOTTOMPADDING", (0, 0), (-1, -1), 5)])
    return [table, Spacer(1, 6)]


def canvas_drawing(width: float, height: float) -> Drawing:
    """Return an empty Drawing that starts in our embedded font (reportlab's default is Helvetica)."""
    return Drawing(width, height, initialFontName=REGULAR, initialFontSize=CELL_SIZE)


def qr_code(url: str, size: float) -> Drawing:
    """Return a QR code of a URL, size points square."""
    drawing = canvas_drawing(size, size)
    drawing.add(QrCodeWidget(url, barLevel="M", barWidth=size, barHeight=size))
    return drawing


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw a QR code of a URL straight on a canvas: size points square, lower left corner at (x, y).

    The code is encoded by segno (level M, not raised, and the mask chosen by the standard's
    penalty rules, as reportlab's encoder does, at about 0.7x its time), with a 4-module quiet
    zone; its dark runs are one filled path instead of a shape each: a label of a thousand
    packages draws a thousand codes, and reportlab's shapes cost several times the encoding.
    """
    draw_matrix(canvas, segno.make_qr(url, error="m", boost_error=False).matrix, x, y, size)


def draw_matrix(canvas: Canvas, matrix, x: float, y: float, size: float) -> None:
    """Draw a QR module matrix (rows of dark/light), size points square with a 4-module quiet zone."""
    count, border = len(matrix), 4
    box = size / (count + 2 * border)
    path = canvas.beginPath()
    for row, modules in enumerate(matrix):
        top = y + size - (row + border + 1) * box
        column = 0
        while column < count:
            if modules[column]:
                start = column
                while column < count and modules[column]:
                    column += 1
                path.rect(x + (start + border) * box, top, (column - start) * box, box)
            else:
                column += 1
    canvas.drawPath(path, stroke=0, fill=1)


def parties(data: DocumentData, width: float, labels: tuple[str, str] | None = None) -> list:
    """Return the consignor and consignee side by side, with countries and addresses."""
    w = data.wording

    def block(party, label):
        lines = [Paragraph(markup(w.label(label).upper()), STYLES["label"]), para(party.name, "body")]
        country = f"{party.country_name} ({party.country})" if party.country else ""
        eori = w.label(D_("EORI"), " / ") + f" {party.eori}" if party.eori else ""
        vat = w.label(D_("VAT"), " / ") + f" {party.vat_number}" if party.vat_number else ""
        for text in (party.address, country, party.contact, eori, vat):
            if text:
                lines.append(para(text, "small"))
        return lines

    first, second = labels or (data.consignor.role, data.consignee.role)
    table = grid([[block(data.consignor, first), block(data.consignee, second)]], [width / 2, width / 2],
                 [("VALIGN", (0, 0), (-1, -1), "TOP"),
                  ("BOX", (0, 0), (0, 0), 0.4, RULE), ("BOX", (1, 0), (1, 0), 0.4, RULE),
                  ("LEFTPADDING", (0, 0), (-1, -1), 5), ("TOPPADDING", (0, 0), (-1, -1), 4),
                  ("BOTTOMPADDING", (0, 0), (-1, -1), 5)])
    return [table, Spacer(1, 6)]


def transport(data: DocumentData, width: float) -> list:
    """Return the transport details: carrier, mode, tracking number, route and dates."""
    pairs = [(D_("Carrier"), data.carrier), (D_("Transport mode"), data.transport_mode),
             (D_("Tracking number"), data.tracking_number), (D_("Origin"), data.origin),
             (D_("Destination"), data.destination), (D_("Planned departure"), data.planned_departure),
             (D_("Expected arrival"), data.expected_arrival)]
    # The actual dates once they are known, beside the planned ones.
    pairs += [(label, value) for label, value in ((D_("Dispatched"), data.dispatched),
                                                  (D_("Delivered"), data.delivered),
                                                  (D_("Received"), data.received)) if value]
    if data.incoterms:
        pairs.append((D_("Incoterms"), data.incoterms))
    pairs += data.references
    return [key_values(pairs, width, per_row=4, w=data.wording)]


def heading(text: str, w: Wording = ENGLISH_WORDING) -> Paragraph:
    """Return a section heading (bilingual: the English, the translation under it)."""
    return para(w.label(text), "h2")


def signatures(roles: list[str], width: float, w: Wording = ENGLISH_WORDING) -> KeepTogether:
    """Return signature blocks: for each role a name, date and signature line."""
    two = w.two  # bilingual labels take two lines: the rows grow to keep room to sign

    def block(role):
        rows = [[Paragraph(markup(w.label(role).upper()), STYLES["label"])]]
        for label in (D_("Name"), D_("Date"), D_("Signature")):
            rows.append([para(f"{w.label(label, ' / ')}:", "small")])
        return grid(rows, [width / len(roles) - 8], [("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                                                      ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                                      ("LEFTPADDING", (0, 0), (-1, -1), 0)],
                    rowHeights=[22 if two else 12, 20, 20, 26])

    blocks = grid([[block(role) for role in roles]], [width / len(roles)] * len(roles),
                  [("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return KeepTogether([heading(D_("Signatures"), w), blocks])


class Masthead(Protocol):
    """What every page repeats (running header, footer) and the PDF's metadata: a document's or a report's."""

    reference: str
    revision: str
    issued_at: str
    checksum: str

    @property
    def title(self) -> str:
        """Return the document's title."""


def _numbered_canvas(data: Masthead, counter: dict, w: Wording):
    """Return a canvas class that writes "Page N of M" and the footer once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's two-pass "Page N of M" recipe

        def save(self):
            total = counter["pages"] = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total):
            width, _ = self._pagesize  # type: ignore[attr-defined]
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.4)
            self.line(MARGIN, FOOTER, width - MARGIN, FOOTER)
            self.setFillColor(INK)
            # Drawn run by run: a Chinese footer switches to the CJK font (the canvas has no fallback).
            footer = w.t(D_("{title} {reference} · revision {revision} · issued {issued}"))
            draw_text(self, MARGIN, FOOTER - 9, footer.format(
                title=data.title, reference=data.reference, revision=data.revision, issued=data.issued_at),
                REGULAR, 7)
            checksum = w.t(D_("SHA-256 of this revision: {checksum}"))
            draw_text(self, MARGIN, FOOTER - 17, checksum.format(checksum=data.checksum), REGULAR, 5.8)
            page = self._pageNumber  # type: ignore[attr-defined]
            draw_right(self, width - MARGIN, FOOTER - 9,
                       w.t(D_("Page {page} of {pages}")).format(page=page, pages=total), BOLD, 7.5)
            self.restoreState()

    return NumberedCanvas


def _draw_running_header(canvas, doc, data: Masthead, w: Wording):
    rows = getattr(doc, "active_rows", None)
    # Only once the table has started: a table pushed whole to a new page draws its own header.
    columns = getattr(doc, "active_columns", None) if rows is not None and rows.started else None
    _, height = doc.pagesize
    canvas.saveState()
    canvas.setFillColor(INK)
    running = w.t(D_("{title} — {reference} (continued)"))
    draw_text(canvas, MARGIN, height - MARGIN + 8, running.format(title=data.title, reference=data.reference),
              BOLD, 7.5)
    if columns is not None and rows is not None:
        extra = (_header_depth(rows) - 1) * ROW_LEADING  # labels wrapped in their columns, as on page 1
        y = height - MARGIN - 12 - extra
        canvas.setFillColor(SHADE)
        canvas.rect(MARGIN, y - 2, sum(columns.widths), 12 + extra, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, CELL_SIZE)
        x = MARGIN
        for lines, col_width, right in zip(rows.header, columns.widths, columns.right, strict=True):
            baseline = y + 1.5 + extra
            for label, _ in lines:
                if right:
                    draw_right(canvas, x + col_width - CELL_PAD, baseline, label, BOLD, CELL_SIZE)
                else:
                    draw_text(canvas, x + CELL_PAD, baseline, label, BOLD, CELL_SIZE)
                baseline -= ROW_LEADING
            x += col_width
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, y - 2, MARGIN + sum(columns.widths), y - 2)
    canvas.restoreState()


def _header_depth(rows: Rows | None) -> int:
    """Return how many lines a table's column header takes (a label wraps in a narrow column)."""
    return max((len(lines) for lines in rows.header), default=1) if rows is not None else 1


def frame_width(paper: str) -> float:
    """Return the usable width of a page."""
    return PAPERS[paper][0] - 2 * MARGIN


def render(data: Masthead, story: list, paper: str, w: Wording = ENGLISH_WORDING) -> tuple[bytes, int]:
    """Lay out a story on numbered pages; return the PDF bytes (identical for identical data) and pages."""
    register()
    size = PAPERS[paper]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN, bottomMargin=FOOTER + 4, invariant=1,
                          # Every font embedded: the canvas would otherwise start in Helvetica, which
                          # reportlab names in the PDF without embedding it (one of the 14 standard fonts).
                          initialFontName=REGULAR,
                          title=f"{data.title} {data.reference}", author="logistics",
                          subject=f"revision {data.revision}", creator="logistics",
                          keywords=[data.reference, data.revision])
    body_height = size[1] - MARGIN - (FOOTER + 4)
    plain = Frame(MARGIN, FOOTER + 4, size[0] - 2 * MARGIN, body_height, id="plain",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    # Room for the running header above the continued frame: its deepest table header decides.
    depth = max([_header_depth(f.rows) for f in story if isinstance(f, ActiveColumns)], default=1)
    continued = Frame(MARGIN, FOOTER + 4, size[0] - 2 * MARGIN, body_height - 16 - (depth - 1) * ROW_LEADING,
                      id="continued",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([
        PageTemplate("plain", [plain]),
        PageTemplate("continued", [continued],
                     onPage=partial(_draw_running_header, data=data, w=w)),
    ])
    counter: dict = {}
    doc.build(story, canvasmaker=_numbered_canvas(data, counter, w))
    return buffer.getvalue(), counter["pages"]
