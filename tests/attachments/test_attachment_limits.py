"""Bad and oversized uploads are refused with a clear 4xx and nothing is stored."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import text

from logistics import db
from tests.attachments import files
from tests.attachments.conftest import API, upload


def _stored(app) -> tuple[int, int]:
    with app.app_context(), db.new_session(app) as session:
        return tuple(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                     for table in ("attachments", "attachment_contents"))


@pytest.mark.parametrize("data, name, said", [
    (files.html_named_pdf(), "invoice.pdf", "it is an HTML page"),
    (files.pdf_that_is_html(), "invoice.pdf", "starts as a PDF but cannot be read as one"),
    (files.truncated_jpeg(), "damage.jpg", "is it truncated?"),
    (files.pixel_bomb_png(), "bomb.png", "at most 50 million pixels are taken"),
    (b"", "empty.jpg", "the file is empty"),
])
def test_a_bad_file_is_refused_with_422_saying_why_and_nothing_is_stored(app, make, delivered, data, name, said):
    response = upload(make.api("staff"), "OUT-2020-0001", data, name, line_no=1)

    body = response.get_json()
    assert response.status_code == 422, body
    assert said in body["message"] and said in body["errors"]["file"][0]
    assert len(body["message"]) < 400
    assert _stored(app) == (0, 0)


def test_a_file_over_the_limit_is_refused_with_413_naming_the_limit_and_nothing_is_stored(
        app, make, delivered, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 100 * 1024)
    big = files.pdf() + b"%" * (120 * 1024)  # a PDF with 120 KB of comment after it

    response = upload(make.api("staff"), "OUT-2020-0001", big, "big.pdf")

    assert response.status_code == 413
    assert "larger than 0.0976562 MB, the limit for attachments (LOGISTICS_ATTACHMENT_MAX_MB)" in \
        response.get_json()["message"]
    assert _stored(app) == (0, 0)


class HugeBody(io.RawIOBase):
    """A 500 MB multipart body made up as it is read (never held in memory); counts what was read."""

    def __init__(self, size: int):
        self.size, self.position, self.read_bytes = size, 0, 0
        self.head = (b'--x\r\nContent-Disposition: form-data; name="file"; filename="huge.jpg"\r\n'
                     b"Content-Type: image/jpeg\r\n\r\n" + files.jpeg())

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = {0: offset, 1: self.position + offset, 2: self.size + offset}[whence]
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.size - self.position)
        chunk = (self.head[self.position:self.position + count] if self.position < len(self.head) else b"")
        buffer[:count] = chunk.ljust(count, b"\x00")
        self.position += count
        self.read_bytes += count
        return count


def test_a_500_mb_upload_is_refused_by_its_length_before_its_body_is_read(app, make, delivered):
    staff = make.api("staff")
    body = HugeBody(500 * 1024 * 1024)

    response = staff.client.post(f"{API}/shipments/OUT-2020-0001/attachments", input_stream=body,
                                 content_type="multipart/form-data; boundary=x", headers=staff._headers(None))

    assert response.status_code == 413
    assert "10 MB, the limit for attachments" in response.get_json()["message"]
    assert body.read_bytes < 1024 * 1024
    assert _stored(app) == (0, 0)


def test_a_file_of_exactly_the_limit_is_taken(app, make, delivered, monkeypatch):
    pdf = files.pdf()
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", len(pdf))

    response = upload(make.api("staff"), "OUT-2020-0001", pdf, "cmr.pdf")

    assert response.status_code == 201
    assert _stored(app) == (1, 1)


def test_an_upload_without_a_file_says_how_to_send_one(make, delivered):
    staff = make.api("staff")

    response = staff.client.post(f"{API}/shipments/OUT-2020-0001/attachments", data={"line_no": "1"},
                                 headers=staff._headers(None), content_type="multipart/form-data")

    assert response.status_code == 422
    assert "multipart/form-data in a field named 'file'" in response.get_json()["message"]


@pytest.mark.parametrize("line_no", ["0", "٣", "1234567", "x"])
def test_a_line_number_that_is_not_one_is_refused(make, delivered, line_no):
    response = upload(make.api("staff"), "OUT-2020-0001", files.jpeg(), "x.jpg", line_no=line_no)

    assert response.status_code == 422
    assert "line_no" in response.get_json()["errors"]
