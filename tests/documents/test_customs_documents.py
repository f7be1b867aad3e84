"""Customs data on the documents, read back from the real PDF: values per currency, net and gross
mass with estimates marked, origin, Incoterms, document numbers, EORI and VAT of both parties."""
from __future__ import annotations

import pytest

CUSTOMS_LINES = [
    {"sku": "PPE-COV", "quantity": "1,200 box", "country_of_origin": "CZ", "net_mass": "9.8 t",
     "value": {"amount": "1250.50", "currency": "EUR"}},
    {"sku": "PPE-N95", "quantity": "2 carton", "country_of_origin": "cn",
     "value": {"amount": "3000", "currency": "EUR"}},
    {"sku": "FOOD-RICE", "quantity": "1.5 t", "net_mass": "1500 kg",
     "value": {"amount": "40000", "currency": "CZK"}},
]
CUSTOMS_HEADER = {"incoterm": "DAP", "incoterm_place": "Nitra", "invoice_number": "INV 2020/0417",
                  "cmr_number": "CMR-77", "awb_number": "157-12345675"}


@pytest.fixture
def nitra(make):
    return make.org(name="Fakultná nemocnica Nitra", eori="SK2020317068", vat_number="SK2020317068")


def test_a_manifest_prints_each_lines_origin_net_and_gross_mass_and_value(ship, render, nitra):
    pdf, _ = render(ship(nitra, lines=CUSTOMS_LINES, status="confirmed", **CUSTOMS_HEADER)["id"])
    rows = pdf.between("Customs particulars", "Totals")
    assert "1 PPE-COV Medical protective coverall CZ 9,800 kg ≈ 10,500 kg 1,250.50 EUR" in rows
    assert "2 PPE-N95 N95 respirator CN — ≈ 11.52 kg 3,000.00 EUR" in rows
    assert "3 FOOD-RICE Jasmine rice — 1,500 kg 1,500 kg 40,000.00 CZK" in rows
    assert "Net mass: as declared for the line" in rows


def test_manifest_totals_keep_net_and_gross_apart_and_values_per_currency(ship, render, nitra):
    pdf, _ = render(ship(nitra, lines=CUSTOMS_LINES, status="confirmed")["id"])
    totals = pdf.between("Totals", "Status history")
    assert "Number of lines: 3" in totals
    assert "Number of packages: not recorded" in totals
    assert "Net mass (declared): 11,300 kg" in totals
    assert "not included: line(s) 2, without a declared net mass" in totals
    assert "Gross mass: ≈ 12,011.52 kg" in totals
    assert "Includes ≈ 10,511.52 kg estimated from unit masses; 1,500 kg weighed." in totals
    # never 44,250.50 of anything: one total per currency
    assert "Declared value: 40,000.00 CZK; 4,250.50 EUR" in totals


def test_the_manifest_names_incoterms_document_numbers_and_both_parties_eori_and_vat(
        app, ship, render, nitra):
    app.config.update(OPERATOR_EORI="SK1234567890", OPERATOR_VAT="CZ25596641")
    try:
        pdf, _ = render(ship(nitra, status="confirmed", **CUSTOMS_HEADER)["id"])
    finally:
        app.config.update(OPERATOR_EORI="", OPERATOR_VAT="")
    parties = pdf.between("CONSIGNOR", "CARRIER")
    consignor, consignee = parties.split("CONSIGNEE")
    assert "EORI SK1234567890" in consignor and "VAT CZ25596641" in consignor
    assert "EORI SK2020317068" in consignee and "VAT SK2020317068" in consignee
    for text in ("INCOTERMS DAP Nitra (Incoterms® 2020, Delivered at Place)",
                 "COMMERCIAL INVOICE INV 2020/0417", "CMR CONSIGNMENT NOTE CMR-77",
                 "AIR WAYBILL (AWB) 157-12345675"):
        assert text in pdf.words, text


def test_a_manifest_without_customs_data_says_what_is_not_declared(ship, render):
    pdf, _ = render(ship(lines=[("PPE-COV", "100 piece")])["id"])
    totals = pdf.between("Totals", "Status history")
    assert "Net mass (declared): not declared" in totals and "No line has a declared net mass." in totals
    assert "Declared value:" not in pdf.words and "INCOTERMS" not in pdf.words and "EORI" not in pdf.words


def test_a_certificate_of_donation_states_values_and_their_customs_purpose_only_when_there_are_values(
        ship, render, nitra):
    valued, _ = render(ship(nitra, lines=CUSTOMS_LINES, status="confirmed")["id"], "donation-certificate")
    plain, _ = render(ship(nitra, status="confirmed")["id"], "donation-certificate")
    assert "for customs purposes only" in valued.words
    assert "Declared value: 40,000.00 CZK; 4,250.50 EUR" in valued.words
    assert "EORI SK2020317068" in valued.words
    assert "customs purposes" not in plain.words and "Declared value:" not in plain.words


@pytest.mark.parametrize(("lang", "line_value", "total"), [
    ("pl", "1 250,50 EUR", "Wartość deklarowana: 40 000,00 CZK; 4 250,50 EUR"),
    ("hr", "1.250,50 EUR", "40.000,00 CZK; 4.250,50 EUR"),
    ("en", "1,250.50 EUR", "Declared value: 40,000.00 CZK; 4,250.50 EUR"),
])
def test_declared_values_print_as_the_documents_language_writes_numbers(ship, render, nitra, lang,
                                                                        line_value, total):
    pdf, _ = render(ship(nitra, lines=CUSTOMS_LINES, status="confirmed")["id"], query=f"?lang={lang}")

    # Before: "1,250.50 EUR" in every language, beside masses printed "9 800 kg" in Polish.
    words = pdf.words.replace("\u00a0", " ")
    assert line_value in words and total in words
    if lang != "en":
        assert "1,250.50" not in words


@pytest.mark.parametrize(("lang", "heading"), [("en", "Origin"), ("cs", "Původ"), ("sk", "Pôvod"),
                                               ("pl", "Pochodzenie"), ("hr", "Podrijetlo")])
def test_the_customs_tables_origin_heading_prints_as_one_word(ship, render, nitra, lang, heading):
    pdf, _ = render(ship(nitra, lines=CUSTOMS_LINES, status="confirmed")["id"], query=f"?lang={lang}")

    # Before: the Polish heading broke over two lines, "Pochodze" / "nie", in its narrow column.
    assert heading in pdf.words.split()
