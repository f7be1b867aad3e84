"""Files as people really send them: XLSX, Excel's CSV variants, and files that are not sheets at all."""
from __future__ import annotations

import io
import os
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from tests.transfer.files import HEADINGS, csv_bytes, row


def xlsx_bytes(rows: list[list], headings: list[str] = HEADINGS) -> bytes:
    """Return a workbook typed the way a person fills one in: numbers as numbers, dates as dates."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cells(**changes) -> list:
    values = row(**changes)
    return [values.get(name, None) for name in HEADINGS]


def test_an_xlsx_with_typed_numbers_and_dates_imports_exactly(run_import, catalogue, stored):
    rows = [cells(line_no=1, quantity=1000, unit="piece", planned_departure=datetime(2020, 3, 2),
                  expiry=date(2027, 3, 31)),
            cells(line_no=2, sku="RICE", quantity=22.5, unit="t", planned_departure=datetime(2020, 3, 2)),
            cells(line_no=3, sku="GEL", quantity=0.1, unit="L", declared_value=1234.5, currency="EUR",
                  planned_departure=datetime(2020, 3, 2)),
            [None] * len(HEADINGS)]  # a blank row at the end, as sheets have

    report = run_import(xlsx_bytes(rows), filename="march.xlsx")

    assert report.accepted, report.refusals
    lines = stored()["IMP-0001"]["lines"]
    assert [(l["quantity_value"], l["base_micro"]) for l in lines] == [
        ("1000", 1000 * 10**6), ("22.5", 22_500 * 10**6), ("0.1", 100_000)]
    assert lines[0]["expiry"] == date(2027, 3, 31) and (lines[2]["value_minor"], lines[2]["currency"]) == (123450, "EUR")
    assert stored()["IMP-0001"]["planned_departure"] == date(2020, 3, 2)
    assert report.rows == 3


def test_a_date_with_a_time_of_day_is_refused_in_xlsx(run_import, catalogue):
    report = run_import(xlsx_bytes([cells(planned_departure=datetime(2020, 3, 2, 14, 30))]), "a.xlsx")

    assert [(r.row, r.column) for r in report.refusals] == [(2, "planned_departure")]


def test_a_date_cell_outside_the_window_is_refused_in_xlsx_naming_the_window(run_import, catalogue, stored):
    report = run_import(xlsx_bytes([cells(planned_departure=datetime(1900, 3, 2), expiry=date(2202, 3, 31))]),
                        "a.xlsx")

    refused = {r.column: r.reason for r in report.refusals}
    assert sorted(refused) == ["expiry", "planned_departure"] and all(r.row == 2 for r in report.refusals)
    assert all("from 2000-01-01 to 2100-12-31" in reason for reason in refused.values()), refused
    assert stored() == {}


LONG_FORMULA = "=SUM(" + ",".join(f"Prices!B{n}*Prices!C{n}" for n in range(1, 40)) + ")"


@pytest.mark.parametrize("column, formula", [("quantity", "=B2*10"), ("notes", LONG_FORMULA)])
def test_a_formula_without_its_result_is_refused_naming_the_cell_and_an_excerpt_of_it(
        run_import, catalogue, stored, column, formula):
    # openpyxl, like scripts and some converters, saves a formula without the value it last computed:
    # the cell reads as empty, so a required cell "needed a value" and an optional one went in blank.
    report = run_import(xlsx_bytes([cells(), cells(line_no=2, **{column: formula})]), "a.xlsx")

    assert [(r.sheet, r.row, r.column) for r in report.refusals] == [(None, 3, column)], report.refusals
    refusal = report.refusals[0]
    assert refusal.value.startswith(formula[:30]) and len(refusal.value) <= 41, refusal.value
    cell = f"{get_column_letter(HEADINGS.index(column) + 1)}3"
    assert f"cell {cell} holds the formula {formula[:30]}" in refusal.reason, refusal.reason
    assert len(formula) < 40 or formula not in refusal.reason.replace("…", "")  # never the whole of a long one
    assert "formula" in refusal.reason and "save the workbook with values" in refusal.reason, refusal.reason
    assert stored() == {}


def _with_formula_cell(column: str, cell: str) -> bytes:
    """Return a workbook of one row whose ``column`` cell is the XML given ({ref} is the cell's reference)."""
    from tests.transfer.workbooks import cells_xml, workbook

    values = [row(**{column: "FORMULA"}).get(name, "") for name in HEADINGS]
    at = f"{get_column_letter(HEADINGS.index(column) + 1)}2"
    line = cells_xml(2, values).replace(f'<c r="{at}" t="inlineStr"><is><t>FORMULA</t></is></c>',
                                        cell.format(ref=at))
    assert "<f>" in line
    return workbook(cells_xml(1, HEADINGS) + line)


def test_a_formula_with_its_result_saved_imports_the_result(run_import, catalogue, stored):
    report = run_import(_with_formula_cell("quantity", '<c r="{ref}"><f>B2*10</f><v>40</v></c>'), "a.xlsx")

    assert report.accepted, report.refusals
    assert stored()["IMP-0001"]["lines"][0]["quantity_value"] == "40"


@pytest.mark.parametrize("empty", ["<v></v>", "<v/>"])
def test_a_formula_whose_saved_result_is_an_empty_string_imports_as_a_blank_cell(
        run_import, catalogue, stored, empty):
    # Excel and LibreOffice save a formula giving "" (=IF(A2="","",A2)) as t="str" with an empty
    # value: a result, saved; the cell is blank, as it always imported.
    cell = '<c r="{ref}" t="str"><f>IF(A2="","",A2)</f>' + empty + '</c>'
    report = run_import(_with_formula_cell("notes", cell), "a.xlsx")

    assert report.accepted, report.refusals
    assert stored()["IMP-0001"]["notes"] in (None, "")


@pytest.mark.parametrize("encoding,delimiter", [("utf-8-sig", ";"), ("utf-16", "\t"), ("utf-8", ",")])
def test_excel_csv_variants_are_read(encoding, delimiter, run_import, catalogue, stored):
    data = csv_bytes([row(counterparty="Kraków Aid", destination_country="PL", notes="Żółć")],
                     encoding=encoding, delimiter=delimiter)

    report = run_import(data)

    assert report.accepted, report.refusals
    assert stored()["IMP-0001"]["notes"] == "Żółć"


def test_column_headings_may_be_written_as_people_write_them(run_import, catalogue, stored):
    headings = [name.replace("_", " ").title() for name in HEADINGS] + ["Remarks"]
    data = csv_bytes([row()], headings=headings)  # cells are looked up by the original names
    data = csv_bytes([dict(zip(headings, (row().get(name, "") for name in HEADINGS)))], headings=headings)

    report = run_import(data)

    assert report.accepted, report.refusals
    assert report.ignored_columns == ["Remarks"]


def _refusal(report) -> tuple:
    assert not report.accepted
    first = report.refusals[0]
    return first.row, first.column, first.reason


def test_a_file_that_is_not_a_spreadsheet_is_refused(run_import, catalogue, stored):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000)

    assert "not a CSV or XLSX" in _refusal(run_import(png, "photo.csv"))[2]
    assert stored() == {}


def test_a_pdf_or_prose_is_refused_for_its_missing_columns(run_import, catalogue):
    prose = "Dear colleagues,\nplease find the shipments below.\n".encode()

    row_no, column, reason = _refusal(run_import(prose, "letter.csv"))

    assert row_no == 1 and "missing columns" in reason and "reference" in reason


def test_a_file_in_a_windows_code_page_is_refused_with_what_to_do(run_import, catalogue, stored):
    data = csv_bytes([row(counterparty="Kraków Aid", destination_country="PL")], encoding="cp1250")

    row_no, _, reason = _refusal(run_import(data))

    assert row_no == 2 and "not UTF-8" in reason and "CSV UTF-8" in reason
    assert stored() == {}


def test_a_missing_column_is_named(run_import, catalogue):
    data = csv_bytes([row()], headings=[h for h in HEADINGS if h != "sku"])

    row_no, column, reason = _refusal(run_import(data))

    assert (row_no, column) == (1, None) and "missing column: " in reason and "sku" in reason


def test_a_column_twice_is_refused(run_import, catalogue):
    data = csv_bytes([row()], headings=HEADINGS + ["SKU"])

    assert _refusal(run_import(data))[:2] == (1, "sku")


def test_an_empty_file_is_refused(run_import, catalogue):
    assert "empty" in _refusal(run_import(b"", "empty.csv"))[2]


def test_an_old_binary_excel_file_is_refused_with_what_to_do(run_import, catalogue):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000)

    assert ".xlsx" in _refusal(run_import(ole, "old.xls"))[2]


def test_a_broken_workbook_is_refused(run_import, catalogue):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")

    assert "could not be read as an XLSX workbook" in _refusal(run_import(buffer.getvalue(), "a.xlsx"))[2]


def test_a_truncated_workbook_is_refused(run_import, catalogue):
    data = xlsx_bytes([cells()])

    assert not run_import(data[: len(data) // 2], "cut.xlsx").accepted


def test_a_50_mb_file_with_a_giant_row_is_refused(run_import, catalogue, stored):
    giant = csv_bytes([row()]).rstrip(b"\r\n") + b"," + b'"' + b"x" * (50 * 1024 * 1024) + b'"\r\n'

    row_no, _, reason = _refusal(run_import(giant))

    assert row_no == 2 and "longer than 4 MB" in reason
    assert stored() == {}


def test_a_cell_longer_than_any_sheet_needs_is_refused(run_import, catalogue, stored):
    long_cell = csv_bytes([row(notes="x" * 200_000)])

    row_no, _, reason = _refusal(run_import(long_cell))

    assert row_no == 2 and "longer than 131,072 characters" in reason
    assert stored() == {}


def test_a_50_mb_file_of_good_rows_is_read_as_a_stream(run_import, catalogue, stored):
    # Wide rows (a column the import ignores holds 53 kB each) keep the database work small.
    lines = [dict(row(reference=f"IMP-{n:06d}"), remarks="r" * 53_000) for n in range(1, 1_001)]
    lines[-1]["sku"] = "NOPE"  # refused at the very end: everything before is checked, then dropped
    data = csv_bytes(lines, headings=HEADINGS + ["remarks"])
    assert len(data) > 50 * 1024 * 1024

    report = run_import(data)

    assert report.rows == 1_000 and report.ignored_columns == ["remarks"]
    assert [(r.row, r.column) for r in report.refusals] == [(1_001, "sku")]
    assert stored() == {}

    lines[-1]["sku"] = "PPE-COV"
    assert run_import(csv_bytes(lines, headings=HEADINGS + ["remarks"])).accepted
    assert len(stored()) == 1_000


@pytest.mark.parametrize("notes", [None, "=A1*2"], ids=["values", "a formula without its result"])
def test_a_workbook_with_xml_entities_is_refused_not_expanded(run_import, catalogue, stored, notes):
    # with a formula saved alone, the sheet is parsed a second time to name it: entities refused there too
    source = io.BytesIO(xlsx_bytes([cells(notes=notes)]))
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w") as bomb:
        for entry in original.infolist():
            content = original.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                content = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "lol">' + laughs + "]>"
                           + content.decode().replace("<t>", "<t>&l9;", 1)).encode()
            bomb.writestr(entry, content)

    report = run_import(buffer.getvalue(), "laughs.xlsx")

    assert not report.accepted
    assert "could not be read as an XLSX workbook" in report.refusals[0].reason
    assert "declares XML entities" in report.refusals[0].reason
    assert stored() == {}
