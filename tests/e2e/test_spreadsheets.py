"""Staff move shipments in and out of spreadsheets in a real browser: download the list, import files."""
from __future__ import annotations

from tests.e2e.steps import LODZ, STAFF, expect_text, look
from tests.transfer.files import csv_bytes, row


def test_staff_download_the_list_and_import_a_sheet_with_a_report(signed_in, served, device, screenshots,
                                                                  tmp_path):
    page = signed_in(served, STAFF)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    exported = tmp_path / "shipments.xlsx"
    download.value.save_as(exported)
    assert exported.read_bytes()[:2] == b"PK"

    page.get_by_role("link", name="Import", exact=True).click()
    expect_text(page.locator("h1"), "Import shipments")
    page.get_by_label("File (.csv or .xlsx").set_input_files(str(exported))
    page.get_by_label("Only check the file").check()
    page.get_by_role("button", name="Import").click()
    expect_text(page.locator("p.flash"), "dry run: nothing was written")

    reference = f"IMP-E2E-{device.upper()}"
    good = tmp_path / "new.csv"
    good.write_bytes(csv_bytes([row(reference=reference, counterparty=LODZ, destination_country="PL",
                                    sku="PPE-N95", quantity="12 carton", unit=""),
                                row(reference=reference, counterparty=LODZ, destination_country="PL",
                                    line_no="2", sku="PPE-COV", quantity="2.5 t", unit="")]))
    page.get_by_label("File (.csv or .xlsx").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    expect_text(page.locator("p.flash"), "shipments: 1 new", "lines: 2 new")
    look(page, screenshots, "staff-import", device)

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row(reference=reference + "-B", counterparty="Nobody", quantity="5 ton",
                                   unit="")]))
    page.get_by_label("File (.csv or .xlsx").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    expect_text(page.locator("p.problem"), "nothing was written")
    expect_text(page.locator("section[aria-label='Import report'] table"), "counterparty", "Nobody", "ton")
    look(page, screenshots, "staff-import-refused", device)

    page.goto(f"{served.base_url}/shipments?q={reference}")
    expect_text(page.locator("table.list"), reference, LODZ)
