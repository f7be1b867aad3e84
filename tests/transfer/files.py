"""Spreadsheet files built in memory for import tests."""
from __future__ import annotations

import csv
import io

from logistics.domain.transfer import COLUMNS

HEADINGS = list(COLUMNS)


def row(**cells) -> dict:
    """Return one line's cells, with sensible shipment columns unless given."""
    base = {"reference": "IMP-0001", "direction": "outbound", "kind": "donation", "status": "draft",
            "counterparty": "Bratislava Hospital", "origin_country": "CZ", "origin_place": "Praha",
            "destination_country": "SK", "destination_place": "Bratislava", "line_no": "1",
            "sku": "PPE-COV", "quantity": "1,000", "unit": "piece"}
    return {**base, **cells}


def csv_bytes(rows: list[dict], headings: list[str] = HEADINGS, encoding: str = "utf-8",
              delimiter: str = ",") -> bytes:
    """Return a CSV file with the given headings and one line per row (missing cells blank)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headings)
    for cells in rows:
        writer.writerow([cells.get(name, "") for name in headings])
    return buffer.getvalue().encode(encoding)
