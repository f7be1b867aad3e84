"""The goods received note lists the files of each line's receipt; a file attached later is a new revision."""
from __future__ import annotations

from tests.attachments import files
from tests.attachments.conftest import API, upload
from tests.documents.pdfs import read_pdf


def _receive(api, reference: str, entries: dict[int, dict]):
    state = api.get(f"{API}/shipments/{reference}").get_json()
    ids = {line["line_no"]: line["id"] for line in state["lines"]}
    body = {"status": "received", "received": [{"line_id": ids[n], **entry} for n, entry in entries.items()]}
    response = api.post(f"{API}/shipments/{reference}/events", json=body,
                        headers={"If-Match": f'"{state["version"]}"'})
    assert response.status_code == 201, response.get_json()


def test_the_goods_received_note_lists_each_damaged_lines_photos_by_name_and_kind(make, partner_org, delivered):
    partner, staff = make.api("partner", partner_org), make.api("staff")
    assert upload(partner, "OUT-2020-0001", files.jpeg(), "crushed carton.jpg", line_no=2).status_code == 201
    assert upload(staff, "OUT-2020-0001", files.pdf(), "CMR.pdf").status_code == 201  # the shipment's: not listed
    _receive(partner, "OUT-2020-0001", {2: {"quantity": "30 piece", "reason": "damaged", "note": "box crushed"}})

    first = staff.get(f"{API}/shipments/OUT-2020-0001/grn.pdf")
    text = read_pdf(first.get_data()).words
    assert "Photos and documents of the receipt" in text
    assert "crushed carton.jpg" in text and "photo" in text
    assert "CMR.pdf" not in text

    assert upload(staff, "OUT-2020-0001", files.png(), "label.png", line_no=2).status_code == 201
    second = staff.get(f"{API}/shipments/OUT-2020-0001/grn.pdf")
    assert "label.png" in read_pdf(second.get_data()).words
    assert first.headers["X-Document-Revision"] != second.headers["X-Document-Revision"]


def test_a_receipt_without_files_prints_no_list_of_them(make, delivered):
    staff = make.api("staff")
    _receive(staff, "OUT-2020-0001", {})

    text = read_pdf(staff.get(f"{API}/shipments/OUT-2020-0001/grn.pdf").get_data()).words

    assert "Photos and documents of the receipt" not in text
