"""The packing list: every package in tree order with its contents as packed, and what is not packed."""
from __future__ import annotations

from tests.documents.conftest import API, expect
from tests.documents.pdfs import read_pdf

BODY = {"type": "pallet", "count": 2, "gross_mass": "310 kg", "dimensions_mm": [1200, 800, 1500],
        "children": [{"type": "carton", "count": 2, "gross_mass": "7.25 kg", "dimensions_mm": [600, 400, 400],
                      "contents": [{"line_no": 1, "quantity": "4 box"}, {"line_no": 2, "quantity": "1 carton"}]}]}


def _shipment(make):
    make.coverall()
    make.mask()
    shipment = make.shipment(lines=(("PPE-COV", "1,000 piece"), ("PPE-N95", "10 carton")))
    numbers = make.packages(shipment, BODY)
    return shipment, numbers


def _packing_list(client, shipment, query=""):
    response = client.get(f"{API}/shipments/{shipment.reference}/packing-list.pdf{query}")
    expect(response, 200)
    return read_pdf(response.data), response


def test_the_packing_list_lists_each_pallet_then_its_cartons_with_their_contents_as_packed(make):
    shipment, numbers = _shipment(make)
    pdf, response = _packing_list(make.api("staff"), shipment)

    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="{shipment.reference}-packing-list.pdf"'
    assert pdf.page_words(0).startswith("Packing list")
    table = pdf.between("Packages", "Number of packages")
    pallet, carton = numbers[0], numbers[1]
    assert table.index(pallet) < table.index(carton) < table.index(numbers[2]) < table.index(numbers[3])
    assert f"1 {pallet} Pallet 310 kg 1200 × 800 × 1500 mm holds 2 Carton" in table
    assert (f"1.1 {carton} Carton 7.25 kg 600 × 400 × 400 mm L1 PPE-COV Medical protective coverall: "
            "4 box (100 piece) L2 PPE-N95 N95 respirator: 1 carton (480 piece)") in table
    assert "2.2" in table
    assert "Number of packages: 6 (2 outermost). Gross mass of the outermost packages: 620 kg; volume 2.88 m³" \
        in pdf.words


def test_what_is_in_no_package_is_said_per_line(make):
    shipment, _ = _shipment(make)  # 4 cartons of 100 coveralls and 480 masks each
    pdf, _ = _packing_list(make.api("staff"), shipment)

    unpacked = pdf.between("Not packed", "Signatures")
    assert "Line 1 PPE-COV: 600 piece of 1,000 piece not packed" in unpacked
    assert "Line 2 PPE-N95: 2,880 piece of 4,800 piece not packed" in unpacked


def test_a_shipment_without_packages_prints_a_packing_list_saying_so(make):
    make.coverall()
    shipment = make.shipment()
    pdf, _ = _packing_list(make.api("staff"), shipment, "?paper=letter")

    assert "No packages are recorded for this shipment." in pdf.words
    assert "Line 1 PPE-COV: 100 piece of 100 piece not packed" in pdf.words
    assert set(pdf.sizes) == {(612, 792)}


def test_a_long_packing_list_repeats_its_column_header_and_numbers_its_pages(make):
    make.coverall()
    shipment = make.shipment(lines=(("PPE-COV", "60,000 piece"),))
    make.packages(shipment, {"type": "pallet", "count": 10, "gross_mass": "310 kg",
                             "children": [{"type": "carton", "count": 30, "gross_mass": "7 kg",
                                           "contents": [{"line_no": 1, "quantity": "4 box"}]}]})
    pdf, _ = _packing_list(make.api("staff"), shipment)

    assert len(pdf.pages) > 3
    for index in range(1, len(pdf.pages)):
        words = pdf.page_words(index)
        assert "Packing list — " in words and "(continued)" in words
        assert f"Page {index + 1} of {len(pdf.pages)}" in words
    assert "10.30" in pdf.words  # the last carton of the last pallet


def test_the_packing_list_follows_the_shipments_access_rules(make):
    shipment, _ = _shipment(make)
    make.confirm(shipment)  # a partner sees no draft
    own = make.api("partner", shipment.counterparty)
    other = make.api("partner", make.org())

    _packing_list(own, shipment)
    expect(other.get(f"{API}/shipments/{shipment.reference}/packing-list.pdf"), 404)


def test_the_packing_list_prints_from_the_command_line(app, make, tmp_path):
    shipment, numbers = _shipment(make)
    target = tmp_path / "list.pdf"
    result = app.test_cli_runner().invoke(args=["packing-list", shipment.reference, "-o", str(target)])

    assert result.exit_code == 0, result.output
    assert numbers[-1] in read_pdf(target.read_bytes()).words
