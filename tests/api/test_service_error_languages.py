"""What the services refuse is said in the language the API request asks for (Accept-Language), else English.

The messages are made in logistics/services (an import's refusal of a row, a workflow conflict, a
receipt refused, an attachment refused); each case is asked in another language and without the
header, where the English is the one it always was.
"""
from __future__ import annotations

import io

import pytest

from tests.answers import expect
from tests.attachments import files
from tests.attachments.conftest import upload
from tests.transfer.conftest import catalogue  # noqa: F401 - the partners and items a file names
from tests.transfer.files import csv_bytes, row

API = "/api/v1"


def _asking(language: str | None) -> dict:
    return {"Accept-Language": language} if language else {}


def _import(api, data: bytes, filename: str, language: str | None):
    return api.post(f"{API}/shipments/import", data={"file": (io.BytesIO(data), filename)},
                    content_type="multipart/form-data", headers=_asking(language))


@pytest.mark.parametrize("language, reason", [
    ("cs", "buňka je delší než 1\xa0000 znaků (LOGISTICS_IMPORT_MAX_CELL_CHARS): je to opravdu ta tabulka?"),
    ("pl", "komórka jest dłuższa niż 1\xa0000 znaków (LOGISTICS_IMPORT_MAX_CELL_CHARS): czy to na pewno ten "
           "arkusz?"),
    (None, "a cell is longer than 1,000 characters (LOGISTICS_IMPORT_MAX_CELL_CHARS): is this really the "
           "sheet?"),
])
def test_an_import_refuses_a_row_naming_sheet_row_and_column_in_the_language_asked(
        app, make, catalogue, monkeypatch, language, reason):  # noqa: F811
    monkeypatch.setitem(app.config, "IMPORT_MAX_CELL_CHARS", 1_000)
    staff = make.api("staff")

    report = expect(_import(staff, csv_bytes([row(), row(line_no="2", notes="n" * 1_500)]), "ppe.csv",
                             language), 422)

    refusal = report["refusals"][0]
    assert (refusal["sheet"], refusal["row"], refusal["column"], refusal["reason"]) == \
        ("Shipments", 3, "notes", reason)
    assert refusal["value"].startswith("n" * 80 + "…")  # the cell is an excerpt, in any language
    assert expect(staff.get(f"{API}/shipments"), 200) == []


@pytest.mark.parametrize("language, reason", [
    ("zh", "没有货运 IMP-404，既未存储，也不在此文件的 Shipments 工作表中"),
    (None, "no shipment IMP-404, stored or in this file's Shipments sheet"),
])
def test_a_package_of_no_shipment_is_refused_on_the_packages_sheet_in_the_language_asked(make, language,
                                                                                         reason):
    staff = make.api("staff")
    packages = csv_bytes([{"reference": "IMP-404", "package": "PKG-1", "type": "pallet"}],
                         headings=["reference", "package", "type"])

    report = expect(_import(staff, packages, "packages.csv", language), 422)

    assert report["refusals"] == [{"sheet": "Packages", "row": 2, "column": "reference", "value": "IMP-404",
                                   "reason": reason}]


@pytest.fixture
def partner_org(make):
    make.coverall()
    make.mask()
    return make.org(name="Szpital Wojewódzki")


@pytest.fixture
def delivered(make, partner_org):
    """An outbound shipment to the partner, delivered: line 1 coveralls, line 2 masks."""
    return make.shipment(counterparty=partner_org, lines=[("PPE-COV", "100 piece"), ("PPE-N95", "2 box")],
                         status="delivered", reference="OUT-2020-0001")


@pytest.mark.parametrize("language, message, status", [
    ("pl", "pozycji nie można zmieniać, gdy przesyłka ma status delivered: edytować można tylko przesyłki "
           "robocze lub potwierdzone", "obecny status to delivered"),
    (None, "lines cannot change while the shipment is delivered: only draft or confirmed shipments can be "
           "edited", "current status is delivered"),
])
def test_a_workflow_conflict_is_said_in_the_language_asked(make, delivered, language, message, status):
    staff = make.api("staff")
    version = expect(staff.get(f"{API}/shipments/{delivered.id}"), 200)["version"]

    response = staff.post(f"{API}/shipments/{delivered.id}/lines", headers=_asking(language),
                          json={"sku": "PPE-COV", "quantity": "1 piece", "version": version})

    error = expect(response, 409)
    assert (error["message"], error["errors"]["status"]) == (message, [status])
    assert response.headers.get("Content-Language") == (language or "en")


@pytest.mark.parametrize("language, message, listed", [
    ("zh", "收货未记录：第 1 行列出了两次", "第 1 行列出了两次"),
    ("cs", "příjem nebyl zaznamenán: řádek 1 je uveden dvakrát", "řádek 1 je uveden dvakrát"),
    (None, "the receipt was not recorded: line 1 is listed twice", "line 1 is listed twice"),
])
def test_a_receipt_naming_a_line_twice_is_refused_in_the_language_asked(make, delivered, language, message,
                                                                        listed):
    staff = make.api("staff")
    state = expect(staff.get(f"{API}/shipments/{delivered.id}"), 200)
    first = state["lines"][0]["id"]
    body = {"status": "received", "received": [{"line_id": first, "quantity": "100 piece"},
                                               {"line_id": first, "quantity": "100 piece"}]}

    response = staff.post(f"{API}/shipments/{delivered.id}/events", json=body,
                          headers={**_asking(language), "If-Match": f'"{state["version"]}"'})

    error = expect(response, 422)
    assert error["message"] == message
    assert error["errors"]["received"]["1"]["line_id"] == [listed]
    assert expect(staff.get(f"{API}/shipments/{delivered.id}"), 200) == state


@pytest.mark.parametrize("language, message", [
    ("cs", "zásilka OUT-2020-0001 nemá řádek 9 (její řádky: 1, 2)"),
    (None, "shipment OUT-2020-0001 has no line 9 (its lines: 1, 2)"),
])
def test_an_attachment_for_a_line_the_shipment_has_not_is_refused_in_the_language_asked(
        make, delivered, language, message):
    staff = make.api("staff")

    response = staff.post(f"{API}/shipments/OUT-2020-0001/attachments", headers=_asking(language),
                          data={"file": (io.BytesIO(b"%PDF-1.4 not read"), "scan.pdf"), "line_no": "9"},
                          content_type="multipart/form-data")

    error = expect(response, 422)

    assert (error["message"], error["errors"]["line_no"]) == (message, [message])
    assert expect(staff.get(f"{API}/shipments/OUT-2020-0001/attachments"), 200) == []


@pytest.mark.parametrize("language, message", [
    ("zh", "附件 %s 是 PDF：没有缩略图"),
    ("pl", "załącznik %s to PDF: nie ma miniatury"),
    (None, "attachment %s is a PDF: it has no thumbnail"),
])
def test_the_thumbnail_of_a_pdf_is_refused_in_the_language_asked(make, delivered, language, message):
    staff = make.api("staff")
    scan = expect(upload(staff, "OUT-2020-0001", files.pdf(pages=1), "cmr.pdf"), 201)

    response = staff.get(f"{API}/attachments/{scan['id']}/thumbnail", headers=_asking(language))

    assert expect(response, 404)["message"] == message % scan["id"]


@pytest.mark.parametrize("language, message, field", [
    ("cs", "položka nebyla uložena: unit_mass: hmotnost jednotky je hmotnost (např. 0.35 kg), ne piece",
     "hmotnost jednotky je hmotnost (např. 0.35 kg), ne piece"),
    (None, "the item was not saved: unit_mass: a unit mass is a mass (e.g. 0.35 kg), not piece",
     "a unit mass is a mass (e.g. 0.35 kg), not piece"),
])
def test_a_message_made_of_pieces_is_said_piece_by_piece(make, language, message, field):
    staff = make.api("staff")

    response = staff.post(f"{API}/items", headers=_asking(language), json={
        "sku": "PPE-GLV", "name": "Nitrile examination gloves", "base_unit": "pair", "unit_mass": "5 piece"})

    error = expect(response, 422)
    assert (error["message"], error["errors"]["unit_mass"]) == (message, [field])
