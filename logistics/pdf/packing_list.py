"""The packing list: every package in tree order (pallets, then the cartons on each), for checking off.

Per package: its position ("1", "1.2"), number or SSCC, type, gross mass, dimensions, what it
holds (packages and line contents as packed, with the base quantity), and an empty box to tick.
Then what is in no package, and the totals. One fast row table (pdf/rows.py), so a shipment of
thousands of packages lays out in about linear time.
"""
from __future__ import annotations

from decimal import Decimal

from logistics.document_language import D_, ENGLISH_WORDING, Wording
from logistics.domain.documents import DocumentData
from logistics.domain.package_documents import PackageRow
from logistics.pdf.fonts import register
from logistics.pdf.layout import (
    Columns,
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

PACKING_COLUMNS = [("#", 6), (D_("Package"), 19), (D_("Type"), 8), (D_("Gross mass"), 9, "right"),
                   (D_("Dimensions"), 12), (D_("Contents (line, item: as packed)"), 41), ("✓", 5)]


def packing_rows(rows: tuple[PackageRow, ...], w: Wording = ENGLISH_WORDING) -> list[list[str]]:
    """Return the packing list's rows: one per package, cartons indented under their pallet."""
    table = []
    for row in rows:
        number = f"{row.number}\nSSCC {row.sscc}" if row.sscc and row.sscc.replace(" ", "") else row.number
        holds = w.t(D_("holds {packages}")).format(packages=row.held) if row.held else ""
        contents = "\n".join(part for part in (holds, row.contents) if part)
        table.append([("  " * (row.level - 1)) + row.position, number, row.type_name, row.gross_mass,
                      row.dimensions, contents or "—", ""])
    return table


def packing_list(data: DocumentData, paper: str = "a4") -> tuple[bytes, int]:
    """Render the packing list: parties, transport, every package with its contents, the unpacked, totals."""
    register()
    w = data.wording
    width = frame_width(paper)
    packages = data.packages
    story = [*header(data, width), *parties(data, width), *transport(data, width), heading(D_("Packages"), w)]
    if packages is None or not packages.rows:
        story.append(para(w.t(D_("No packages are recorded for this shipment."))))
    else:
        story += long_table(Columns(PACKING_COLUMNS, width, w), packing_rows(packages.rows, w))
        story.append(para(w.t(D_("Number of packages: {count} ({outer} outermost). Gross mass of the "
                                 "outermost packages: {mass}; volume {volume}.")).format(
            count=w.number(Decimal(packages.count)), outer=w.number(Decimal(packages.outer)),
            mass=packages.gross_mass, volume=packages.volume), "body"))
        for note in packages.notes:
            story.append(para(note, "small"))
    story.append(heading(D_("Not packed"), w))
    unpacked = packages.unpacked if packages else ()
    story += [para(text) for text in unpacked] or [para(w.t(D_("Every line is packed in full.")))]
    story.append(signatures([D_("Packed by"), D_("Checked by"), D_("Received by")], width, w))
    return render(data, story, paper, w)
