"""The shipment page links to the packing list and the labels, and both download as PDF."""
from __future__ import annotations

import re

from tests.documents.pdfs import read_pdf


def test_the_shipment_page_offers_the_packing_list_and_labels_which_download(make, signed_in):
    make.coverall()
    shipment = make.shipment()
    make.packages(shipment, {"type": "carton", "count": 2, "gross_mass": "7 kg",
                             "contents": [{"line_no": 1, "quantity": "2 box"}]})
    staff = signed_in("staff")
    html = staff.get(f"/shipments/{shipment.reference}").get_data(as_text=True)

    packing = re.search(r'href="([^"]+)">Packing list</a>', html)
    labels = re.search(r'href="([^"]+)">Labels \(PDF\)</a>', html)
    assert packing and packing.group(1) == f"/shipments/{shipment.reference}/packing-list.pdf"
    assert labels and labels.group(1) == f"/shipments/{shipment.reference}/labels.pdf"
    assert len(read_pdf(staff.get(labels.group(1)).data).pages) == 2
    assert len(read_pdf(staff.get(labels.group(1) + "?sheet=a4").data).pages) == 1
    assert "Packing list" in read_pdf(staff.get(packing.group(1)).data).page_words(0)


def test_a_shipment_without_packages_offers_no_labels(make, signed_in):
    make.coverall()
    shipment = make.shipment()
    html = signed_in("staff").get(f"/shipments/{shipment.reference}").get_data(as_text=True)

    assert "Print manifest (PDF)" in html
    assert "Labels (PDF)" not in html
