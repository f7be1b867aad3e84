"""The goods received note lists every package with what was found of it, and the packages' photos."""
from __future__ import annotations

import pytest

from tests.attachments import files
from tests.attachments.conftest import upload
from tests.documents.pdfs import read_pdf
from tests.packages.receiving import API, packed_and_delivered, receive


@pytest.fixture
def packed(make):
    return packed_and_delivered(make)


def test_the_goods_received_note_reads_back_each_packages_state_and_its_photo(make, packed):
    partner, staff = make.api("partner", packed.org), make.api("staff")
    crushed, lost = packed.cartons[0], packed.masks[1]
    assert upload(partner, packed.reference, files.jpeg(), "crushed carton.jpg",
                  package=crushed).status_code == 201
    response = receive(partner, packed.reference, packages=[
        {"number": crushed, "state": "damaged", "note": "corner crushed"},
        {"number": lost, "state": "missing", "note": "not on the truck"}],
        received={1: {"quantity": "12 carton", "reason": "damaged", "note": f"{crushed} crushed"},
                  2: {"quantity": "1 carton", "reason": "short"}})
    assert response.status_code == 201, response.get_json()

    pdf = read_pdf(staff.get(f"{API}/shipments/{packed.reference}/grn.pdf").get_data())

    rows = pdf.between("Packages received", "Photos and documents of the packages")
    assert f"{crushed} Carton {packed.pallet}" in rows and "damaged (damaged: corner crushed)" in rows
    assert "missing (short: not on the truck)" in rows
    assert f"arrived (with {packed.pallet})" in rows  # a carton not marked: as the pallet it is on
    assert rows.count("arrived") == 1 + 11 + 1  # the pallet, its other cartons, the other mask carton
    evidence = pdf.between("Photos and documents of the packages", "Status history")
    assert f"{crushed} crushed carton.jpg photo" in evidence


def test_a_receipt_not_checked_by_package_prints_no_package_list(make, packed):
    staff = make.api("staff")
    assert receive(staff, packed.reference).status_code == 201

    text = read_pdf(staff.get(f"{API}/shipments/{packed.reference}/grn.pdf").get_data()).words

    assert "Packages received" not in text
