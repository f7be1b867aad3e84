"""The scan for formulas saved without their result: found across chunk seams, not for saved ones."""
from __future__ import annotations

import pytest

from logistics.services.workbook_formulas import FORMULA_SHOWN, FormulaScan, shown_formula

SAVED = [b'<c r="A2"><f>B2*10</f><v>40</v></c>', b'<c r="A2" t="str"><f>B2&amp;"x"</f><v>4x</v></c>',
         b'<x:c r="A2"><x:f>B2</x:f><x:v>4</x:v></x:c>', b'<c r="A2" t="inlineStr"><is><t>=B2</t></is></c>']
UNSAVED = [b'<c r="A2"><f>B2*10</f><v /></c>', b'<c r="A2"><f>B2*10</f></c>', b'<c r="A2"><f>B2</f><v></v></c>',
           b'<c r="A3"><f t="shared" si="0"/></c>', b'<x:c r="A2"><x:f>B2</x:f><x:v/></x:c>']


def _scan(*chunks: bytes) -> bool:
    scan = FormulaScan()
    for chunk in chunks:
        scan.feed(chunk)
    return scan.found


@pytest.mark.parametrize("cell", SAVED)
def test_a_formula_saved_with_its_result_or_text_that_looks_like_one_is_not_flagged(cell):
    assert not _scan(b"<row>" + cell + b"</row>")


@pytest.mark.parametrize("cell", UNSAVED)
def test_a_formula_saved_without_its_result_is_found_wherever_a_chunk_ends(cell):
    for cut in range(1, len(cell)):
        assert _scan(b"<row>" + b" " * 2000 + cell[:cut], cell[cut:] + b"</row>"), cut


def test_a_formula_is_shown_with_its_equals_sign_and_cut_to_forty_characters():
    assert shown_formula("B2*10") == "=B2*10"
    long = shown_formula("SUM(" + ",".join(f"B{n}" for n in range(100)) + ")")
    assert len(long) == FORMULA_SHOWN + 1 and long.startswith("=SUM(B0,B1,") and long.endswith("…")
