"""Hostile spreadsheets: broken or oversized workbooks and CSV files are refused clearly, cheaply, writing nothing.

Each case goes through the API and the import page (and some through the command line), on
both backends. The limits are lowered through the app's config so that the files stay small,
except where a real-sized file is cheap to make.
"""
from __future__ import annotations

import io
import json

import pytest

from tests.transfer.files import HEADINGS, csv_bytes, row
from tests.transfer.workbooks import (
    GOOD_STYLES,
    MAIN,
    SHEET,
    corrupted,
    password_protected,
    patched,
    sheet_rows,
    workbook,
)
from tests.web.conftest import signed_in  # noqa: F401 - the page's signed-in browser, as a fixture here
from tests.web.pages import form_with_button, submission, text_of

NOT_READ = "the file could not be read as an XLSX workbook: "


@pytest.fixture(params=["api", "page"])
def send(request, make, catalogue, signed_in):  # noqa: F811
    """Return a callable that uploads a file as staff, through the API or the page, and returns (status, text)."""
    if request.param == "api":
        client = make.api("staff")

        def through_api(data: bytes, filename: str):
            response = client.post("/api/v1/shipments/import",
                                   data={"file": (io.BytesIO(data), filename)},
                                   content_type="multipart/form-data")
            body = response.get_data(as_text=True)
            assert response.is_json, body[:500]
            return response.status_code, body

        return through_api
    browser = signed_in("staff")

    def through_page(data: bytes, filename: str):
        page = browser.get("/shipments/import")
        fields = submission(form_with_button(page.get_data(as_text=True), "Import"), "Import", drop=("dry_run",))
        fields.add("file", (io.BytesIO(data), filename))
        response = browser.post("/shipments/import", data=fields, content_type="multipart/form-data")
        return response.status_code, text_of(response.get_data(as_text=True))

    return through_page


@pytest.fixture
def limits(app, monkeypatch):
    """Return a callable that lowers import limits (``IMPORT_MAX_*`` settings) for this test."""

    def lower(**settings):
        for key, value in settings.items():
            monkeypatch.setitem(app.config, f"IMPORT_MAX_{key.upper()}", value)

    return lower


def refused(send, stored, data: bytes, filename: str, *expected: str) -> str:
    """Upload, and check the answer is a 4xx that says each expected thing, is short, and wrote nothing."""
    status, text = send(data, filename)
    assert 400 <= status < 500, text[:2000]
    for said in expected:
        assert said in text, text[:2000]
    assert len(text) < 20_000, len(text)
    assert stored() == {}
    return text


def test_a_good_workbook_written_part_by_part_imports(send, stored):
    status, text = send(workbook(), "march.xlsx")

    assert status == 200, text[:2000]
    assert len(stored()["IMP-0001"]["lines"]) == 1


BROKEN = {
    "malformed styles.xml": lambda: workbook(styles=GOOD_STYLES.replace("</cellXfs>", "")),
    "styles.xml of wrong values": lambda: workbook(styles=GOOD_STYLES.replace(
        '<cellXfs count="1"><xf numFmtId="0"', '<cellXfs count="1"><xf numFmtId="lots"')),
    "a corrupt deflate stream": lambda: corrupted(workbook(rows=sheet_rows([row()] * 200)), SHEET),
    "an encrypted part": lambda: patched(workbook(), SHEET, flag_bits=0x1),
    "an unknown compression method": lambda: patched(workbook(), SHEET, method=99),
    "a part that says it is smaller than it is": lambda: patched(workbook(), SHEET, declared_size=100),
    "a zip without a workbook": lambda: workbook(parts={"[Content_Types].xml": "<Types/>"}),
    "a zip with no [Content_Types].xml": lambda: _zip({"hello.txt": "not a workbook"}),
    "a workbook cut in half": lambda: workbook()[:1500],
    "a non-zip named .xlsx": lambda: b"reference,direction\n" + b"\x00\x01" * 400,
    "XML entities": lambda: workbook(parts={SHEET: '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">'
                                                   '<!ENTITY b "&a;&a;&a;&a;">]><worksheet/>'}),
    "a worksheet that is not XML": lambda: workbook(parts={SHEET: "<worksheet><sheetData><row>"}),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_workbook_is_refused_clearly(case, send, stored):
    refused(send, stored, BROKEN[case](), "broken.xlsx", NOT_READ)


def test_a_password_protected_workbook_is_refused_with_what_to_do(send, stored):
    refused(send, stored, password_protected(), "secret.xlsx", NOT_READ, "password")


def test_a_zip_bomb_is_refused_from_its_directory(send, stored, limits):
    limits(xlsx_mb=1)
    bomb = workbook(rows=sheet_rows([row()]) + "<row r=\"3\"/>" + " " * (2 << 20))

    refused(send, stored, bomb, "bomb.xlsx", NOT_READ, "more than 1 MB", "LOGISTICS_IMPORT_MAX_XLSX_MB")


def test_a_zip_bomb_whose_headers_lie_is_refused_while_streaming(send, stored, limits):
    limits(xlsx_mb=1)
    bomb = patched(workbook(rows=sheet_rows([row()]) + " " * (2 << 20)), SHEET, declared_size=1000)

    refused(send, stored, bomb, "bomb.xlsx", NOT_READ)


def test_a_real_zip_bomb_of_300_mb_is_refused(send, stored):
    bomb = workbook(rows=sheet_rows([row()]) + " " * (300 << 20))  # 300 KB compressed

    refused(send, stored, bomb, "bomb.xlsx", NOT_READ, "more than 256 MB")


def test_an_xlsx_cell_longer_than_the_cell_limit_is_refused_with_an_excerpt(send, stored, limits):
    limits(cell_chars=1_000)

    text = refused(send, stored, workbook(rows=sheet_rows([row(notes="n" * 1_500)])), "long.xlsx",
                   "longer than 1,000 characters", "LOGISTICS_IMPORT_MAX_CELL_CHARS", "notes")

    assert "n" * 81 not in text and "1,500 characters" in text


def test_an_xlsx_text_far_past_the_cell_limit_is_refused_before_it_is_parsed(send, stored, limits):
    limits(cell_chars=1_000)

    refused(send, stored, workbook(rows=sheet_rows([row(notes="n" * 50_000)])), "long.xlsx",
            NOT_READ, "longer than a cell may be")


def test_a_real_200_mib_cell_is_refused_without_reading_it(send, stored):
    data = workbook(rows=sheet_rows([row()]) + '<row r="3"><c r="A3" t="inlineStr"><is><t>'
                    + "x" * (200 << 20) + "</t></is></c></row>")

    refused(send, stored, data, "giant-cell.xlsx", NOT_READ, "longer than a cell may be")


def test_a_csv_cell_longer_than_the_cell_limit_is_refused_with_an_excerpt(send, stored, limits):
    limits(cell_chars=1_000)

    text = refused(send, stored, csv_bytes([row(notes="n" * 1_500)]), "long.csv",
                   "longer than 1,000 characters", "notes")

    assert "n" * 81 not in text


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_more_rows_than_the_limit_are_refused(kind, send, stored, limits):
    limits(rows=5)
    lines = [row(line_no=str(n)) for n in range(1, 7)]
    data = csv_bytes(lines) if kind == "csv" else workbook(rows=sheet_rows(lines))

    refused(send, stored, data, f"many.{kind}", "more than 5 rows", "LOGISTICS_IMPORT_MAX_ROWS")


def test_a_workbook_past_the_row_limit_is_refused_when_opened_before_any_row_is_read():
    from logistics.domain.transfer import ImportLimits
    from logistics.services.spreadsheets import FileRefused
    from logistics.services.workbooks import open_xlsx

    # As Excel writes it, with a <dimension>, so that opening reads only the sheet's first steps:
    # 3,000 rows span many of the reader's 16 KiB steps, and only counting them first refuses at opening.
    rows = sheet_rows([row(line_no=str(n)) for n in range(1, 3_001)])
    data = workbook(parts={SHEET: f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><dimension ref="A1:N3001"/>'
                                  f'<sheetData>{rows}</sheetData></worksheet>'})

    with pytest.raises(FileRefused) as raised:
        open_xlsx(io.BytesIO(data), ImportLimits(max_rows=2_000))
    assert "more than 2,000 rows" in raised.value.refusal.reason
    assert open_xlsx(io.BytesIO(data), ImportLimits(max_rows=3_000)).headings[0] == "reference"


def test_a_workbook_whose_last_row_is_a_million_rows_down_is_refused(send, stored):
    data = workbook(rows=sheet_rows([row()]) + '<row r="1048576"><c r="A1048576"><v>1</v></c></row>')

    refused(send, stored, data, "far.xlsx", "more than 200,000 rows")


def test_a_lying_dimension_does_not_pad_every_row(send, stored):
    rows = sheet_rows([row(), row(line_no="2")])
    data = workbook(parts={SHEET: '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                                  'spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>'
                                  f'{rows}</sheetData></worksheet>'})

    status, text = send(data, "dimension.xlsx")

    assert status == 200, text[:2000]
    assert len(stored()["IMP-0001"]["lines"]) == 2


def test_more_shared_strings_than_the_limit_are_refused(send, stored, limits):
    limits(shared_strings=10)

    refused(send, stored, workbook(strings=[f"unused {n}" for n in range(11)]), "strings.xlsx",
            NOT_READ, "more than 10 shared strings", "LOGISTICS_IMPORT_MAX_SHARED_STRINGS")


def test_shared_strings_a_sheet_uses_are_read(send, stored):
    heading = "".join(f'<c r="{chr(65 + i) if i < 26 else "A" + chr(39 + i)}1" t="s"><v>{i}</v></c>'
                      for i, _ in enumerate(HEADINGS))
    rows = f'<row r="1">{heading}</row>' + sheet_rows([row()]).split("</row>", 1)[1]

    status, text = send(workbook(rows=rows, strings=list(HEADINGS)), "strings.xlsx")

    assert status == 200, text[:2000]


def test_a_row_of_more_cells_than_excel_allows_is_refused(send, stored):
    cells = "".join("<c><v>1</v></c>" for _ in range(16_385))

    refused(send, stored, workbook(rows=sheet_rows([row()]) + f'<row r="3">{cells}</row>'), "wide.xlsx",
            NOT_READ, "more than 16,384 cells")


def test_a_report_lists_the_first_refusals_and_counts_them_all(send, stored, limits):
    limits(refusals=3)
    lines = [row(reference=f"IMP-{n:04d}", quantity="q" * 5_000) for n in range(1, 11)]

    text = refused(send, stored, csv_bytes(lines), "bad.csv", "10 problems", "the first 3 are listed")

    assert "q" * 81 not in text
    if text.startswith("{"):
        body = json.loads(text)
        assert (body["refusal_count"], len(body["refusals"])) == (10, 3)
        assert [r["row"] for r in body["refusals"]] == [2, 3, 4]
        assert all(len(r["value"]) < 120 and len(r["reason"]) <= 520 for r in body["refusals"])
    else:
        assert "and 7 more" in text


def test_the_command_line_lists_the_first_refusals_and_counts_the_rest(runner, catalogue, stored, limits,
                                                                        tmp_path):
    limits(refusals=2)
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([row(reference=f"IMP-{n:04d}", sku="NOPE") for n in range(1, 6)]))

    result = runner.invoke(args=["import", str(path)])

    assert result.exit_code == 1
    assert "row 2, sku" in result.stderr and "row 3, sku" in result.stderr and "row 4" not in result.stderr
    assert "… and 3 more" in result.stderr
    assert stored() == {}


def test_the_command_line_refuses_a_broken_workbook(runner, catalogue, stored, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(patched(workbook(), SHEET, method=99))

    result = runner.invoke(args=["import", str(path)])

    assert result.exit_code == 1 and NOT_READ in result.stderr and "method 99" in result.stderr
    assert stored() == {}


def test_unknown_headings_are_named_cut_short_and_counted(run_import, catalogue):
    headings = HEADINGS + [f"extra {n} " + "h" * 200 for n in range(150)]

    report = run_import(csv_bytes([row()], headings=headings))

    assert report.accepted and report.ignored_column_count == 150 and len(report.ignored_columns) == 100
    assert all(len(heading) < 120 for heading in report.ignored_columns)


def test_limits_are_set_from_the_environment():
    from logistics.config import from_environment

    settings = from_environment({"LOGISTICS_IMPORT_MAX_ROWS": "1_000", "LOGISTICS_IMPORT_MAX_XLSX_MB": "0.5",
                                 "LOGISTICS_IMPORT_MAX_CELL_CHARS": "500",
                                 "LOGISTICS_IMPORT_MAX_SHARED_STRINGS": "20",
                                 "LOGISTICS_IMPORT_MAX_REFUSALS": "7"})

    assert settings == {"IMPORT_MAX_ROWS": 1_000, "IMPORT_MAX_XLSX_MB": 0.5, "IMPORT_MAX_CELL_CHARS": 500,
                        "IMPORT_MAX_SHARED_STRINGS": 20, "IMPORT_MAX_REFUSALS": 7}
    with pytest.raises(ValueError, match="LOGISTICS_IMPORT_MAX_ROWS is '-3': give a whole number, above 0"):
        from_environment({"LOGISTICS_IMPORT_MAX_ROWS": "-3"})


def _zip(parts: dict[str, str]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_shipment_of_more_rows_than_a_shipment_may_have_lines_is_refused_and_let_go(monkeypatch):
    from logistics.domain import import_rows
    from logistics.domain.import_rows import RawRow, RawShipment, group_shipments

    monkeypatch.setattr(import_rows, "MAX_LINES", 3)
    rows = [RawRow(n, {"reference": "A"}, (), True) for n in range(2, 9)] + [RawRow(9, {"reference": "B"}, (), True)]

    found = list(group_shipments(rows))

    assert [(f.row, f.column) for f in found if not isinstance(f, RawShipment)] == [(5, "reference")]
    assert "more than 3 rows" in found[0].reason
    assert [(s.reference, len(s.rows)) for s in found if isinstance(s, RawShipment)] == [("B", 1)]
