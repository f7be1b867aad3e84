"""On the pages: an organisation's document language, and a shipment's documents printed in a language asked for."""
from __future__ import annotations

import re

from tests.documents.pdfs import read_pdf


def test_staff_set_an_organisations_document_language_and_its_manifest_prints_in_it(make, signed_in):
    make.coverall()
    org = make.org(name="Szpital Wojewódzki Łódź", country="PL")
    shipment = make.shipment(counterparty=org)
    staff = signed_in("staff")
    page = staff.get("/organizations")
    response = staff.submit(page, "Save document language",
                            {"document_language": "pl", "document_bilingual": "1"},
                            where=lambda form: form.action == f"/organizations/{org.id}/documents")
    assert response.status_code == 302, response.get_data(as_text=True)
    html = staff.get("/organizations").get_data(as_text=True)
    assert re.search(r'<option value="pl" selected>Polski</option>', html)
    words = read_pdf(staff.get(f"/shipments/{shipment.reference}/manifest.pdf").data).words
    assert "Manifest ładunkowy" in words and "Cargo manifest" in words


def test_a_wrong_document_language_posted_by_hand_is_refused_and_nothing_changes(make, signed_in):
    org = make.org()
    staff = signed_in("staff")
    response = staff.submit(staff.get("/organizations"), "Save document language", {"document_language": "xx"},
                            where=lambda form: form.action == f"/organizations/{org.id}/documents")
    assert response.status_code == 422
    assert "must be one of en, cs, sk, pl, hr, zh" in response.get_data(as_text=True)
    stored = make.api("staff").get(f"/api/v1/organizations/{org.id}").get_json()
    assert (stored["document_language"], stored["document_bilingual"]) == (None, False)


def test_the_shipment_page_prints_its_documents_in_a_language_chosen_there(make, signed_in):
    make.coverall()
    shipment = make.shipment()
    staff = signed_in("staff")
    html = staff.get(f"/shipments/{shipment.reference}").get_data(as_text=True)
    assert 'name="lang"' in html and '<option value="cs">Čeština</option>' in html
    assert f'formaction="/shipments/{shipment.reference}/manifest.pdf"' in html

    czech = read_pdf(staff.get(f"/shipments/{shipment.reference}/manifest.pdf?lang=cs&bilingual=").data)
    assert "Manifest nákladu" in czech.words and "Zboží" in czech.words and "Goods" not in czech.words
    both = read_pdf(staff.get(f"/shipments/{shipment.reference}/manifest.pdf?lang=cs&bilingual=1").data)
    assert "Goods" in both.words and "Zboží" in both.words
    default = read_pdf(staff.get(f"/shipments/{shipment.reference}/manifest.pdf?lang=&bilingual=").data)
    assert "Cargo manifest" in default.words


def test_a_wrong_language_in_a_page_link_is_refused_naming_the_parameter(make, signed_in):
    make.coverall()
    shipment = make.shipment()
    response = signed_in("staff").get(f"/shipments/{shipment.reference}/manifest.pdf?lang=xx")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "lang" in body and "must be one of en, cs, sk, pl, hr, zh" in body
