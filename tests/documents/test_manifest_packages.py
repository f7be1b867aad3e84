"""The manifest's packages: counts, gross mass and volume by type, the shipment's totals, within the page."""
from __future__ import annotations

from tests.documents.conftest import API, expect
from tests.documents.pdfs import read_pdf, words

A4 = (595, 842)
EDGE = 20
BODY = {"type": "pallet", "count": 14, "gross_mass": "310 kg", "dimensions_mm": [1200, 800, 1500],
        "children": [{"type": "carton", "count": 40, "gross_mass": "7 kg", "dimensions_mm": [600, 400, 400],
                      "contents": [{"line_no": 1, "quantity": "4 box"}]}]}


def _manifest(make, shipment):
    response = make.api("staff").get(f"{API}/shipments/{shipment.reference}/manifest.pdf")
    expect(response, 200)
    return read_pdf(response.data)


def test_the_manifest_lists_packages_by_type_with_count_gross_mass_and_volume(make):
    make.coverall()
    shipment = make.shipment(lines=(("PPE-COV", "60,000 piece"),))
    make.packages(shipment, BODY)
    make.packages(shipment, {"type": "crate", "count": 1})  # neither weighed nor measured
    pdf = _manifest(make, shipment)

    table = pdf.between("Packages", "Totals")
    assert "Pallet 14 4,340 kg 20.16 m³" in table
    assert "Carton 560 3,920 kg 53.76 m³" in table
    assert "Crate 1 — —" in table
    assert "Outermost packages (the shipment) 15 4,340 kg 20.16 m³" in table
    assert "1 of 15 outer package(s) not weighed" in table and "1 of 15 outer package(s) not measured" in table
    assert "Line 1 PPE-COV: 4,000 piece of 60,000 piece not packed" in table
    totals = pdf.between("Totals", "Status history")
    assert "Number of packages: 575 (15 outermost)" in totals
    assert "Gross mass: ≈ 21,000 kg" in totals  # the lines' gross mass, as before: 60,000 x 0.35 kg


def test_a_manifest_without_packages_says_they_are_not_recorded(make):
    make.coverall()
    pdf = _manifest(make, make.shipment())

    assert "Number of packages: not recorded" in pdf.words
    assert "Package type" not in pdf.words


def test_the_packages_table_stays_within_the_page(make):
    make.coverall()
    shipment = make.shipment(lines=(("PPE-COV", "60,000 piece"),))
    make.packages(shipment, BODY)
    content = _manifest(make, shipment).content
    for page in range(len(read_pdf(content).pages)):
        for word in words(content, page):
            assert EDGE <= word.x0 and word.x1 <= A4[0] - EDGE and EDGE <= word.y0 and word.y1 <= A4[1], word


def test_the_certificate_of_donation_counts_the_packages_as_the_manifest_does(make):
    make.coverall()
    shipment = make.shipment(lines=(("PPE-COV", "60,000 piece"),), kind="donation", status="confirmed")
    make.packages(shipment, BODY)
    response = make.api("staff").get(f"{API}/shipments/{shipment.reference}/donation-certificate.pdf")
    expect(response, 200)

    # Before: "Number of packages: not recorded" under the same heading the manifest filled in.
    assert "Number of packages: 574 (14 outermost)" in read_pdf(response.data).words


def test_a_consignment_packed_and_weighed_whole_has_the_scales_gross_mass(make):
    make.coverall()
    shipment = make.shipment(lines=(("PPE-COV", "56,000 piece"),))  # 14 pallets x 40 cartons x 4 boxes
    make.packages(shipment, BODY)
    pdf = _manifest(make, shipment)

    totals = pdf.between("Totals", "Status history")
    # Before: "Gross mass: ≈ 19,600 kg" from the coverall's unit mass, beside 4,340 kg weighed above.
    assert "Gross mass: 4,340 kg" in totals
    assert ("Weighed as packed: the 14 outermost package(s), packaging included. The lines' gross masses "
            "add up to ≈ 19,600 kg.") in totals
