"""Reading barcodes back from rendered PDFs: poppler renders a page to PNG, zbar decodes it."""
from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from tests.ci import skip_or_fail

ZBAR = "{http://zbar.sourceforge.net/2008/barcode}"


@dataclass(frozen=True)
class Symbol:
    """One decoded barcode: its symbology, data and zbar's modifiers (GS1: FNC1 in first position)."""

    type: str
    data: str
    modifiers: frozenset[str]


def render_page(content: bytes, page: int, folder: Path, dpi: int = 300) -> Path:
    """Render one page (0-based) of a PDF to a PNG with pdftoppm; return the PNG's path."""
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm (poppler-utils) is not installed: `make browser` installs it when run as root")
    source = folder / "document.pdf"
    source.write_bytes(content)
    stem = folder / f"page-{page + 1}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page + 1), "-l",
                    str(page + 1), str(source), str(stem)], check=True, capture_output=True)
    return stem.with_suffix(".png")


def decode(image: Path) -> list[Symbol]:
    """Return every barcode zbarimg finds in an image (QR codes and Code 128 alike)."""
    if shutil.which("zbarimg") is None:
        skip_or_fail("zbarimg (zbar-tools) is not installed: `make browser` installs it when run as root")
    result = subprocess.run(["zbarimg", "--xml", "-q", str(image)], capture_output=True)
    assert result.returncode in (0, 4), result.stderr  # 4: nothing found, which the caller's asserts report
    if result.returncode == 4:
        return []
    root = ElementTree.fromstring(result.stdout)
    return [Symbol(node.get("type", ""), (node.findtext(f"{ZBAR}data") or ""),
                   frozenset(filter(None, (node.get("modifiers") or "").split(","))))
            for node in root.iter(f"{ZBAR}symbol")]
