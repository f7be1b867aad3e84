"""Packages read back: the export's Packages sheet (or its CSV of packages) imports into an empty database."""
from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from logistics import db
from logistics.domain.access import SYSTEM
from logistics.services import exports, package_exports
from logistics.services.package_reads import shipment_packages
from logistics.transfer import import_file
from logistics.unit_of_work import writing

PREFIX = "4012345"
PALLETS = {"type": "pallet", "count": 2, "gross_mass": "310.5 kg", "dimensions_mm": [1200, 800, 1500],
           "children": [{"type": "carton", "count": 3, "gross_mass": "7.25 kg", "dimensions_mm": [600, 400, 400],
                         "contents": [{"line_no": 1, "quantity": "4 box"}, {"line_no": 2, "quantity": "1 carton"}]}]}


@pytest.fixture
def packed(app, make, catalogue, monkeypatch):
    """Two shipments: one packed as pallets of cartons with SSCCs, one with internal numbers, one box loose."""
    monkeypatch.setitem(app.config, "GS1_COMPANY_PREFIX", PREFIX)
    first = make.shipment(catalogue["krak"], [("PPE-COV", "4,000 piece"), ("PPE-N95", "20 carton")],
                          reference="PK-SSCC")
    make.packages(first, PALLETS, PREFIX)
    second = make.shipment(catalogue["brat"], [("GEL", "250.5 L")], reference="PK-PLAIN", status="confirmed")
    make.packages(second, {"type": "drum", "count": 2, "contents": [{"line_no": 1, "quantity": "100 L"}]})
    make.packages(second, {"type": "box"})  # weighed by nobody, holding nothing
    return first, second


def _export(app, kind: str) -> bytes:
    with app.app_context(), db.new_session(app) as session:
        if kind == "csv":
            return "".join(package_exports.export_packages_csv(session, SYSTEM, {})).encode()
        buffer = io.BytesIO()
        exports.export_xlsx(session, SYSTEM, {}, buffer)
        return buffer.getvalue()


def _package_rows(app) -> list[list]:
    with app.app_context(), db.new_session(app) as session:
        return [[str(cell) if cell is not None else None for cell in row]
                for row in package_exports.package_rows(session, SYSTEM, {})]


def _empty(app) -> None:
    with app.app_context(), db.new_session(app) as session, writing(session):
        for table in ("package_contents", "packages", "sscc_counters", "document_prints", "shipment_events",
                      "shipment_lines", "shipments"):
            session.execute(text(f"DELETE FROM {table}"))


def _shipments_csv(app) -> bytes:
    with app.app_context(), db.new_session(app) as session:
        return "".join(exports.export_csv(session, SYSTEM, {})).encode()


def test_a_workbook_export_imports_into_an_empty_database_with_the_same_packages(app, packed, run_import):
    before = _package_rows(app)
    workbook = _export(app, "xlsx")
    _empty(app)

    report = run_import(workbook, filename="export.xlsx")

    assert report.accepted, report.refusals
    assert (report.shipments_created, report.packages_created) == (2, 11)
    assert _package_rows(app) == before
    assert [row[4] for row in before[:3]] == [None, before[0][1], before[0][1]]  # cartons on their pallet
    # Exported again, the same sheet.
    again = load_workbook(io.BytesIO(_export(app, "xlsx")), read_only=True)["Packages"]
    first = load_workbook(io.BytesIO(workbook), read_only=True)["Packages"]
    assert [list(r) for r in again.iter_rows(values_only=True)] == [list(r) for r in first.iter_rows(values_only=True)]


def test_the_packages_csv_imports_after_the_shipments_csv_and_again_changes_nothing(app, packed, run_import):
    before, shipments, packages = _package_rows(app), _shipments_csv(app), _export(app, "csv")
    _empty(app)

    assert run_import(shipments).accepted
    report = run_import(packages, filename="packages.csv")
    assert report.accepted, report.refusals
    assert report.packages_created == 11 and _package_rows(app) == before

    again = run_import(packages, filename="packages.csv")
    assert again.accepted and (again.packages_created, again.packages_unchanged) == (0, 11)
    assert _package_rows(app) == before


def test_after_an_import_new_packages_get_new_numbers_and_ssccs(app, make, packed, staff):
    workbook = _export(app, "xlsx")
    numbers = {row[1] for row in _package_rows(app)}
    _empty(app)
    with app.app_context(), db.new_session(app) as session:  # as the API, CLI and pages call it
        assert import_file(session, staff, io.BytesIO(workbook), "export.xlsx", company_prefix=PREFIX).accepted

    plain = make.packages(SimpleNamespace(reference="PK-PLAIN"), {"type": "box", "count": 2})
    sscc = make.packages(SimpleNamespace(reference="PK-SSCC"), {"type": "box"}, PREFIX)

    with app.app_context(), db.new_session(app) as session:
        assert len(shipment_packages(session, SYSTEM, "PK-PLAIN").packages) == 5
    assert not (set(plain) | set(sscc)) & numbers and len(set(plain) | set(sscc)) == 3


def test_a_dry_run_checks_the_packages_and_writes_nothing(app, packed, run_import, stored):
    workbook = _export(app, "xlsx")
    _empty(app)

    report = run_import(workbook, filename="export.xlsx", dry_run=True)

    assert report.accepted and report.packages_created == 11
    assert stored() == {} and _package_rows(app) == []


def _workbook(shipments: bytes, rows: list[list]) -> bytes:
    """Return a workbook whose first sheet is the shipments CSV's rows and whose second is these package rows."""
    import csv

    book = Workbook()
    sheet = book.active
    sheet.title = "Shipments"
    for row in csv.reader(io.StringIO(shipments.decode("utf-8-sig"))):
        sheet.append(row)
    packages = book.create_sheet("Packages")
    packages.append(list(package_exports.PACKAGE_COLUMNS))
    for row in rows:
        packages.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BAD_ROWS = [
    (["PK-PLAIN", "PKG-00000900", None, "crate", None, "12 piece", None, None, None, 1, "10 L"], 2, "gross_mass"),
    (["PK-PLAIN", "PKG-00000901", None, "sack", None, None, None, None, None, 1, "10 L"], 2, "type"),
    (["PK-PLAIN", "PKG-00000902", None, "crate", None, None, "1200", "800", None, 1, "10 L"], 2, "height_mm"),
    (["PK-PLAIN", "PKG-00000903", None, "crate", None, None, None, None, None, 7, "10 L"], 2, "line_no"),
    (["PK-PLAIN", "PKG-00000904", None, "crate", None, None, None, None, None, 1, "9000 L"], 2, "quantity"),
    (["PK-PLAIN", "PKG-00000905", None, "crate", "PKG-99999999", None, None, None, None, 1, "1 L"], 2, "parent"),
    (["PK-NOPE", "PKG-00000906", None, "crate", None, None, None, None, None, 1, "1 L"], 2, "reference"),
    (["PK-PLAIN", "BOX-1", None, "crate", None, None, None, None, None, 1, "1 L"], 2, "package"),
    (["PK-PLAIN", "PKG-00000907", "123456789012345678", "crate", None, None, None, None, None, 1, "1 L"], 2,
     "sscc"),
    (["PK-PLAIN", "PKG-00000908", None, "crate", None, None, None, None, None, 1, "1 kg"], 2, "quantity"),
    # a formula saved without its result (openpyxl saves it so) read as an empty cell: no mass, accepted
    (["PK-PLAIN", "PKG-00000909", None, "crate", None, "=3.5*2", None, None, None, 1, "1 L"], 2, "gross_mass"),
]


@pytest.mark.parametrize("row, number, column", BAD_ROWS, ids=[case[2] + str(i) for i, case in enumerate(BAD_ROWS)])
def test_a_bad_package_row_is_refused_naming_sheet_row_and_column_and_nothing_is_stored(
        app, packed, run_import, stored, row, number, column):
    shipments = _shipments_csv(app)
    _empty(app)

    report = run_import(_workbook(shipments, [row]), filename="bad.xlsx")

    assert not report.accepted
    [refusal] = report.refusals
    assert (refusal.sheet, refusal.row, refusal.column) == ("Packages", number, column), refusal
    assert refusal.as_dict()["sheet"] == "Packages" and len(refusal.reason) < 500
    assert str(refusal).startswith(f"sheet Packages, row {number}, {column}")
    assert stored() == {} and _package_rows(app) == []  # the shipments were rolled back too


def test_a_package_rows_cells_must_agree_and_its_rows_be_together(app, packed, run_import, stored):
    shipments = _shipments_csv(app)
    _empty(app)
    rows = [["PK-SSCC", "PKG-00000900", None, "carton", None, "7 kg", None, None, None, 1, "1 box"],
            ["PK-SSCC", "PKG-00000900", None, "carton", None, "8 kg", None, None, None, 2, "1 carton"],
            ["PK-SSCC", "PKG-00000901", None, "carton", None, None, None, None, None, None, None],
            ["PK-SSCC", "PKG-00000900", None, "carton", None, "7 kg", None, None, None, None, None]]

    report = run_import(_workbook(shipments, rows), filename="bad.xlsx")

    assert [(r.row, r.column) for r in report.refusals] == [(3, "gross_mass"), (5, "package")]
    assert stored() == {}


def test_packages_nest_at_most_three_deep_and_never_in_a_circle(app, packed, run_import):
    shipments = _shipments_csv(app)
    _empty(app)
    row = ["PK-SSCC", None, None, "box", None, None, None, None, None, None, None]
    chain = [[*row[:1], f"PKG-0000091{n}", None, "box", f"PKG-0000091{n - 1}" if n else None, *row[5:]]
             for n in range(4)]
    circle = [[*row[:1], "PKG-00000920", None, "box", "PKG-00000921", *row[5:]],
              [*row[:1], "PKG-00000921", None, "box", "PKG-00000920", *row[5:]]]

    report = run_import(_workbook(shipments, chain + circle), filename="bad.xlsx")

    assert {(r.row, r.column) for r in report.refusals} == {(5, "parent"), (6, "parent"), (7, "parent")}


def test_a_stored_shipment_past_confirmed_takes_no_new_packages(app, make, catalogue, packed, run_import):
    make.shipment(catalogue["krak"], [("PPE-COV", "1 piece")], reference="PK-GONE", status="in_transit")
    rows = "reference,package,type,line_no,quantity\r\nPK-GONE,PKG-00000950,box,1,1 piece\r\n".encode()

    report = run_import(rows, filename="packages.csv")

    assert [(r.sheet, r.row, r.column) for r in report.refusals] == [("Packages", 2, "reference")]
    assert "in_transit" in report.refusals[0].reason


def test_the_api_names_the_packages_sheet_of_a_refused_cell_and_imports_a_good_one(app, make, packed):
    shipments = _shipments_csv(app)
    _empty(app)
    bad = _workbook(shipments, [["PK-PLAIN", "PKG-00000901", None, "sack", None, None, None, None, None, 1, "1 L"]])

    response = make.api("staff").post("/api/v1/shipments/import", data={"file": (io.BytesIO(bad), "bad.xlsx")},
                                      content_type="multipart/form-data")

    assert response.status_code == 422
    body = response.get_json()
    assert [{k: r[k] for k in ("sheet", "row", "column")} for r in body["refusals"]] == [
        {"sheet": "Packages", "row": 2, "column": "type"}]
    good = make.api("staff").post("/api/v1/shipments/import", data={"file": (io.BytesIO(_workbook(shipments, [
        ["PK-PLAIN", "PKG-00000901", None, "crate", None, "12.5 kg", None, None, None, 1, "1 L"]])), "ok.xlsx")},
        content_type="multipart/form-data")
    assert good.status_code == 200 and good.get_json()["packages_created"] == 1, good.get_json()
