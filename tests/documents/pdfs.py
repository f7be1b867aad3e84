"""Reading rendered PDFs back: text per page and page sizes (pypdf), where each word sits (poppler).

pypdf reports a run's position only where it starts, and merges the runs of one line, so word
boxes come from poppler's pdftotext -bbox, the tool the project renders demo pages with.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

import pypdf

from tests.ci import skip_or_fail


@dataclass(frozen=True)
class Run:
    """One run of text as drawn on a page: its text, font and size in points."""

    text: str
    font: str
    size: float


@dataclass(frozen=True)
class Pdf:
    """A PDF as a reader sees it."""

    content: bytes
    pages: list[str]
    sizes: list[tuple[float, float]]

    @property
    def words(self) -> str:
        """Return all text with every run of white space made one space (wrapped lines rejoin)."""
        return squeeze("\n".join(self.pages))

    @property
    def squashed(self) -> str:
        """Return all text without any white space (for text a cell may wrap anywhere)."""
        return squash("\n".join(self.pages))

    def page_words(self, index: int) -> str:
        """Return one page's text with white space made one space."""
        return squeeze(self.pages[index])

    def between(self, start: str, end: str) -> str:
        """Return the text between the first `start` and the next `end` (whitespace squeezed)."""
        words = self.words
        assert start in words, f"{start!r} is not in the PDF"
        begin = words.index(start) + len(start)
        assert end in words[begin:], f"{end!r} does not follow {start!r} in the PDF"
        return words[begin:words.index(end, begin)]


def squeeze(text: str) -> str:
    """Return text with every run of white space made one space."""
    return " ".join(text.split())


def squash(text: str) -> str:
    """Return text without white space."""
    return "".join(text.split())


def read_pdf(content: bytes) -> Pdf:
    """Parse PDF bytes and extract each page's text and size."""
    assert content.startswith(b"%PDF-"), content[:20]
    reader = pypdf.PdfReader(io.BytesIO(content))
    return Pdf(content, [page.extract_text() for page in reader.pages],
               [(round(float(page.mediabox.width)), round(float(page.mediabox.height)))
                for page in reader.pages])


def runs(content: bytes, index: int) -> list[Run]:
    """Return the text runs of one page (a run changes with the font or the line) and their sizes."""
    page = pypdf.PdfReader(io.BytesIO(content)).pages[index]
    found: list[Run] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            name = str(font.get("/BaseFont", "")) if font else ""
            found.append(Run(text.strip("\n"), name.split("+")[-1], size * tm[0] * cm[0]))

    page.extract_text(visitor_text=visit)
    return found


@dataclass(frozen=True)
class Word:
    """One word as drawn on a page: its text and box in points, y growing downwards."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def words(content: bytes, page: int) -> list[Word]:
    """Return the words of one page (0-based) with their boxes, as poppler's pdftotext sees them."""
    if shutil.which("pdftotext") is None:
        message = "pdftotext (poppler-utils) is not installed: `make test` installs it when run as root"
        skip_or_fail(message)
    result = subprocess.run(["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), "-", "-"],
                            input=content, capture_output=True, check=True)
    root = ElementTree.fromstring(result.stdout)
    return [Word(node.text or "", *(float(node.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
            for node in root.iter("{http://www.w3.org/1999/xhtml}word")]


@dataclass(frozen=True)
class Font:
    """One font of a PDF as poppler's pdffonts lists it."""

    name: str
    type: str
    embedded: bool


def fonts(content: bytes) -> list[Font]:
    """Return every font the PDF uses, as poppler's pdffonts reports it (name, type, emb)."""
    if shutil.which("pdffonts") is None:
        skip_or_fail("pdffonts (poppler-utils) is not installed: `make test` installs it when run as root")
    result = subprocess.run(["pdffonts", "-"], input=content, capture_output=True, check=True)
    lines = result.stdout.decode().splitlines()
    assert lines[0].split()[:3] == ["name", "type", "encoding"], lines[:2]
    # Columns are fixed-width under a rule of dashes; a type may hold a space ("Type 1").
    spans, start = [], 0
    for dashes in lines[1].split(" "):
        spans.append((start, start + len(dashes)))
        start += len(dashes) + 1
    found = []
    for line in lines[2:]:
        name, kind, _, emb = (line[a:b].strip() for a, b in spans[:4])
        assert emb in ("yes", "no"), line
        found.append(Font(name, kind, emb == "yes"))
    return found
