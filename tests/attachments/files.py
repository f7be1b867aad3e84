"""Real files for the attachment tests, built with Pillow and reportlab: good ones and hostile ones."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from reportlab.pdfgen import canvas


def jpeg(width: int = 64, height: int = 48, *, gps: bool = False, orientation: int | None = None,
         color: str = "red") -> bytes:
    """A JPEG, with a GPS position and an orientation in its EXIF if asked."""
    image = Image.new("RGB", (width, height), color)
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (48.0, 18.0, 30.0), 3: "E", 4: (18.0, 5.0, 10.0)}  # GPSInfo
        exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes() if len(exif) else b"")
    return out.getvalue()


def png(width: int = 40, height: int = 30, mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), (0, 128, 0, 128) if mode == "RGBA" else "green").save(out, "PNG")
    return out.getvalue()


def webp(width: int = 50, height: int = 50) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "blue").save(out, "WEBP")
    return out.getvalue()


def pdf(pages: int = 1) -> bytes:
    out = io.BytesIO()
    document = canvas.Canvas(out)
    for number in range(pages):
        document.drawString(72, 720, f"CMR page {number + 1}")
        document.showPage()
    document.save()
    return out.getvalue()


def html_named_pdf() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def pdf_that_is_html() -> bytes:
    """Starts as a PDF, then is an HTML page: no PDF structure at all."""
    return b"%PDF-1.7\n" + html_named_pdf()


def truncated_jpeg() -> bytes:
    whole = jpeg(400, 300)
    return whole[: len(whole) // 2]


def pixel_bomb_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A PNG of width x height black 1-bit pixels: a few kilobytes that decode to 400 million pixels.

    Written chunk by chunk (with zlib), so building it costs no more memory than the test needs.
    """
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
