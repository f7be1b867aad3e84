"""The import page and the list's downloads, used as a person with a browser would."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.transfer.files import csv_bytes, row
from tests.web.pages import form_with_button, submission, text_of


@pytest.fixture
def catalogue(make):
    """The coverall and the partner the rows name."""
    make.coverall()
    return make.org(name="Bratislava Hospital", country="SK")


def upload(browser, data: bytes, filename: str = "march.csv", check_only: bool = False):
    """Open the import page, choose a file, tick the box if asked, press Import."""
    page = browser.get("/shipments/import")
    fields = submission(form_with_button(page.get_data(as_text=True), "Import"), "Import",
                        drop=() if check_only else ("dry_run",))
    if check_only:
        fields.setlist("dry_run", ["1"])
    fields.add("file", (io.BytesIO(data), filename))
    return browser.post("/shipments/import", data=fields, content_type="multipart/form-data")


def test_staff_import_a_file_from_the_page_and_see_what_it_did(signed_in, catalogue):
    browser = signed_in("staff")

    response = upload(browser, csv_bytes([row(), row(line_no="2", quantity="4 box", unit="")]))

    text = text_of(response.get_data(as_text=True))
    assert response.status_code == 200, text
    assert "shipments: 1 new" in text and "lines: 2 new" in text
    assert "IMP-0001" in text_of(browser.get("/shipments").get_data(as_text=True))


def test_a_refused_file_lists_each_problem_on_the_page_and_writes_nothing(signed_in, catalogue):
    browser = signed_in("staff")
    rows = [row(quantity="5", unit="ton"), row(line_no="2", destination_country="XX")]

    response = upload(browser, csv_bytes(rows))

    text = text_of(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "nothing was written" in text
    assert "ton" in text and "XX" in text and "destination_country" in text
    assert "No shipments match" in text_of(browser.get("/shipments").get_data(as_text=True))


def test_the_check_only_box_writes_nothing(signed_in, catalogue):
    browser = signed_in("manager")

    response = upload(browser, csv_bytes([row()]), check_only=True)

    assert response.status_code == 200
    assert "dry run: nothing was written" in text_of(response.get_data(as_text=True))
    assert "No shipments match" in text_of(browser.get("/shipments").get_data(as_text=True))


def test_an_upload_without_the_security_token_is_refused(signed_in, catalogue):
    browser = signed_in("staff")

    response = browser.post("/shipments/import", data={"file": (io.BytesIO(csv_bytes([row()])), "a.csv")},
                            content_type="multipart/form-data")

    assert response.status_code == 400
    assert "No shipments match" in text_of(browser.get("/shipments").get_data(as_text=True))


def test_partners_do_not_get_the_import_page(signed_in, catalogue):
    partner = signed_in("partner", org=catalogue)

    assert partner.get("/shipments/import").status_code == 403
    assert "Import" not in [a for a in text_of(partner.get("/shipments").get_data(as_text=True)).split()]


def test_the_list_downloads_what_it_shows_with_the_lines(signed_in, make, catalogue):
    make.shipment(catalogue, reference="OUT-A")
    make.shipment(catalogue, reference="OUT-B", status="in_transit")
    browser = signed_in("staff")
    listed = browser.get("/shipments?status=in_transit").get_data(as_text=True)
    assert "/shipments/export.csv?status=in_transit" in listed

    csv_text = browser.get("/shipments/export.csv?status=in_transit").get_data(as_text=True)
    workbook = browser.get("/shipments/export.xlsx?status=in_transit")

    assert "OUT-B" in csv_text and "OUT-A" not in csv_text
    sheet = load_workbook(io.BytesIO(workbook.get_data())).active
    assert [cells[0] for cells in sheet.iter_rows(min_row=2, values_only=True)] == ["OUT-B"]


def test_bad_list_filters_on_a_download_give_a_clear_page(signed_in, catalogue):
    response = signed_in("staff").get("/shipments/export.csv?from=yesterday")

    assert response.status_code == 422
    text = text_of(response.get_data(as_text=True))
    assert "The list's filters are not valid" in text and "from" in text


def test_a_form_over_the_upload_limit_gets_a_page_saying_the_limit_and_what_to_do(signed_in):
    browser = signed_in("staff")

    response = browser.post("/shipments/new", data=b"x" * (33 << 20),
                            content_type="application/x-www-form-urlencoded")

    assert response.status_code == 413 and response.mimetype == "text/html"
    text = text_of(response.get_data(as_text=True))
    assert "32 MB" in text and "logistics import" in text


def test_the_template_download_imports_as_it_is(signed_in, make):
    make.coverall()
    make.org(name="Bratislava University Hospital", country="SK")
    browser = signed_in("staff")
    template = browser.get("/shipments/import/template.csv").get_data()

    response = upload(browser, template, filename="template.csv", check_only=True)

    assert response.status_code == 200, text_of(response.get_data(as_text=True))
