"""The attachment rules without a database: names, who may attach, what a file is."""
from __future__ import annotations

import pytest

from logistics.domain.access import Actor
from logistics.domain.attachments import MediaType, ascii_file_name, clean_file_name, refusal_to_attach
from logistics.domain.roles import Role
from logistics.media import UnreadableFile, read_file
from tests.attachments import files

STAFF = Actor(1, Role.STAFF)
PARTNER = Actor(2, Role.PARTNER, organization_id=1)


@pytest.mark.parametrize("given, media_type, kept", [
    ("photo.jpg", MediaType.JPEG, "photo.jpg"),
    ("IMG_0001.HEIC.jpeg", MediaType.JPEG, "IMG_0001.HEIC.jpg"),
    ("../../etc/passwd", MediaType.PDF, "passwd.pdf"),
    ("C:\\Users\\me\\scan.pdf", MediaType.PDF, "scan.pdf"),
    ('Dodací list "Žilina";\r\n.pdf', MediaType.PDF, "Dodací list _Žilina.pdf"),
    ("", MediaType.PNG, "attachment.png"),
    ("...", MediaType.WEBP, "attachment.webp"),
    ("x" * 500 + ".pdf", MediaType.PDF, "x" * 96 + ".pdf"),
    ("invoice.exe", MediaType.PDF, "invoice.pdf"),
])
def test_a_file_name_is_cleaned_and_ends_in_what_the_file_really_is(given, media_type, kept):
    assert clean_file_name(given, media_type) == kept


def test_the_ascii_stand_in_of_a_name_keeps_what_ascii_can_say():
    assert ascii_file_name("Žilina 沧州 (1).pdf") == "Zilina  _1_.pdf"


@pytest.mark.parametrize("actor, direction, status, on_line, refused", [
    (STAFF, "outbound", "draft", False, None),
    (STAFF, "inbound", "received", True, None),
    (STAFF, "outbound", "cancelled", False, "cancelled"),
    (PARTNER, "outbound", "delivered", True, None),
    (PARTNER, "outbound", "received", True, None),
    (PARTNER, "outbound", "delivered", False, "line's receipt"),
    (PARTNER, "outbound", "in_transit", True, "once the shipment has arrived"),
    (PARTNER, "inbound", "received", True, "sent to them"),
])
def test_staff_attach_anywhere_and_a_partner_only_to_a_line_of_a_shipment_that_arrived_for_them(
        actor, direction, status, on_line, refused):
    refusal = refusal_to_attach(actor, direction, status, on_line)
    assert (refusal is None) if refused is None else (refused in refusal)


@pytest.mark.parametrize("data, said", [
    (b"", "the file is empty"),
    (files.html_named_pdf(), "it is an HTML page"),
    (files.pdf_that_is_html(), "cannot be read as one"),
    (files.truncated_jpeg(), "is it truncated?"),
    (files.pixel_bomb_png(), "at most 50 million pixels are taken"),
    (files.pixel_bomb_png(7_100, 7_100), "at most 50 million pixels are taken"),
    (b"GIF89a" + b"\x00" * 20, "GIF"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "cannot be read"),
])
def test_a_file_that_is_not_a_whole_jpeg_png_webp_or_pdf_is_refused_saying_why(data, said):
    with pytest.raises(UnreadableFile) as refused:
        read_file(data)
    assert said in str(refused.value)


def test_the_decompression_bomb_limit_is_pillows_own_set_on_purpose():
    from PIL import Image

    from logistics.media import MAX_PIXELS

    assert Image.MAX_IMAGE_PIXELS == MAX_PIXELS == 50_000_000
