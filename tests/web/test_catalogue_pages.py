"""The catalogue pages: staff add organisations and items (with packs) through their forms."""
from __future__ import annotations

import re

from tests.documents.pdfs import read_pdf
from tests.web.pages import form_with_button, submission, text_of


def test_staff_add_an_organisation_from_its_page(signed_in):
    staff = signed_in("staff")

    response = staff.submit(staff.get("/organizations"), "Add organisation", {
        "name": "Szpital Wojewódzki Łódź", "country": "pl", "kind": "recipient"})

    assert response.status_code == 302
    text = text_of(staff.get("/organizations").get_data(as_text=True))
    assert "Szpital Wojewódzki Łódź is added." in text and "Poland" in text


def test_staff_add_an_item_with_its_packs_written_one_per_line(signed_in):
    staff = signed_in("staff")

    response = staff.submit(staff.get("/items"), "Add item", {
        "sku": "PPE-GLV", "name": "Nitrile gloves", "base_unit": "pair", "unit_mass": "0.008 kg",
        "packs": "box = 50 pair\ncarton = 20 box"})

    assert response.status_code == 302
    text = text_of(staff.get("/items").get_data(as_text=True))
    assert "PPE-GLV is added." in text and "box = 50 pair; carton = 20 box" in text


def test_a_refused_item_shows_what_was_wrong_and_adds_nothing(signed_in):
    staff = signed_in("staff")

    response = staff.submit(staff.get("/items"), "Add item", {
        "sku": "PPE-GLV", "name": "Nitrile gloves", "base_unit": "pair", "packs": "box = 50 kg"})

    assert response.status_code == 422
    assert "packs" in text_of(response.get_data(as_text=True))
    assert "PPE-GLV" not in text_of(staff.get("/items").get_data(as_text=True)).split("Add an item")[0]


def _customs_form(page, org_id: int):
    """Return the customs numbers form of one organisation's row."""
    return form_with_button(page.get_data(as_text=True), "Save numbers",
                            where=lambda form: form.action == f"/organizations/{org_id}/customs")


def test_staff_set_an_organisations_eori_and_vat_on_its_page_and_the_manifest_prints_them(signed_in, make):
    make.coverall()
    org = make.org(name="Fakultná nemocnica Nitra", country="SK")
    make.shipment(org, reference="OUT-2020-0007")
    staff = signed_in("staff")
    page = staff.get("/organizations")

    saved = staff.post(_customs_form(page, org.id).action,
                       data=submission(_customs_form(page, org.id), "Save numbers",
                                       {"eori": "sk 2020317068", "vat_number": "SK 2020317068"}))

    assert saved.status_code == 302
    assert "EORI SK2020317068, VAT SK2020317068" in text_of(staff.get("/organizations").get_data(as_text=True))
    body = make.api("manager").get(f"/api/v1/organizations/{org.id}").get_json()
    assert (body["eori"], body["vat_number"]) == ("SK2020317068", "SK2020317068")
    pdf = read_pdf(make.api("manager").get("/api/v1/shipments/OUT-2020-0007/manifest.pdf").data)
    assert "EORI SK2020317068" in pdf.words and "VAT SK2020317068" in pdf.words


def test_a_wrong_vat_number_on_the_page_is_refused_at_its_field_and_nothing_changes(signed_in, make):
    org = make.org(name="Szpital Wojewódzki Łódź", country="PL", eori="PL725180451500000")
    staff = signed_in("staff")
    page = staff.get("/organizations")

    refused = staff.post(_customs_form(page, org.id).action,
                         data=submission(_customs_form(page, org.id), "Save numbers",
                                         {"vat_number": "PL7251804516"}))

    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "its check digits are wrong" in text_of(html)
    form = _customs_form(refused, org.id)
    assert form.value("vat_number") == "PL7251804516"  # what was typed stays, marked at its field
    assert re.search(r'<label class="field invalid">\s*<span>VAT number</span>\s*<input type="text" '
                     r'name="vat_number" value="PL7251804516"', html)
    body = make.api("manager").get(f"/api/v1/organizations/{org.id}").get_json()
    assert (body["eori"], body["vat_number"]) == ("PL725180451500000", None)


def test_a_new_organisation_may_be_added_with_its_customs_numbers(signed_in):
    staff = signed_in("staff")

    response = staff.submit(staff.get("/organizations"), "Add organisation", {
        "name": "Klinički bolnički centar Osijek", "country": "HR", "kind": "recipient",
        "eori": "HR38216542196", "vat_number": "HR38216542196"})

    assert response.status_code == 302
    form = _customs_form(staff.get("/organizations"), 1)
    assert (form.value("eori"), form.value("vat_number")) == ("HR38216542196", "HR38216542196")
