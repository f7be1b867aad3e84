"""Every font in every printed PDF is embedded, so it prints the same wherever it is opened."""
from __future__ import annotations

import pytest

from tests.documents.conftest import API, expect
from tests.documents.pdfs import fonts, read_pdf

OUR_FONTS = {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"}


def _assert_every_font_embedded(content: bytes) -> set[str]:
    """Check pdffonts' every row says emb=yes; return the fonts' names without subset tags."""
    listed = fonts(content)
    assert listed, "pdffonts found no font at all"
    assert [f for f in listed if not f.embedded] == []
    names = {f.name.split("+")[-1] for f in listed}
    assert names <= OUR_FONTS, names
    return names


@pytest.mark.parametrize("kind, status, query", [
    ("manifest", "draft", ""),
    ("manifest", "received", "?paper=letter"),
    ("grn", "received", ""),
    ("donation-certificate", "confirmed", ""),
])
def test_every_font_of_a_shipment_document_is_embedded(ship, render, kind, status, query):
    shipment = ship(status=status, received={0: ("90 piece", "ten torn")} if status == "received" else None,
                    notes="Łódź, Žilina, 沧州")
    pdf, _ = render(shipment["id"], kind, query=query)

    names = _assert_every_font_embedded(pdf.content)
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= names


def test_every_font_of_a_long_manifest_is_embedded_on_continued_pages_too(ship, render):
    # Later pages draw the running header and the repeated column header straight on the canvas.
    shipment = ship(lines=[("PPE-COV", f"{n} box") for n in range(1, 200)], status="confirmed")
    pdf, _ = render(shipment["id"])

    assert len(pdf.pages) > 2
    _assert_every_font_embedded(pdf.content)


def test_the_chinese_operator_name_prints_in_the_embedded_cjk_font(ship, render):
    pdf, _ = render(ship()["id"])  # the default operator's name is half Chinese

    assert "DroidSansFallback" in _assert_every_font_embedded(pdf.content)
    assert "沧州" in pdf.words


PRINTED_REPORTS = [
    # who prints, which report, its query, its title
    ("manager", "flows.pdf", "group_by=direction,country", "Flow report"),
    ("manager", "flows.pdf", "group_by=direction,country,item,kind", "Flow report"),
    ("manager", "flows.pdf", "group_by=direction&from=2100-01-01", "Flow report"),
    ("staff", "stock.pdf", "", "Stock position"),
    ("staff", "stock.pdf", "from=2100-01-01", "Stock position"),
]


@pytest.mark.parametrize("role, report, query, title", PRINTED_REPORTS)
def test_every_font_of_a_printed_report_is_embedded(make, ship, role, report, query, title):
    ship(status="in_transit")
    ship(lines=(("FOOD-RICE", "150 kg"),), direction="inbound", status="received")
    response = make.api(role).get(f"{API}/reports/{report}?{query}")
    expect(response, 200)
    pdf = read_pdf(response.data)

    _assert_every_font_embedded(pdf.content)
    assert title in pdf.words


@pytest.mark.parametrize("path", ["packing-list.pdf", "labels.pdf", "labels.pdf?sheet=a4"])
def test_every_font_of_the_packing_list_and_labels_is_embedded(make, staff, path):
    hospital = make.org(name="Szpital Wojewódzki Łódź", country="PL", address="Łódź 沧州")
    shipment = make.shipment(counterparty=hospital)
    make.packages(shipment, {"type": "pallet", "gross_mass": "310 kg",
                             "children": [{"type": "carton", "count": 2,
                                           "contents": [{"line_no": 1, "quantity": "2 box"}]}]})
    response = staff.get(f"{API}/shipments/{shipment.reference}/{path}")
    expect(response, 200)

    names = _assert_every_font_embedded(response.data)
    assert {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"} <= names
