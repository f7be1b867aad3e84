"""The three shipment documents, each composed from the shared parts in layout.py."""
from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import KeepTogether, Paragraph, Spacer

from logistics.document_language import D_, DC_
from logistics.domain.documents import DocumentData
from logistics.pdf.fonts import register
from logistics.pdf.layout import (
    Columns,
    data_table,
    frame_width,
    header,
    heading,
    long_table,
    para,
    parties,
    render,
    signatures,
    transport,
)

# Labels are catalog message ids (D_), translated where the table is laid out (Columns).
LINE_COLUMNS = [("#", 5.5), (D_("SKU"), 9.5), (D_("Item"), 20), (D_("HS code"), 7.5),
                (D_("Lot / expiry"), 13.5), (D_("As entered"), 11.5, "right"),
                (D_("Base quantity"), 12.5, "right"), ("UN/ECE", 7.5), (D_("Gross mass"), 12.5, "right")]
# The customs particulars of each line, beside the goods table: where the goods were made, the net
# mass declared against the gross mass (weighed or estimated), and the declared value.
CUSTOMS_COLUMNS = [("#", 5.5), (D_("SKU"), 12), (D_("Item"), 22.5), (DC_("country of origin", "Origin"), 12),
                   (D_("Net mass"), 14, "right"), (D_("Gross mass"), 15, "right"),
                   (D_("Declared value"), 19, "right")]
RECEIPT_COLUMNS = [("#", 5.5), (D_("SKU"), 10), (D_("Item"), 21), (D_("Sent"), 13, "right"),
                   (D_("Received"), 13, "right"), (D_("Difference"), 12, "right"), (D_("Reason given"), 25.5)]
TOTAL_COLUMNS = [(D_("SKU"), 15), (D_("Item"), 40), (D_("Total"), 45, "right")]
PACKAGE_COLUMNS = [(D_("Package type"), 40), (D_("Count"), 15, "right"), (D_("Gross mass"), 22.5, "right"),
                   (D_("Volume"), 22.5, "right")]
HISTORY_COLUMNS = [(D_("When (UTC)"), 22), (D_("Status"), 16), (D_("Location"), 24), (D_("Note"), 38)]
EVIDENCE_COLUMNS = [("#", 5.5), (D_("File"), 56.5), (D_("Kind"), 14), (D_("Attached (UTC)"), 24)]
PACKAGE_STATE_COLUMNS = [(D_("Package"), 17), (D_("Type"), 9), (D_("On"), 17), (D_("Contents"), 27),
                         (D_("Found"), 30)]
PACKAGE_EVIDENCE_COLUMNS = [(D_("Package"), 17), (D_("File"), 45), (D_("Kind"), 14),
                            (D_("Attached (UTC)"), 24)]


def line_rows(data: DocumentData) -> list[list[str]]:
    """Return the manifest's line table rows."""
    return [[str(r.line_no), r.sku, r.name, r.hs_code, " / ".join(p for p in (r.lot, r.expiry) if p),
             r.entered, r.base, r.unece, r.mass] for r in data.rows]


def customs_rows(data: DocumentData) -> list[list[str]]:
    """Return the customs particulars table's rows: origin, net and gross mass, value per line."""
    return [[str(r.line_no), r.sku, r.name, r.origin or "—", r.net_mass, r.mass, r.value or "—"]
            for r in data.rows]


def _said(data: DocumentData, label: str, value: object) -> Paragraph:
    """Return "Label: value", the label in the document's words (bilingual: "English / local: value")."""
    return para(f"{data.wording.label(label, ' / ')}: {value}")


def _totals(data: DocumentData, width: float, heading_text: str = D_("Totals")) -> list:
    w = data.wording
    columns = Columns(TOTAL_COLUMNS, width, w)
    table = data_table(columns, [list(row) for row in data.item_totals])
    packages = data.packages
    if packages and packages.rows:
        counted = w.number(Decimal(packages.count))
        if packages.outer != packages.count:
            counted += " " + w.t(D_("({count} outermost)")).format(count=w.number(Decimal(packages.outer)))
    else:
        counted = w.t(D_("not recorded"))
    lines = [_said(data, D_("Number of lines"), w.number(Decimal(len(data.rows)))),
             _said(data, D_("Number of packages"), counted),
             _said(data, D_("Net mass (declared)"), data.net_mass)]
    if data.net_mass_note:
        lines.append(para(data.net_mass_note, "small"))
    lines.append(_said(data, D_("Gross mass"), data.gross_mass))
    if data.gross_mass_note:
        lines.append(para(data.gross_mass_note, "small"))
    if data.value_totals:  # one total per currency: amounts in different currencies are never added
        lines.append(_said(data, D_("Declared value"), "; ".join(data.value_totals)))
    return [KeepTogether([heading(heading_text, w), table, Spacer(1, 3), *lines])]


def _packages(data: DocumentData, width: float) -> list:
    """Return the packages by type (count, gross mass, volume) and the outermost packages' totals."""
    packages = data.packages
    if packages is None or not packages.rows:
        return []
    w = data.wording
    rows = [[t.name, t.count, t.gross_mass, t.volume] for t in packages.by_type]
    rows.append([w.t(D_("Outermost packages (the shipment)")), w.number(Decimal(packages.outer)),
                 packages.gross_mass, packages.volume])
    lines = [para(w.text(D_("A package's gross mass includes the packages on it, so the shipment's is that "
                            "of the outermost packages; see the packing list for each package's contents.")),
                  "small"),
             *(para(note, "small") for note in packages.notes),
             *(para(text, "small") for text in packages.unpacked)]
    return [KeepTogether([heading(D_("Packages"), w), data_table(Columns(PACKAGE_COLUMNS, width, w), rows),
                          Spacer(1, 3), *lines])]


def _receipt(data: DocumentData, width: float) -> list:
    if not data.receipt:
        return []
    columns = Columns(RECEIPT_COLUMNS, width, data.wording)
    rows = [[str(r.line_no), r.sku, r.name, r.sent, r.received, r.difference, r.note]
            for r in data.receipt]
    return [heading(D_("Received quantities and discrepancies"), data.wording), *long_table(columns, rows)]


def _evidence(data: DocumentData, width: float) -> list:
    """List the photos and documents attached to the lines' receipts (the files themselves are online)."""
    if not data.evidence:
        return []
    rows = [[str(row.line_no), row.file_name, row.kind, row.added] for row in data.evidence]
    return [heading(D_("Photos and documents of the receipt"), data.wording),
            data_table(Columns(EVIDENCE_COLUMNS, width, data.wording), rows)]


def _package_states(data: DocumentData, width: float) -> list:
    """List every package with what the receiver found of it, and the files kept on packages."""
    w = data.wording
    story = []
    if data.package_states:
        rows = [[r.number, r.type, r.on, r.contents, r.state] for r in data.package_states]
        story += [heading(D_("Packages received"), w),
                  *long_table(Columns(PACKAGE_STATE_COLUMNS, width, w), rows)]
    if data.package_evidence:
        rows = [[r.number, r.file_name, r.kind, r.added] for r in data.package_evidence]
        story += [heading(D_("Photos and documents of the packages"), w),
                  data_table(Columns(PACKAGE_EVIDENCE_COLUMNS, width, w), rows)]
    return story


def _history(data: DocumentData, width: float) -> list:
    columns = Columns(HISTORY_COLUMNS, width, data.wording)
    rows = [[h.when, h.status, h.location, h.note] for h in data.history]
    if not rows:
        return [heading(D_("Status history"), data.wording),
                para(data.wording.text(D_("No movement of the goods recorded yet.")), "small")]
    return [heading(D_("Status history"), data.wording), data_table(columns, rows)]


def manifest(data: DocumentData, paper: str = "a4") -> tuple[bytes, int]:
    """Render a cargo manifest: parties, transport, every line, totals, receipt, history, signatures."""
    register()
    w = data.wording
    width = frame_width(paper)
    columns = Columns(LINE_COLUMNS, width, w)
    story = [*header(data, width), *parties(data, width), *transport(data, width),
             heading(D_("Goods"), w), *long_table(columns, line_rows(data))]
    estimated = any(r.mass_estimated for r in data.rows)
    if estimated:
        story.append(para(w.text(D_("≈ estimated from the item's unit mass (the line was counted, not "
                                    "weighed).")), "small"))
    if data.rows:
        customs = Columns(CUSTOMS_COLUMNS, width, w)
        note = (D_("Net mass: as declared for the line (— where none was declared). Gross mass: weighed "
                   "where the line was logged by mass, ≈ estimated from the item's unit mass otherwise.")
                if estimated else D_("Net mass: as declared for the line (— where none was declared). Gross "
                                     "mass: weighed where the line was logged by mass."))
        story += [heading(D_("Customs particulars"), w), *long_table(customs, customs_rows(data)),
                  para(w.text(note), "small")]
    story += _packages(data, width)
    story += _totals(data, width)
    story += _receipt(data, width)
    story += _history(data, width)
    if data.notes:
        story += [heading(D_("Notes"), w), para(data.notes)]
    story.append(signatures([D_("Prepared by"), D_("Carrier"), D_("Received by")], width, w))
    return render(data, story, paper, w)


def goods_received_note(data: DocumentData, paper: str = "a4") -> tuple[bytes, int]:
    """Render a goods received note: per line what was sent, what arrived, the difference and why."""
    register()
    w = data.wording
    width = frame_width(paper)
    columns = Columns(RECEIPT_COLUMNS, width, w)
    rows = [[str(r.line_no), r.sku, r.name, r.sent, r.received, r.difference, r.note]
            for r in data.receipt]
    story = [*header(data, width), *parties(data, width), *transport(data, width),
             _said(data, D_("Date of receipt"), data.extra["receipt_date"]),
             heading(D_("Received quantities and discrepancies"), w), *long_table(columns, rows),
             para(data.extra.get("summary", ""), "body"),
             *_evidence(data, width),
             *_package_states(data, width),
             *_history(data, width),
             signatures([D_("Received by"), D_("Delivered by (carrier)")], width, w)]
    return render(data, story, paper, w)


def donation_certificate(data: DocumentData, paper: str = "a4") -> tuple[bytes, int]:
    """Render a certificate of donation: donor, recipient, what was given, the statement, signatures."""
    register()
    w = data.wording
    width = frame_width(paper)
    story = [*header(data, width), *parties(data, width, (D_("Donor"), D_("Recipient"))),
             para(data.extra["statement"]), Spacer(1, 4),
             _said(data, D_("Date of donation"), data.extra["donation_date"]),
             *_totals(data, width, D_("Goods donated")),
             *transport(data, width),
             signatures([D_("For the donor"), D_("For the recipient")], width, w)]
    return render(data, story, paper, w)
