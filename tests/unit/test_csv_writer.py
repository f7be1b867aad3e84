"""The one CSV writer: the formula-escaping rule, how values become cells, the file's bytes."""
from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from logistics.csv_writer import cell_text, csv_chunks, csv_text, escape_cell, unescape_cell

FORMULAS = ["=SUM(A1:A9)", '=HYPERLINK("http://x")', "+420 601 123 456", "-7", "@risk", "\t=1+1",
            "\r=1+1", "'quoted", "'", "''", "'=already escaped"]
PLAIN = ["", "plain text", "a=b", "1+1", "e-mail", " =1+1", "Łódź", "沧州", "12.5"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_a_spreadsheet_could_run_gets_one_leading_apostrophe(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_other_text_is_written_as_it_is(text):
    assert escape_cell(text) == text


@pytest.mark.parametrize("text", FORMULAS + PLAIN)
def test_the_import_reads_back_exactly_what_was_escaped(text):
    assert unescape_cell(escape_cell(text)) == text


@pytest.mark.parametrize("text", ["'plain", "'", "'1"])
def test_an_apostrophe_the_writer_did_not_add_is_kept_on_reading(text):
    assert unescape_cell(text) == text


@pytest.mark.parametrize("value, cell", [
    (None, ""),
    (date(2026, 12, 1), "2026-12-01"),
    (datetime(2026, 4, 2, 8, 30, tzinfo=UTC), "2026-04-02T08:30:00+00:00"),
    (Decimal("22.50"), "22.5"),
    (Decimal("2.25E+4"), "22500"),
    (Decimal("-5"), "-5"),       # a number, never a formula: written as it is
    (-3, "-3"),
    (42, "42"),
    (True, "True"),
    ("-3", "'-3"),              # the same characters as text are escaped
    ("=1+1", "'=1+1"),
])
def test_values_become_cells_numbers_and_dates_as_they_are_text_escaped(value, cell):
    assert cell_text(value) == cell


def test_a_file_is_a_heading_row_then_rows_with_crlf_and_quoting_as_the_csv_module_does():
    text = csv_text(["name", "note"], [["Łódź, depot", 'says "hi"\nagain'], [None, "=1"]])

    assert text == 'name,note\r\n"Łódź, depot","says ""hi""\nagain"\r\n,\'=1\r\n'
    assert list(csv.reader(io.StringIO(text))) == [["name", "note"], ["Łódź, depot", 'says "hi"\nagain'],
                                                   ["", "'=1"]]


def test_a_bom_starts_the_file_only_when_asked():
    assert csv_text(["a"], [[1]], bom=True) == "\ufeffa\r\n1\r\n"
    assert csv_text(["a"], [[1]]) == "a\r\n1\r\n"


def test_a_long_file_comes_in_chunks_that_join_to_the_whole_file():
    rows = ([index, f"row {index}", Decimal(index) / 4] for index in range(20_000))

    chunks = list(csv_chunks(["id", "name", "amount"], rows))

    assert len(chunks) > 3 and all(len(chunk) < 70_000 for chunk in chunks)
    whole = "".join(chunks)
    assert whole == csv_text(["id", "name", "amount"],
                             ([index, f"row {index}", Decimal(index) / 4] for index in range(20_000)))
    assert whole.splitlines()[-1] == "19999,row 19999,4999.75"
