"""How a manifest is laid out: pages numbered N of M, the table header on every page, wrapping, paper."""
from __future__ import annotations

import re

import pytest
from tests.documents.conftest import API, expect
from tests.documents.pdfs import squash, squeeze, words

A4, LETTER = (595, 842), (612, 792)
EDGE = 20  # points of paper no text may come closer to the edge than (about 7 mm)


def _row(number: int) -> re.Pattern:
    """Return the pattern of line `number` of the long shipment (line n carries n boxes)."""
    return re.compile(rf"(?<!\S){number} PPE-COV Medical protective coverall 6210\.10 {number} box "
                      rf"{25 * number:,} piece H87 ≈ ")


@pytest.mark.parametrize("query, size", [("", A4), ("?paper=letter", LETTER)])
def test_a_long_shipment_flows_over_numbered_pages_with_the_column_header_on_each(
        ship, render, query, size):
    shipment = ship(lines=[("PPE-COV", f"{n} box") for n in range(1, 301)], status="confirmed")
    pdf, response = render(shipment["id"], query=query)
    total = len(pdf.pages)
    assert total > 3
    assert pdf.sizes == [size] * total
    revision = response.headers["X-Document-Revision"]
    for index in range(total):
        page = pdf.page_words(index)
        assert page.count(f"Page {index + 1} of {total}") == 1, index
        assert f"{shipment['reference']} · revision {revision}" in page, index
    carrying = set()
    for number in range(1, 301):
        found = [index for index in range(total) if _row(number).search(pdf.page_words(index))]
        assert len(found) == 1 and len(_row(number).findall(pdf.page_words(found[0]))) == 1, number
        carrying |= set(found)
    assert len(carrying) > 3
    for index in carrying:
        page = pdf.page_words(index)
        assert "# SKU Item HS code Lot / expiry As entered Base quantity UN/ECE Gross mass" in page, index
    assert "Number of lines: 300" in pdf.words
    assert f"PPE-COV Medical protective coverall {25 * sum(range(1, 301)):,} piece" in pdf.words


LONG_NAMES = {
    "one word": ("Jednorázovýochrannýoblekčćđšžąćęłńóśźż" * 8)[:300],
    "words": (" ".join(["Jednorázový ochranný oblek, kategorie III,"] * 8))[:300],
    "chinese": ("医用一次性防护服" * 38)[:300],
}


def _item_column(content: bytes) -> tuple[list, float, float]:
    """Return the words in line 1's Item cell on page 1, and the Item column's left and right edges."""
    page = words(content, 0)
    item = min((w for w in page if w.text == "Item"), key=lambda w: w.y0)       # the line table's header
    right = next(w.x0 for w in page if w.text == "HS" and abs(w.y0 - item.y0) < 1)
    line_2 = min(w.y0 for w in page if w.text == "PPE-COV")
    return ([w for w in page if item.y1 < w.y0 < line_2 - 1 and w.x0 >= item.x0 - 1 and w.x0 < right],
            item.x0, right)


@pytest.mark.parametrize("name", LONG_NAMES.values(), ids=LONG_NAMES.keys())
def test_a_very_long_item_name_wraps_inside_its_cell(make, ship, render, name):
    assert len(name) == 300
    make.item("LONG-1", "piece", name=name, hs_code="6210.10")
    shipment = ship(lines=[("LONG-1", "5 piece"), ("PPE-COV", "1 box")])
    pdf, _ = render(shipment["id"])
    assert pdf.sizes == [A4] * len(pdf.pages)
    assert squash(name) in pdf.squashed
    if " " in name:
        assert squeeze(name) in pdf.words
    assert "2 PPE-COV Medical protective coverall 6210.10 1 box 25 piece H87" in pdf.words

    cell, left, right = _item_column(pdf.content)
    assert "".join(w.text for w in sorted(cell, key=lambda w: (round(w.y0), w.x0))) == squash(name)
    assert len({round(w.y0) for w in cell}) > 3                      # over several lines
    for word in cell:
        assert left - 1 <= word.x0 and word.x1 <= right, word
    for index in range(len(pdf.pages)):
        for word in words(pdf.content, index):
            assert EDGE <= word.x0 and word.x1 <= A4[0] - EDGE, word


PAPERS = [("manifest", "", A4), ("manifest", "?paper=a4", A4), ("manifest", "?paper=letter", LETTER),
          ("grn", "?paper=letter", LETTER), ("donation-certificate", "?paper=letter", LETTER)]


@pytest.mark.parametrize("kind, query, size", PAPERS)
def test_documents_are_a4_by_default_and_us_letter_on_request(ship, render, kind, query, size):
    pdf, _ = render(ship(status="received")["id"], kind, query=query)
    assert pdf.sizes == [size] * len(pdf.pages)
    # A received one-line shipment: one page on A4; on the shorter Letter the customs particulars and
    # the receipt table since added carry its history over to a second page.
    assert len(pdf.pages) <= (1 if size == A4 else 2)
    assert f"Page 1 of {len(pdf.pages)}" in pdf.pages[0]


@pytest.mark.parametrize("kind, paper", [("manifest", "a3"), ("manifest", "legal"), ("manifest", ""),
                                         ("manifest", "letter,a4"), ("grn", "a5")])
def test_an_unknown_paper_is_refused_with_422_and_nothing_is_printed(ship, staff, kind, paper):
    shipment = ship(status="received")
    body = expect(staff.get(f"{API}/shipments/{shipment['id']}/{kind}.pdf?paper={paper}"), 422)
    assert "paper" in body["errors"]["query"]
    assert body["message"]
    assert expect(staff.get(f"{API}/shipments/{shipment['id']}/documents"), 200) == []
