"""Incoterms rule names and package types print in the document's language; English prints as before."""
from __future__ import annotations

import pytest

from tests.documents.conftest import API
from tests.documents.pdfs import read_pdf

PACKED = {"type": "pallet", "count": 1, "gross_mass": "310.5 kg",
          "children": [{"type": "carton", "count": 3, "gross_mass": "7 kg",
                        "contents": [{"line_no": 1, "quantity": "4 box"}]}]}
EXPECTED = {
    "en": ("DAP Nitra (Incoterms® 2020, Delivered at Place)", ["Pallet", "Carton"],
           "On Pallet {pallet} (package 1 of 4): carton 2 of 3 on this pallet"),
    "cs": ("DAP Nitra (Incoterms® 2020, S dodáním v místě)", ["Paleta", "Karton"],
           "Na: Paleta {pallet} (kus 1 z 4); zde karton 2 z 3 (nosič: paleta)"),
    "pl": ("DAP Nitra (Incoterms® 2020, Dostarczone do miejsca)", ["Paleta", "Karton"],
           "Na: Paleta {pallet} (opakowanie 1 z 4); tu karton 2 z 3 (nośnik: paleta)"),
    "zh": ("DAP Nitra (Incoterms® 2020, 目的地交货)", ["托盘", "纸箱"],
           "位于托盘 {pallet}（第 1 件，共 4 件）：本托盘上第 2 个纸箱，共 3 个"),
}


@pytest.fixture
def packed(make, catalogue):
    """Return a DAP shipment to Nitra on a pallet of three cartons, and its package numbers."""
    hospital = make.org(name="Fakultná nemocnica Nitra", country="SK")
    shipment = make.shipment(counterparty=hospital, lines=(("PPE-COV", "1200 piece"),), incoterm="DAP",
                             incoterm_place="Nitra")
    return shipment, make.packages(shipment, PACKED, None)


@pytest.mark.parametrize("language", list(EXPECTED))
def test_incoterms_names_and_package_types_print_in_the_documents_language(staff, packed, language):
    shipment, numbers = packed
    incoterms, types, placement = EXPECTED[language]
    manifest = read_pdf(staff.get(f"{API}/shipments/{shipment.reference}/manifest.pdf?lang={language}").data)
    packing = read_pdf(staff.get(f"{API}/shipments/{shipment.reference}/packing-list.pdf?lang={language}").data)
    labels = read_pdf(staff.get(f"{API}/shipments/{shipment.reference}/labels.pdf?lang={language}").data)

    assert incoterms.replace(" ", "") in manifest.squashed
    for name in types:
        assert name in packing.words and name in manifest.words
    assert placement.format(pallet=numbers[0]).replace(" ", "") in labels.squashed
    if language != "en":
        assert "Pallet" not in packing.words and "Carton" not in labels.words
        assert "Delivered at Place" not in manifest.words


def test_bilingual_prints_the_rule_name_in_english_and_in_the_language(staff, packed):
    shipment, _ = packed
    pdf = read_pdf(staff.get(f"{API}/shipments/{shipment.reference}/manifest.pdf?lang=cs&bilingual=1").data)

    assert "DAP Nitra (Incoterms® 2020, Delivered at Place / S dodáním v místě)".replace(" ", "") in pdf.squashed
