"""Import and export over the API: uploads, reports, limits, who may do what."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.transfer.files import csv_bytes, row

IMPORT = "/api/v1/shipments/import"


def upload(api, data: bytes, filename: str = "shipments.csv", query: str = ""):
    """Send a file as a browser's form would."""
    return api.post(IMPORT + query, data={"file": (io.BytesIO(data), filename)},
                    content_type="multipart/form-data")


def test_staff_import_a_file_and_get_a_report(make, catalogue, stored):
    response = upload(make.api("staff"), csv_bytes([row(), row(line_no="2", sku="PPE-N95")]))

    body = response.get_json()
    assert response.status_code == 200, body
    assert (body["accepted"], body["shipments_created"], body["lines_created"]) == (True, 1, 2)
    assert (body["code"], body["status"]) == (200, "OK")
    assert "1 new" in body["message"]
    assert len(stored()["IMP-0001"]["lines"]) == 2


def test_a_dry_run_over_the_api_writes_nothing(make, catalogue, stored):
    response = upload(make.api("staff"), csv_bytes([row()]), query="?dry_run=true")

    assert response.status_code == 200 and response.get_json()["dry_run"] is True
    assert stored() == {}


def test_a_refused_file_answers_422_with_every_refused_cell(make, catalogue, stored):
    rows = [row(quantity="5", unit="ton"), row(line_no="2", sku="NOPE"), row(line_no="3")]

    response = upload(make.api("manager"), csv_bytes(rows))

    body = response.get_json()
    assert response.status_code == 422, body
    assert [(r["row"], r["column"], r["value"]) for r in body["refusals"]] == [
        (2, "quantity", "5"), (3, "sku", "NOPE")]
    assert "ton" in body["refusals"][0]["reason"] and body["refused_rows"] == 2
    assert body["message"].startswith("the file was refused and nothing was written")
    assert stored() == {}


def test_partners_and_strangers_may_not_import(make, catalogue, stored):
    data = csv_bytes([row()])

    assert upload(make.api("partner", org=catalogue["brat"]), data).status_code == 403
    assert upload(make.anonymous(), data).status_code == 401
    assert stored() == {}


def test_an_upload_without_a_file_is_refused_clearly(make, catalogue):
    response = make.api("staff").post(IMPORT, data={"other": "x"}, content_type="multipart/form-data")

    assert response.status_code == 422
    assert "file" in response.get_json()["errors"]


def test_a_50_mb_upload_is_refused_with_the_limit_and_what_to_do(make, catalogue, stored):
    padding = b"x" * (50 * 1024 * 1024)
    data = csv_bytes([row()]) + padding

    # The multipart body is built here, in memory: the test client would spool it to a temporary file.
    body = (b'--B\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            b"Content-Type: text/csv\r\n\r\n" + data + b"\r\n--B--\r\n")

    response = make.api("staff").post(IMPORT, data=body, content_type="multipart/form-data; boundary=B")

    body = response.get_json()
    assert response.status_code == 413, body
    assert "32 MB" in body["message"] and "logistics import" in body["message"]
    assert stored() == {}


def test_export_as_csv_and_xlsx_with_the_list_filters(make, catalogue):
    api = make.api("staff")
    upload(api, csv_bytes([row(), row(reference="IMP-0002", direction="inbound", kind="purchase",
                                      counterparty="Zlín Textiles", destination_country="CN")]))

    outbound = api.get("/api/v1/shipments/export.csv?direction=outbound")
    workbook = api.get("/api/v1/shipments/export.xlsx")

    assert outbound.status_code == 200 and outbound.mimetype == "text/csv"
    text = outbound.get_data(as_text=True)
    assert "IMP-0001" in text and "IMP-0002" not in text
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.get_data())).active
    references = [cells[0] for cells in sheet.iter_rows(min_row=2, values_only=True)]
    assert references == ["IMP-0001", "IMP-0002"]


def test_a_partner_exports_only_their_own_shipments(make, catalogue):
    staff = make.api("staff")
    upload(staff, csv_bytes([row(), row(reference="IMP-0002", counterparty="Kraków Aid",
                                        destination_country="PL")]))
    version = staff.get("/api/v1/shipments/IMP-0002").get_json()["version"]
    confirmed = staff.post("/api/v1/shipments/IMP-0002/events", json={"status": "confirmed"},
                           headers={"If-Match": f'"{version}"'})  # a partner sees no draft
    assert confirmed.status_code == 201
    partner = make.api("partner", org=catalogue["krak"])

    text = partner.get("/api/v1/shipments/export.csv").get_data(as_text=True)

    assert "IMP-0002" in text and "IMP-0001" not in text
