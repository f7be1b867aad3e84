"""The shipment page's Attachments section: upload (a phone's camera included), thumbnails, removal."""
from __future__ import annotations

import io
import re


from tests.attachments import files
from tests.attachments.conftest import delivered, partner_org  # noqa: F401  (fixtures)


def _page(browser, reference="OUT-2020-0001") -> str:
    response = browser.get(f"/shipments/{reference}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _attach(browser, data: bytes, name: str, line_no: str = "", reference="OUT-2020-0001"):
    html = _page(browser, reference)
    return browser.client.post(f"/shipments/{reference}/attachments", content_type="multipart/form-data",
                               data={"csrf_token": _token(html), "line_no": line_no,
                                     "file": (io.BytesIO(data), name, "image/jpeg")})


def test_the_upload_field_takes_a_photo_from_a_phones_camera_or_a_pdf(signed_in, make, delivered):
    html = _page(signed_in("staff"))

    field = re.search(r'<input type="file"[^>]*>', html).group(0)
    assert 'accept="image/*,application/pdf"' in field and "capture" in field
    assert 'enctype="multipart/form-data"' in html


def test_a_partner_attaches_a_photo_to_a_line_and_the_sender_sees_its_thumbnail_beside_that_line(
        signed_in, make, partner_org, delivered):
    partner = signed_in("partner", partner_org)

    response = _attach(partner, files.jpeg(), "damage.jpg", "2")

    assert response.status_code == 302
    staff_page = _page(signed_in("staff"))
    thumbnail = re.search(r'<img src="(/attachments/(\d+)/thumbnail)" alt="photo damage.jpg"', staff_page)
    assert thumbnail and "line 2" in staff_page
    assert signed_in("staff").get(thumbnail.group(1)).mimetype == "image/jpeg"


def test_a_partner_is_offered_only_the_lines_not_the_shipment_itself(signed_in, make, partner_org, delivered):
    html = _page(signed_in("partner", partner_org))

    select = re.search(r'<select name="line_no".*?</select>', html, re.S).group(0)
    assert "the shipment (papers, invoices)" not in select and "required" in select
    assert "line 1: PPE-COV" in select and "line 2: PPE-N95" in select


def test_a_bad_file_on_the_page_is_refused_with_its_reason_marked_on_the_field(signed_in, make, delivered):
    response = _attach(signed_in("staff"), files.truncated_jpeg(), "broken.jpg")

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "is it truncated?" in html
    assert re.search(r'<input type="file"[^>]*aria-invalid="true"', html)


def test_staff_remove_a_file_from_the_page_and_the_page_says_when(signed_in, make, delivered):
    staff = signed_in("staff")
    _attach(staff, files.jpeg(), "wrong.jpg")
    html = _page(staff)
    action = re.search(r'action="(/attachments/\d+/remove)"', html).group(1)

    response = staff.client.post(action, data={"csrf_token": _token(html)})

    assert response.status_code == 302
    after = _page(staff)
    assert re.search(r'class="removed">\s*<span>wrong.jpg</span> <small>removed 20', after)
    assert "/thumbnail" not in after
