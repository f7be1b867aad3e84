"""Shipping labels: one per package, 100 x 150 mm or four to an A4 sheet, barcodes that scan back."""
from __future__ import annotations


import pytest

from tests.documents.barcodes import decode, render_page
from tests.documents.conftest import API, expect
from tests.documents.pdfs import read_pdf

PREFIX = "4012345"
MM = 72 / 25.4
PALLETS = {"type": "pallet", "count": 2, "gross_mass": "310.5 kg", "dimensions_mm": [1200, 800, 1500],
           "children": [{"type": "carton", "count": 3, "gross_mass": "7 kg",
                         "contents": [{"line_no": 1, "quantity": "4 box"}]}]}


@pytest.fixture
def packed(app, make, monkeypatch):
    """Return a factory: an outbound shipment to Łódź, packed as the body says (with SSCCs when asked)."""
    def create(body=PALLETS, sscc: bool = True, **fields):
        if sscc:
            monkeypatch.setitem(app.config, "GS1_COMPANY_PREFIX", PREFIX)
        make.coverall()
        hospital = make.org(name="Szpital Wojewódzki Łódź", country="PL", address="ul. Kopcińskiego 22, 90-153 Łódź")
        shipment = make.shipment(counterparty=hospital, lines=(("PPE-COV", "60,000 piece"),), **fields)
        numbers = make.packages(shipment, body, PREFIX if sscc else None)
        return shipment, numbers

    return create


def _labels(make, shipment, query="", api=None):
    response = (api or make.api("staff")).get(f"{API}/shipments/{shipment.reference}/labels.pdf{query}")
    expect(response, 200)
    return response


def test_every_package_gets_a_100_by_150_mm_label_saying_which_of_how_many_it_is(make, packed):
    shipment, numbers = packed()
    response = _labels(make, shipment)
    pdf = read_pdf(response.data)

    assert len(numbers) == len(pdf.pages) == 8
    assert set(pdf.sizes) == {(round(100 * MM), round(150 * MM))}
    assert response.headers["Content-Disposition"] == f'attachment; filename="{shipment.reference}-labels.pdf"'
    first, carton = pdf.page_words(0), pdf.page_words(1)
    assert "Package 1 of 8" in first and "Pallet" in first and "310.5 kg" in first
    assert "1200 × 800 × 1500 mm" in first and "3 Carton: PPE-COV 300 piece" in first
    assert "Package 2 of 8" in carton and "7 kg" in carton and "PPE-COV 100 piece" in carton
    assert "Szpital Wojewódzki Łódź" in first and "ul. Kopcińskiego 22, 90-153 Łódź" in first
    assert "Poland (PL)" in first and shipment.reference in first


def test_a_cartons_label_names_the_pallet_it_is_on_and_its_place_there(make, packed):
    shipment, numbers = packed(sscc=False)
    pdf = read_pdf(_labels(make, shipment).data)

    # Tree order: pallet 1 (package 1), its cartons (2-4), pallet 2 (package 5), its cartons (6-8).
    assert "Package 3 of 8" in pdf.page_words(2)
    assert f"On Pallet {numbers[0]} (package 1 of 8): carton 2 of 3 on this pallet" in pdf.page_words(2)
    assert f"On Pallet {numbers[4]} (package 5 of 8): carton 3 of 3 on this pallet" in pdf.page_words(7)
    assert "On Pallet" not in pdf.page_words(0) and "on this pallet" not in pdf.page_words(4)


def test_an_sscc_label_carries_a_gs1_128_barcode_that_scans_back_to_ai_00_and_the_sscc(make, packed, tmp_path):
    shipment, numbers = packed()
    content = _labels(make, shipment).data
    symbols = decode(render_page(content, 0, tmp_path))

    code128 = [s for s in symbols if s.type == "CODE-128"]
    assert [s.data for s in code128] == [f"00{numbers[0]}"]
    assert "GS1" in code128[0].modifiers  # FNC1 in first position: GS1-128, not plain Code 128
    sscc = numbers[0]
    assert f"(00) {sscc[0]} {PREFIX} {sscc[8:17]} {sscc[17]}" in read_pdf(content).page_words(0)


def test_the_qr_code_leads_to_the_tracking_link_naming_the_package(app, make, packed, tmp_path):
    shipment, numbers = packed()
    symbols = decode(render_page(_labels(make, shipment).data, 1, tmp_path))

    assert [s.data for s in symbols if s.type == "QR-Code"] == [
        f"{app.config['PUBLIC_URL']}/track/{shipment.tracking_token}?package={numbers[1]}"]


def test_without_an_sscc_the_label_carries_a_code_128_of_the_package_number(make, packed, tmp_path):
    shipment, numbers = packed({"type": "carton", "count": 1, "gross_mass": "7 kg"}, sscc=False)
    content = _labels(make, shipment).data
    code128 = [s for s in decode(render_page(content, 0, tmp_path)) if s.type == "CODE-128"]

    assert [(s.data, "GS1" in s.modifiers) for s in code128] == [(numbers[0], False)]
    assert "SSCC" not in read_pdf(content).page_words(0)


def test_an_a4_sheet_holds_four_labels_each_scanning_back(make, packed, tmp_path):
    shipment, numbers = packed()
    pdf = read_pdf(_labels(make, shipment, "?sheet=a4").data)

    assert len(pdf.pages) == 2 and set(pdf.sizes) == {(595, 842)}
    assert [f"Package {n} of 8" in pdf.page_words(0) for n in range(1, 5)] == [True] * 4
    symbols = decode(render_page(pdf.content, 0, tmp_path))
    assert sorted(s.data for s in symbols if s.type == "CODE-128") == sorted(f"00{n}" for n in numbers[:4])
    assert len([s for s in symbols if s.type == "QR-Code"]) == 4


@pytest.mark.parametrize("query", ["?sheet=a5", "?sheet=" + "x" * 300])
def test_an_unknown_sheet_is_422_naming_it(make, packed, query):
    shipment, _ = packed(sscc=False)
    response = make.api("staff").get(f"{API}/shipments/{shipment.reference}/labels.pdf{query}")
    body = expect(response, 422)
    assert "sheet" in body["errors"]["query"]


def test_a_shipment_without_packages_has_no_labels_409(make):
    make.coverall()
    shipment = make.shipment()
    body = expect(make.api("staff").get(f"{API}/shipments/{shipment.reference}/labels.pdf"), 409)
    assert "no packages" in body["message"]


@pytest.mark.parametrize("who, code", [("partner of the counterparty", 200), ("another partner", 404),
                                       ("no token", 401)])
def test_labels_follow_the_shipments_access_rules(make, packed, who, code):
    shipment, _ = packed(sscc=False)
    make.confirm(shipment)  # a partner sees no draft
    reader = (make.anonymous() if who == "no token"
              else make.api("partner", shipment.counterparty if who.endswith("counterparty") else make.org()))
    response = reader.get(f"{API}/shipments/{shipment.reference}/labels.pdf")
    assert response.status_code == code


def test_labels_print_from_the_command_line_on_either_sheet(app, make, packed, tmp_path):
    shipment, _ = packed(sscc=False)
    runner = app.test_cli_runner()
    for sheet, pages in (("label", 8), ("a4", 2)):
        target = tmp_path / f"{sheet}.pdf"
        result = runner.invoke(args=["labels", shipment.reference, "-o", str(target), "--paper", sheet])
        assert result.exit_code == 0, result.output
        assert len(read_pdf(target.read_bytes()).pages) == pages


@pytest.mark.parametrize(("lang", "first", "last"), [("pl", "Opakowanie 2 z 121", "Opakowanie 121 z 121"),
                                                     ("en", "Package 2 of 121", "Package 121 of 121")])
def test_which_of_how_many_packages_prints_whole_however_long_the_language_says_it(make, packed, lang,
                                                                                  first, last):
    shipment, numbers = packed({"type": "pallet", "gross_mass": "800 kg", "children": [
        {"type": "carton", "count": 120, "gross_mass": "5 kg", "contents": [{"line_no": 1, "quantity": "1 box"}]}]},
        sscc=False)

    pdf = read_pdf(_labels(make, shipment, f"?lang={lang}").data)

    # Before: "Opakowanie 2 z…" on a Polish label: the count cut off to keep the line's size.
    assert len(pdf.pages) == 121
    assert first in pdf.page_words(1) and last in pdf.page_words(120)
