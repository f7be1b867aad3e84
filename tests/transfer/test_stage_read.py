"""Reading, the first stage of an import: headings to columns, rows as read, rows gathered by shipment."""
from __future__ import annotations

from datetime import date

from logistics.domain.import_rows import RawShipment, group_shipments, read_columns, read_rows
from logistics.domain.package_rows import read_package_columns
from logistics.domain.transfer import Refusal
from tests.transfer.files import row
from tests.transfer.stages import raw_shipments


def test_headings_as_people_write_them_name_the_columns_and_unknown_ones_are_ignored():
    columns = read_columns(["Reference", "Line no", "SKU", "qty", "Remarks", ""])

    assert dict(columns.positions) == {"reference": 0, "line_no": 1, "sku": 2, "quantity": 3}
    assert columns.ignored == ("Remarks",)


def test_a_missing_column_is_refused_on_the_heading_row_naming_what_is_missing():
    (refusal,) = read_columns(["reference", "sku"]).refusals

    assert (refusal.row, refusal.column) == (1, None)
    assert refusal.reason.startswith("missing columns") and "counterparty" in refusal.value


def test_a_column_written_twice_is_refused():
    refusals = read_columns(["reference", "SKU", "sku"]).refusals

    assert (refusals[0].row, refusals[0].column, refusals[0].value) == (1, "sku", "sku")


def test_the_packages_sheet_refuses_its_repeated_and_missing_columns_naming_the_sheet():
    columns = read_package_columns(["Reference", "Package", "package", "Remarks"])

    assert dict(columns.positions) == {"reference": 0, "package": 1}
    assert columns.ignored == ("Remarks",)
    twice, missing = columns.refusals
    assert (twice.row, twice.column, twice.value, twice.sheet) == (1, "package", "package", "Packages")
    assert (missing.column, missing.value, missing.sheet) == (None, "type", "Packages")
    assert missing.reason.startswith("missing column: the Packages sheet names the columns reference, package")


def test_cells_are_trimmed_blank_rows_skipped_and_short_rows_read_as_empty_cells():
    columns = read_columns(["reference", "sku", "lot"])
    sheet = [(2, ["  IMP-1 ", " PPE-COV", ""]), (3, ["", "  ", ""]), (4, ["IMP-1"]), (5, [])]

    rows = list(read_rows(sheet, columns))

    assert [(r.number, dict(r.cells)) for r in rows] == [
        (2, {"reference": "IMP-1", "sku": "PPE-COV", "lot": ""}),
        (4, {"reference": "IMP-1", "sku": "", "lot": ""})]


def test_a_cell_an_export_escaped_is_read_back_as_it_was_and_dates_stay_dates():
    columns = read_columns(["reference", "notes", "carrier", "planned_departure"])

    (read,) = read_rows([(2, ["IMP-1", "'=SUM(A1)", "'Acme", date(2020, 3, 2)])], columns)

    assert dict(read.cells) == {"reference": "IMP-1", "notes": "=SUM(A1)", "carrier": "'Acme",
                                "planned_departure": date(2020, 3, 2)}


def test_a_row_knows_whether_it_has_a_line_and_carries_its_shipment_cells_for_comparing():
    with_line, without = raw_shipments([row(), row(reference="IMP-2", line_no="", sku="", quantity="",
                                                   unit="")])

    assert with_line.rows[0].has_line and not without.rows[0].has_line
    assert with_line.rows[0].header == raw_shipments([row(line_no="2", sku="RICE")])[0].rows[0].header


def test_consecutive_rows_of_one_reference_in_any_case_make_one_shipment():
    found = raw_shipments([row(reference="imp-1"), row(reference="IMP-1", line_no="2"),
                           row(reference="IMP-2")])

    assert [(s.reference, [r.number for r in s.rows]) for s in found] == [("IMP-1", [2, 3]), ("IMP-2", [4])]


def test_rows_of_a_shipment_apart_from_the_others_are_refused_and_the_rest_kept():
    found = raw_shipments([row(reference="IMP-A"), row(reference="IMP-B"),
                           row(reference="IMP-A", line_no="2"), row(reference="IMP-B", line_no="2")])

    assert [s.reference if isinstance(s, RawShipment) else (s.row, s.column) for s in found] == [
        "IMP-A", "IMP-B", (4, "reference"), (5, "reference")]
    assert "first appears in row 2" in found[2].reason


def test_a_row_without_a_reference_is_refused_and_does_not_split_its_neighbours():
    found = raw_shipments([row(line_no="1"), row(reference=""), row(line_no="2")])

    assert isinstance(found[0], Refusal) and (found[0].row, found[0].column) == (3, "reference")
    assert [r.number for r in found[1].rows] == [2, 4]


def test_grouping_reads_lazily_so_a_sheet_is_never_held_whole():
    def endless():
        number = 1
        while True:
            number += 1
            yield number, [f"IMP-{number // 3}"]

    shipments = group_shipments(read_rows(endless(), read_columns(["reference"])))

    assert next(shipments).reference == "IMP-0" and next(shipments).reference == "IMP-1"
