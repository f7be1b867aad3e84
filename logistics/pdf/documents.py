"""The three shipment documents, each composed from the shared parts in layout.py."""
from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

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

LINE_COLUMNS = [("#", 5.5), ("SKU", 9.5), ("Item", 20), ("HS code", 7.5), ("Lot / expiry", 13.5),
                ("As entered", 11.5, "right"), ("Base quantity", 12.5, "right"), ("UN/ECE", 7.5),
                ("Gross mass", 12.5, "right")]
# The customs particulars of each line, beside the goods table: where the goods were made, the net
# mass declared against the gross mass (weighed or estimated), and the declared value.
CUSTOMS_COLUMNS = [("#", 5.5), ("SKU", 12), ("Item", 25.5), ("Origin", 9), ("Net mass", 14, "right"),
                   ("Gross mass", 15, "right"), ("Declared value", 19, "right")]
RECEIPT_COLUMNS = [("#", 5.5), ("SKU", 10), ("Item", 21), ("Sent", 13, "right"),
                   ("Received", 13, "right"), ("Difference", 12, "right"), ("Reason given", 25.5)]
TOTAL_COLUMNS = [("SKU", 15), ("Item", 40), ("Total", 45, "right")]
PACKAGE_COLUMNS = [("Package type", 40), ("Count", 15, "right"), ("Gross mass", 22.5, "right"),
                   ("Volume", 22.5, "right")]
HISTORY_COLUMNS = [("When (UTC)", 22), ("Status", 16), ("Location", 24), ("Note", 38)]
EVIDENCE_COLUMNS = [("#", 5.5), ("File", 56.5), ("Kind", 14), ("Attached (UTC)", 24)]
PACKAGE_STATE_COLUMNS = [("Package", 17), ("Type", 9), ("On", 17), ("Contents", 27), ("Found", 30)]
PACKAGE_EVIDENCE_COLUMNS = [("Package", 17), ("File", 45), ("Kind", 14), ("Attached (UTC)", 24)]


def line_rows(data: DocumentData) -> list[list[str]]:
    """Return the manifest's line table rows."""
    return [[str(r.line_no), r.sku, r.name, r.hs_code, " / ".join(p for p in (r.lot, r.expiry) if p),
             r.entered, r.base, r.unece, r.mass] for r in data.rows]


def customs_rows(data: DocumentData) -> list[list[str]]:
    """Return the customs particulars table's rows: origin, net and gross mass, value per line."""
    return [[str(r.line_no), r.sku, r.name, r.origin or "—", r.net_mass, r.mass, r.value or "—"]
            for r in data.rows]


def _totals(data: DocumentData, width: float, heading_text: str = "Totals") -> list:
    columns = Columns(TOTAL_COLUMNS, width)
    table = data_table(columns, [list(row) for row in data.item_totals])
    packages = data.packages
    counted = (f"{packages.count:,}" + (f" ({packages.outer:,} outermost)" if packages.outer != packages.count
                                        else "")) if packages and packages.rows else "not recorded"
    lines = [para(f"Number of lines: {len(data.rows)}"),
             para(f"Number of packages: {counted}"),
             para(f"Net mass (declared): {data.net_mass}")]
    if data.net_mass_note:
        lines.append(para(data.net_mass_note, "small"))
    lines.append(para(f"Gross mass: {data.gross_mass}"))
    if data.gross_mass_note:
        lines.append(para(data.gross_mass_note, "small"))
    if data.value_totals:  # one total per currency: amounts in different currencies are never added
        lines.append(para("Declared value: " + "; ".join(data.value_totals)))
    return [KeepTogether([heading(heading_text), table, Spacer(1, 3), *lines])]


def _packages(data: DocumentData, width: float) -> list:
    """Return the packages by type (count, gross mass, volume) and the outermost packages' totals."""
    packages = data.packages
    if packages is None or not packages.rows:
        return []
    rows = [[t.name, t.count, t.gross_mass, t.volume] for t in packages.by_type]
    rows.append(["Outermost packages (the shipment)", f"{packages.outer:,}", packages.gross_mass,
                 packages.volume])
    lines = [para("A package's gross mass includes the packages on it, so the shipment's is that of the "
                  "outermost packages; see the packing list for each package's contents.", "small"),
             *(para(note, "small") for note in packages.notes),
             *(para(text, "small") for text in packages.unpacked)]
    return [KeepTogether([heading("Packages"), data_table(Columns(PACKAGE_COLUMNS, width), rows),
                          Spacer(1, 3), *lines])]


def _receipt(data: DocumentData, width: float) -> list:
    if not data.receipt:
        return []
    columns = Columns(RECEIPT_COLUMNS, width)
    rows = [[str(r.line_no), r.sku, r.name, r.sent, r.received, r.difference, r.note]
            for r in data.receipt]
    return [heading("Received quantities and discrepancies"), *long_table(columns, rows)]


def _evidence(data: DocumentData, width: float) -> list:
    """List the photos and documents attached to the lines' receipts (the files themselves are online)."""
    if not data.evidence:
        return []
    rows = [[str(row.line_no), row.file_name, row.kind, row.added] for row in data.evidence]
    return [heading("Photos and documents of the receipt"),
            data_table(Columns(EVIDENCE_COLUMNS, width), rows)]


def _package_states(data: DocumentData, width: float) -> list:
    """List every package with what the receiver found of it, and the files kept on packages."""
    story = []
    if data.package_states:
        rows = [[r.number, r.type, r.on, r.contents, r.state] for r in data.package_states]
        story += [heading("Packages received"), *long_table(Columns(PACKAGE_STATE_COLUMNS, width), rows)]
    if data.package_evidence:
        rows = [[r.number, r.file_name, r.kind, r.added] for r in data.package_evidence]
        story += [heading("Photos and documents of the packages"),
                  data_table(Columns(PACKAGE_EVIDENCE_COLUMNS, width), rows)]
    return story


def _history(data: DocumentData, width: float) -> list:
    columns = Columns(HISTORY_COLUMNS, width)
    rows = [[h.when, h.status, h.location, h.note] for h in data.history]
    return [heading("Status history"), data_table(columns, rows)]


def manifest(data: DocumentData, paper: str = "a4") -> tuple[bytes, int]:
    """Render a cargo manifest: parties, transport, every line, totals, receipt, history, signatures."""
    register()
    width = frame_width(paper)
    columns = Columns(LINE_COLUMNS, width)
    story = [*header(data, width), *parties(data, width), *transport(data, width),
             heading("Goods"), *long_table(columns, line_rows(data))]
    estimated = any(r.mass_estimated for r in data.rows)
    if estimated:
        story.append(para("≈ estimated from the item's unit mass (the line was counted, not weighed).",
                          "small"))
    if data.rows:
        customs = Columns(CUSTOMS_COLUMNS, width)
        story += [heading("Customs particulars"), *long_table(customs, customs_rows(data)),
                  para("Net mass: as declared for the line (— where none was declared). Gross mass: weighed "
                       "where the line was logged by mass" + (", ≈ estimated from the item's unit mass "
                                                              "otherwise." if estimated else "."), "small")]
    story += _packages(data, width)
    story += _totals(data, width)
    story += _receipt(data, width)
    story += _history(data, width)
    if data.notes:
        story += [heading("Notes"), para(data.notes)]
    story.append(signatures(["Prepared by", "Carrier", "Received by"], width))
    return render(data, story, paper)


def goods_received_note(data: DocumentData, paper: str = "a4") -> tuple[bytes, int]:
    """Render a goods received note: per line what was sent, what arrived, the difference and why."""
    register()
    width = frame_width(paper)
    columns = Columns(RECEIPT_COLUMNS, width)
    rows = [[str(r.line_no), r.sku, r.name, r.sent, r.received, r.difference, r.note]
            for r in data.receipt]
    story = [*header(data, width), *parties(data, width), *transport(data, width),
             para(f"Date of receipt: {data.extra['receipt_date']}"),
             heading("Received quantities and discrepancies"), *long_table(columns, rows),
             para(data.extra.get("summary", ""), "body"),
             *_evidence(data, width),
             *_package_states(data, width),
             *_history(data, width),
             signatures(["Received by", "Delivered by (carrier)"], width)]
    return render(data, story, paper)


def donation_certificate(data: DocumentData, paper: str = "a4") -> tuple[bytes, int]:
    """Render a certificate of donation: donor, recipient, what was given, the statement, signatures."""
    register()
    width = frame_width(paper)
    story = [*header(data, width), *parties(data, width, ("Donor", "Recipient")),
             para(data.extra["statement"]), Spacer(1, 4),
             para(f"Date of donation: {data.extra['donation_date']}"),
             *_totals(data, width, "Goods donated"),
             *transport(data, width),
             signatures(["For the donor", "For the recipient"], width)]
    return render(data, story, paper)
