"""A receiver on a phone opens a carton's label link, marks it damaged with a photo, confirms the rest.

Runs in chromium on a 375 x 812 window against the real server. The link is the one the label
really carries: the labels PDF is rendered and its QR code decoded by zbar (the label holds the
configured public address; the path and query are opened on the test server). The sender then
sees the carton's state and photo on the shipment page.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.attachments import files
from tests.documents.barcodes import decode, render_page
from tests.e2e.steps import (
    PARTNER_LODZ,
    STAFF,
    confirm_and_dispatch,
    expect_text,
    log_donation_to_lodz,
    look,
    mark_delivered,
)

PHONE = {"width": 375, "height": 812}


def _look_on_phone(page, screenshots, name: str) -> None:
    """Screenshot the receiver's page and check it does not scroll sideways on the 375 px screen."""
    page.screenshot(path=str(screenshots / f"{name}-375.png"), full_page=True)
    scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert inner_width == PHONE["width"], f"{name}: the window is {inner_width} px wide"
    assert scroll_width <= inner_width, f"{name}: the page is {scroll_width} px wide on a 375 px screen"


def _pack_a_pallet_of_cartons(page) -> None:
    form = page.locator("form.pack")
    form.locator("select[name='type']").select_option("pallet")
    form.locator("input[name='count']").fill("1")
    form.locator("select[name='children.0.type']").select_option("carton")
    form.locator("input[name='children.0.count']").fill("12")
    form.locator("select[name='children.0.contents.0.line_no']").select_option("1")
    form.locator("input[name='children.0.contents.0.quantity']").fill("1 carton")
    form.get_by_role("button", name="Create packages").click()
    expect_text(page.locator("p.flash"), "13 packages created")


def _label_link(page, served, reference: str, index: int, folder) -> tuple[str, str]:
    """Return the path and query the QR code of the index-th label holds, and the package it names."""
    response = page.request.get(f"{served.base_url}/shipments/{reference}/labels.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    found = [symbol.data for symbol in decode(render_page(response.body(), index, folder))
             if symbol.type == "QR-Code"]
    assert len(found) == 1, found
    link = urlsplit(found[0])
    assert link.path.startswith("/track/") and link.query.startswith("package=")
    return f"{link.path}?{link.query}", link.query.removeprefix("package=")


@pytest.mark.parametrize("device", ["phone"])
def test_a_receiver_opens_a_label_link_marks_one_carton_damaged_with_a_photo_and_confirms_the_rest(
        signed_in, served, device, screenshots, tmp_path):
    staff = signed_in(served, STAFF)
    reference = log_donation_to_lodz(staff, served)
    _pack_a_pallet_of_cartons(staff)
    confirm_and_dispatch(staff, "CZE-RECEIVE-1")
    link, carton = _label_link(staff, served, reference, 3, tmp_path)  # the third carton on the pallet
    photo = tmp_path / "IMG_3107.jpg"
    photo.write_bytes(files.jpeg(800, 600, gps=True, color="red"))

    phone = signed_in(served, PARTNER_LODZ)
    phone.set_viewport_size(PHONE)
    phone.goto(f"{served.base_url}/shipments/{reference}")
    mark_delivered(phone)

    phone.goto(f"{served.base_url}{link}")  # what the phone's camera opens from the label
    expect_text(phone.locator("h1"), f"Receive {reference}")
    row = phone.locator(f"tr#package-{carton}")
    expect_text(row, carton)
    assert "selected" in (row.get_attribute("class") or "")
    assert phone.evaluate("() => document.activeElement.name") == f"state-{carton}"
    row.get_by_label(f"State of package {carton}").select_option("damaged")
    row.get_by_label(f"Note on package {carton}").fill("crushed on one side, 2 boxes torn")
    _look_on_phone(phone, screenshots, "receiver-marks-carton")
    phone.get_by_role("button", name="Save the packages' states").click()
    expect_text(phone.locator("p.flash"), "checked")

    upload = phone.locator(f"form#photo-{carton}")
    field = upload.locator("input[type=file]")
    assert field.get_attribute("capture") == "environment"
    field.set_input_files(str(photo))
    upload.get_by_role("button", name="Attach photo").click()
    expect_text(phone.locator("p.flash"), f"Photo IMG_3107.jpg attached to package {carton}.")
    assert phone.locator(f"tr#package-{carton} img[alt='photo IMG_3107.jpg']").count() == 1

    receipt = phone.locator("form.receipt")
    assert receipt.get_by_label("Received of line 1").input_value() == "12 carton"  # damaged goods arrived
    assert receipt.get_by_label("Reason for a discrepancy on line 1").input_value() == "damaged"
    assert carton in receipt.get_by_label("Note on line 1").input_value()
    _look_on_phone(phone, screenshots, "receiver-confirms")
    receipt.get_by_role("button", name="Confirm receipt").click()
    expect_text(phone.locator("p.flash"), "Status is now received.")

    staff.goto(f"{served.base_url}/shipments/{reference}")
    packages = staff.locator("section.packages")
    carton_row = packages.locator(f"table.package-list tr[data-package='{carton}']")  # indented under its pallet
    expect_text(carton_row, f"{carton}", "damaged (damaged: crushed on one side, 2 boxes torn)")
    image = carton_row.locator("img[alt='photo IMG_3107.jpg']")
    image.scroll_into_view_if_needed()  # thumbnails load lazily
    staff.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    expect_text(packages.locator("table.package-list"), "arrived")  # the pallet
    line = staff.locator("section[aria-labelledby=lines-heading] table.list tbody tr").nth(0)
    expect_text(line, "damaged", carton)
    look(staff, screenshots, "sender-sees-package-receipt", device)
