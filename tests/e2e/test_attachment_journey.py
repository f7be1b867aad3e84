"""A receiver on a phone says the goods arrived, photographs a damaged line, confirms; the sender sees the photo.

Runs on a phone-sized window (390 x 844), against the real server, in chromium; the photo is a
real JPEG with a GPS position in its EXIF, chosen through the page's file field (the camera's).
"""
from __future__ import annotations

import pytest

from tests.attachments import files
from tests.e2e.steps import PARTNER_LODZ, STAFF, dispatch_donation_to_lodz, expect_text, look, mark_delivered


@pytest.mark.parametrize("device", ["phone"])
def test_a_partner_on_a_phone_photographs_a_damaged_line_confirms_receipt_and_the_sender_sees_the_photo(
        signed_in, served, device, screenshots, tmp_path):
    staff = signed_in(served, STAFF)
    reference = dispatch_donation_to_lodz(staff, served, "CZE-PHOTO-1")
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(files.jpeg(800, 600, gps=True, color="orange"))

    page = signed_in(served, PARTNER_LODZ)
    page.goto(f"{served.base_url}/shipments/{reference}")
    expect_text(page.locator("h1"), reference, "in transit")
    mark_delivered(page)

    upload = page.locator("form.upload")
    upload.locator("input[type=file]").set_input_files(str(photo))
    upload.get_by_label("Line it shows").select_option("1")
    look(page, screenshots, "partner-attach", device)
    upload.get_by_role("button", name="Attach").click()
    expect_text(page.locator("p.flash"), "Photo IMG_2041.jpg attached to line 1.")
    receipt = page.locator("form.receipt")
    assert receipt.locator("img[alt='photo IMG_2041.jpg']").count() == 1
    receipt.get_by_label("Received of line 1").fill("5,000 piece")
    receipt.get_by_label("Reason for a discrepancy on line 1").select_option("damaged")
    receipt.get_by_label("Note on line 1").fill("3 cartons crushed, see photo")
    receipt.get_by_role("button", name="Confirm receipt").click()
    expect_text(page.locator("p.flash"), "Status is now received.")
    look(page, screenshots, "partner-received", device)

    staff.goto(f"{served.base_url}/shipments/{reference}")
    line = staff.locator("section[aria-labelledby=lines-heading] table.list tbody tr").nth(0)
    expect_text(line, "damaged", "3 cartons crushed, see photo")
    image = line.locator("td[data-cell=photos] img")
    image.scroll_into_view_if_needed()  # thumbnails load lazily
    staff.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert staff.evaluate("(img) => img.naturalWidth", image.element_handle()) == 320  # 800 px wide, thumbnailed
    look(staff, screenshots, "staff-sees-photo", device)
    with staff.expect_response(lambda r: "/content" in r.url) as served_photo:
        line.locator("td[data-cell=photos] a").click()
    response = served_photo.value
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert b"GPS" not in response.body() and b"PhoneMaker" not in response.body()
