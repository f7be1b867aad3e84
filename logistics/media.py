"""Uploaded files read for what they really are: images through Pillow, PDFs through pypdf.

The only module that opens uploaded bytes. A file is recognised by its first bytes and then
parsed whole (an image decoded to its last pixel, a PDF's page tree read), so a truncated JPEG,
an HTML page named .pdf or a pixel bomb is refused before anything is stored. Images are
re-encoded: EXIF orientation applied, then saved without EXIF (GPS positions and camera serials
go), with a thumbnail.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from logistics.domain.attachments import ACCEPTED, MediaType
from logistics.domain.texts import TextError

# Pillow warns above this many pixels and refuses above twice as many; the warning is an error
# here (see _open_image), so this is the limit: 50 megapixels, more than any phone's photo (a
# 200 MP sensor saves 50 MP by default), a 7,000 x 7,000 scan. Decoded, it is 150 MB of RGB.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
THUMBNAIL = (320, 320)
MAX_PDF_PAGES = 2_000

_FORMATS = {"JPEG": MediaType.JPEG, "PNG": MediaType.PNG, "WEBP": MediaType.WEBP}


class UnreadableFile(TextError, ValueError):
    """The bytes are not a file we accept, or not a whole one; the message says which and why."""


@dataclass(frozen=True)
class ReadFile:
    """A file as it will be stored: its kind, the bytes to serve, a thumbnail, its size in pixels or pages."""

    media_type: MediaType
    data: bytes
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None
    pages: int | None = None


def sniff(head: bytes) -> MediaType | None:
    """Return what a file's first bytes say it is (None: none of the accepted kinds)."""
    if head.startswith(b"\xff\xd8\xff"):
        return MediaType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaType.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return MediaType.WEBP
    if head.startswith(b"%PDF-"):
        return MediaType.PDF
    return None


def read_file(data: bytes) -> ReadFile:
    """Return an upload as it will be stored, or raise UnreadableFile saying what is wrong."""
    if not data:
        raise UnreadableFile("the file is empty")
    media_type = sniff(data[:16])
    if media_type is None:
        raise UnreadableFile(f"the file is not {ACCEPTED}: {_looks_like(data[:512])}")
    if media_type is MediaType.PDF:
        return _read_pdf(data)
    return _read_image(data, media_type)


def _looks_like(head: bytes) -> str:
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "it is an HTML page"
    if text.startswith(b"<?xml") or text.startswith(b"<svg"):
        return "it is XML or SVG, which can carry scripts"
    if head.startswith(b"GIF8"):
        return "it is a GIF image: save it as PNG"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "it is a HEIC photo: set the camera to 'most compatible' (JPEG), or convert it"
    return "its first bytes are not those of any of them"


def _read_pdf(data: bytes) -> ReadFile:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            AssertionError, OSError) as error:
        raise UnreadableFile(f"the file starts as a PDF but cannot be read as one ({type(error).__name__}): "
                             "is it whole?") from None
    if pages < 1:
        raise UnreadableFile("the PDF has no pages")
    if pages > MAX_PDF_PAGES:
        raise UnreadableFile(f"the PDF has {pages:,} pages; at most {MAX_PDF_PAGES:,} are taken")
    return ReadFile(MediaType.PDF, data, pages=pages)


def _read_image(data: bytes, media_type: MediaType) -> ReadFile:
    image = _open_image(data, media_type)
    try:
        image = ImageOps.exif_transpose(image)  # as the camera held it; the EXIF goes with the re-encoding
        kept = _encode(image, media_type)
        thumbnail = _thumbnail(image)
    except (OSError, ValueError) as error:
        raise UnreadableFile(f"the image cannot be re-encoded ({_reason(error)})") from None
    return ReadFile(media_type, kept, thumbnail, width=image.width, height=image.height)


def _open_image(data: bytes, media_type: MediaType) -> Image.Image:
    """Decode an image whole, refusing a truncated file and a pixel bomb (Pillow's warning is an error)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(_FORMATS))
            if _FORMATS.get(image.format or "") is not media_type:
                raise UnreadableFile(f"the file starts as {media_type.extension.upper()} but is not one")
            if image.width * image.height > MAX_PIXELS:
                raise UnreadableFile(_too_many_pixels(image.width, image.height))
            image.load()  # every pixel: a truncated file fails here
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise UnreadableFile(f"the image has more pixels than taken; at most {MAX_PIXELS // 1_000_000} "
                                 "million pixels are taken (is it a decompression bomb, or a scan at "
                                 "too high a resolution?): scale it down") from None
        except UnidentifiedImageError:
            raise UnreadableFile(f"the file starts as {media_type.extension.upper()} but cannot be "
                                 "read as an image") from None
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            raise UnreadableFile(f"the image cannot be read whole ({_reason(error)}): "
                                 "is it truncated?") from None
    return image


def _too_many_pixels(width: int, height: int) -> str:
    return (f"the image is {width:,} x {height:,} pixels; at most {MAX_PIXELS // 1_000_000} million "
            "pixels are taken: scale it down")


def _reason(error: BaseException) -> str:
    return str(error)[:80] or type(error).__name__


def _encode(image: Image.Image, media_type: MediaType) -> bytes:
    """Save the pixels again, with no metadata: no EXIF, no XMP, no text chunks."""
    out = io.BytesIO()
    if media_type is MediaType.JPEG:
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True)
    elif media_type is MediaType.PNG:
        image.save(out, "PNG", optimize=False)
    else:
        image.save(out, "WEBP", quality=90)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    """Return a JPEG of at most THUMBNAIL pixels; transparency is shown on white."""
    small = image.copy()
    small.thumbnail(THUMBNAIL)
    if small.mode in ("RGBA", "LA", "P"):
        small = small.convert("RGBA")
        background = Image.new("RGB", small.size, "white")
        background.paste(small, mask=small.getchannel("A"))
        small = background
    elif small.mode != "RGB":
        small = small.convert("RGB")
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()
