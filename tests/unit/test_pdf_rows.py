"""The fast row table: wrapping within a column, and splitting without losing or repeating rows."""
from __future__ import annotations

import pytest

from logistics.pdf.fonts import register
from logistics.pdf.rows import RowTable, Rows, measure, wrap


@pytest.fixture(autouse=True, scope="module")
def fonts():
    register()


@pytest.mark.parametrize("text", [
    "Emergency shelter kit: two reinforced tarpaulins 4 × 6 m, nails, claw hammer and rope",
    "Jednorázovýochrannýoblekčćđšžąćęłńóśźż" * 4,
    "医用一次性防护服 surgical masks 医用外科口罩" * 3,
])
def test_wrapped_lines_fit_the_column_and_keep_every_character(text):
    lines = wrap(text, 80)
    assert len(lines) > 1
    assert all(measure(line) <= 80 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_split_keeps_every_row_exactly_once_and_only_the_first_piece_has_the_header():
    rows = Rows(["#", "Item"], [30, 120], [True, False],
                [[str(i), "a long item name that wraps " * (i % 3)] for i in range(1, 401)])
    pieces, table = [], RowTable(rows, style={})
    while True:
        table.wrap(150, 500)
        parts = table.split(150, 500)
        if not parts:
            pieces.append(table)
            break
        first, table = parts
        first.wrap(150, 500)
        assert first.height <= 500
        pieces.append(first)
    covered = [i for piece in pieces for i in range(piece.start, piece.end)]
    assert covered == list(range(400))
    assert [piece.header for piece in pieces] == [True] + [False] * (len(pieces) - 1)
    assert len(pieces) > 5
