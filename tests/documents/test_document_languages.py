"""Documents print in the consignee's language, or bilingual (English headings with the translation under each)."""
from __future__ import annotations

import pytest

from tests.documents.conftest import API, expect
from tests.documents.pdfs import fonts, read_pdf, squeeze, words

SLOVAK_HEADINGS = ["Manifest nákladu", "Odosielateľ", "Príjemca", "Tovar", "Colné údaje", "Súčty",
                   "História stavov", "Podpisy", "Hrubá hmotnosť"]
ENGLISH_HEADINGS = ["Cargo manifest", "Consignor", "Consignee", "Goods", "Customs particulars", "Totals",
                    "Status history", "Signatures", "Gross mass"]


@pytest.fixture
def slovak(make):
    """Return a Slovak hospital whose documents print in Slovak by default."""
    return make.org(name="Fakultná nemocnica Nitra", country="SK", document_language="sk")


def _heading_lines(pdf) -> set[str]:
    return {squeeze(line) for page in pdf.pages for line in page.splitlines()}


def test_a_manifest_for_a_slovak_consignee_reads_back_slovak_headings(ship, render, slovak):
    shipment = ship(counterparty=slovak, lines=(("PPE-COV", "22.5 t"),), status="confirmed")
    pdf, _ = render(shipment["id"])

    text = pdf.words
    for heading in SLOVAK_HEADINGS:
        assert heading.upper() in text.upper(), heading
    lines = _heading_lines(pdf)
    assert "Tovar" in lines and "Goods" not in lines
    assert "Slovensko (SK)" in text and "Čína (CN)" in text  # country names in Slovak (CLDR)
    assert "potvrdené" in text  # the status in Slovak
    assert "Strana 1 z 1" in text


def test_quantities_print_as_the_documents_language_writes_them(ship, render, slovak):
    shipment = ship(counterparty=slovak, lines=(("PPE-COV", "22.5 t"), ("PPE-N95", "1200 piece")),
                    status="confirmed")
    slovak_pdf, _ = render(shipment["id"])
    english_pdf, _ = render(shipment["id"], query="?lang=en")

    assert "22,5 t" in slovak_pdf.words and "22.5 t" not in slovak_pdf.words
    assert "1 200 ks" in slovak_pdf.words  # babel's grouping (a no-break space), the piece as "ks"
    assert "22 500 kg" in slovak_pdf.words and "≈ 14,4 kg" in slovak_pdf.words
    assert "22.5 t" in english_pdf.words and "1,200 piece" in english_pdf.words
    assert "22,500 kg" in english_pdf.words and "≈ 14.4 kg" in english_pdf.words


def test_bilingual_prints_the_english_heading_with_the_slovak_under_it(ship, render, slovak):
    shipment = ship(counterparty=slovak, status="confirmed")
    pdf, _ = render(shipment["id"], query="?bilingual=1")

    lines = _heading_lines(pdf)
    for english, local in zip(ENGLISH_HEADINGS, SLOVAK_HEADINGS, strict=True):
        assert english.upper() in pdf.words.upper() and local.upper() in pdf.words.upper(), (english, local)
    assert "Goods" in lines and "Tovar" in lines
    assert pdf.words.index("Goods") < pdf.words.index("Tovar")  # the translation under the English
    assert "Strana 1 z" in pdf.words


def test_a_chinese_manifest_reads_back_chinese_and_embeds_the_cjk_font(ship, render, slovak):
    shipment = ship(counterparty=slovak, status="confirmed")
    pdf, _ = render(shipment["id"], query="?lang=zh")

    listed = fonts(pdf.content)
    assert listed and all(f.embedded for f in listed)
    assert "DroidSansFallback" in {f.name.split("+")[-1] for f in listed}
    drawn = " ".join(word.text for page in range(len(pdf.pages)) for word in words(pdf.content, page))
    for heading in ("货物舱单", "发货人", "收货人", "货物", "毛重", "海关申报信息", "签字"):
        assert heading in drawn, heading
    assert "第 1 页，共 1 页" in pdf.words  # the footer drawn on the canvas, in the CJK font
    assert "斯洛伐克" in drawn  # Slovakia, by CLDR


@pytest.mark.parametrize("query, field, said", [
    ("?lang=xx", "lang", "must be one of en, cs, sk, pl, hr, zh"),
    ("?lang=SK", "lang", "must be one of en, cs, sk, pl, hr, zh"),
    ("?bilingual=maybe", "bilingual", "must be 1 or 0"),
])
def test_a_language_or_bilingual_that_is_not_one_of_ours_is_refused_naming_the_accepted_ones(
        ship, staff, query, field, said):
    shipment = ship(status="confirmed")
    body = expect(staff.get(f"{API}/shipments/{shipment['id']}/manifest.pdf{query}"), 422)
    assert said in body["errors"]["query"][field][0]
    assert body["message"].startswith(f"invalid input: {field}: {said}")


def test_the_print_asked_for_overrides_the_organisations_default(ship, render, slovak):
    shipment = ship(counterparty=slovak, status="confirmed")
    pdf, _ = render(shipment["id"], query="?lang=pl")

    assert "Manifest ładunkowy" in pdf.words and "Masa brutto" in pdf.words
    assert "Manifest nákladu" not in pdf.words


def test_an_organisation_without_a_document_language_prints_in_english(ship, render, make):
    shipment = ship(counterparty=make.org(country="HR"), status="confirmed")
    pdf, _ = render(shipment["id"])
    assert "Cargo manifest" in pdf.words and "Croatia (HR)" in pdf.words


def test_the_organisations_bilingual_setting_is_the_default_of_its_prints(ship, render, make, staff):
    org = make.org(country="PL")
    changed = expect(staff.patch(f"{API}/organizations/{org.id}",
                                 json={"document_language": "pl", "document_bilingual": True}), 200)
    assert (changed["document_language"], changed["document_bilingual"]) == ("pl", True)
    shipment = ship(counterparty=org, status="confirmed")

    pdf, _ = render(shipment["id"])
    assert "Goods" in pdf.words and "Towary" in pdf.words
    plain, _ = render(shipment["id"], query="?bilingual=0")
    assert "Towary" in plain.words and "Customs particulars" not in plain.words


@pytest.mark.parametrize("body, field", [({"document_language": "xx"}, "document_language"),
                                         ({"document_bilingual": "maybe"}, "document_bilingual"),
                                         ({"document_bilingual": None}, "document_bilingual")])
def test_an_organisations_document_settings_are_checked(make, staff, body, field):
    org = make.org()
    errors = expect(staff.patch(f"{API}/organizations/{org.id}", json=body), 422)
    assert field in str(errors)
    after = expect(staff.get(f"{API}/organizations/{org.id}"), 200)
    assert (after["document_language"], after["document_bilingual"]) == (None, False)


def test_the_goods_received_note_and_certificate_print_in_slovak_too(ship, render, slovak):
    received = ship(counterparty=slovak, status="received", received={0: ("90 piece", "10 torn", "damaged")})
    grn, _ = render(received["id"], "grn")
    assert "Príjemka" in grn.words and "Prijaté množstvá a rozdiely" in grn.words
    assert "poškodené: 10 torn" in grn.words
    assert "Prijatý 1 riadok; s mankom: 1." in grn.words

    certificate, _ = render(received["id"], "donation-certificate", query="?bilingual=1")
    text = certificate.words
    assert "Certificate of donation" in text and "Potvrdenie o dare" in text
    assert "The goods listed below are a donation" in text and "Nižšie uvedený tovar je darom" in text


def test_each_language_is_its_own_revision_and_every_print_is_logged_with_it(ship, staff, slovak):
    shipment = ship(counterparty=slovak, status="confirmed")
    url = f"{API}/shipments/{shipment['id']}/manifest.pdf"
    slovak_print, again = expect_pdf(staff, url), expect_pdf(staff, url)
    english_print = expect_pdf(staff, url + "?lang=en")
    bilingual_print = expect_pdf(staff, url + "?bilingual=1")

    assert slovak_print.data == again.data  # a reprint is byte-identical
    revisions = {r.headers["X-Document-Revision"] for r in (slovak_print, english_print, bilingual_print)}
    assert len(revisions) == 3
    log = expect(staff.get(f"{API}/shipments/{shipment['id']}/documents"), 200)
    assert [(p["language"], p["bilingual"]) for p in log] == [("sk", True), ("en", False), ("sk", False),
                                                               ("sk", False)]


def expect_pdf(api, url):
    """Download a PDF (200 expected) and return the response."""
    response = api.get(url)
    expect(response, 200)
    return response


def test_the_command_line_prints_in_the_language_asked_for(ship, runner, tmp_path, slovak):
    shipment = ship(counterparty=slovak, status="confirmed")
    path = tmp_path / "manifest.pdf"
    result = runner.invoke(args=["manifest", shipment["reference"], "-o", str(path), "--lang", "hr",
                                 "--bilingual"])
    assert result.exit_code == 0, result.output
    text = read_pdf(path.read_bytes()).words
    assert "Manifest tereta" in text and "Cargo manifest" in text

    refused = runner.invoke(args=["manifest", shipment["reference"], "-o", str(path), "--lang", "xx"])
    assert refused.exit_code == 2 and "--lang" in refused.output and "zh" in refused.output


def test_the_packing_list_and_labels_print_in_the_language_asked_for(make, staff, slovak):
    shipment = make.shipment(counterparty=slovak)
    make.packages(shipment, {"type": "carton", "count": 2, "gross_mass": "7 kg",
                             "contents": [{"line_no": 1, "quantity": "2 box"}]})
    packing = read_pdf(expect_pdf(staff, f"{API}/shipments/{shipment.reference}/packing-list.pdf").data)
    assert "Baliaci list" in packing.words and "Nezabalené" in packing.words  # the organisation's default

    labels = expect_pdf(staff, f"{API}/shipments/{shipment.reference}/labels.pdf?lang=zh&bilingual=1").data
    drawn = " ".join(word.text for word in words(labels, 0))
    assert "第" in drawn and "件" in drawn and "GROSS" in drawn and "毛重" in drawn
    assert "DroidSansFallback" in {f.name.split("+")[-1] for f in fonts(labels)}
