"""`logistics import` and `logistics export` on the command line."""
from __future__ import annotations

from sqlalchemy import select

from logistics import db
from logistics.models import AuditEntry
from tests.transfer.files import csv_bytes, row


def test_import_writes_the_file_and_says_what_it_did(runner, catalogue, stored, tmp_path):
    path = tmp_path / "march.csv"
    path.write_bytes(csv_bytes([row(), row(line_no="2", sku="RICE", quantity="22.5 t", unit="")]))

    result = runner.invoke(args=["import", str(path)])

    assert result.exit_code == 0, result.output
    assert "shipments: 1 new" in result.stdout and "lines: 2 new" in result.stdout
    assert [line["base_micro"] for line in stored()["IMP-0001"]["lines"]] == [10**9, 22_500 * 10**6]


def test_a_refused_file_exits_non_zero_and_lists_every_problem_on_stderr(runner, catalogue, stored, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([row(quantity="5 ton", unit=""), row(line_no="2", sku="NOPE")]))

    result = runner.invoke(args=["import", str(path)])

    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert "row 2, quantity: '5 ton'" in result.stderr and "row 3, sku: 'NOPE'" in result.stderr
    assert "IMP-0001" not in result.stdout
    assert stored() == {}


def test_a_file_that_is_not_a_sheet_exits_non_zero(runner, catalogue, tmp_path):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 100)

    result = runner.invoke(args=["import", str(path)])

    assert result.exit_code == 1 and "could not be read as an XLSX workbook: it is not a zip" in result.stderr


def test_dry_run_checks_and_writes_nothing(runner, catalogue, stored, tmp_path):
    path = tmp_path / "march.csv"
    path.write_bytes(csv_bytes([row()]))

    result = runner.invoke(args=["import", "--dry-run", str(path)])

    assert result.exit_code == 0, result.output
    assert "dry run: nothing was written" in result.stdout
    assert stored() == {}


def test_the_importer_named_with_as_is_recorded_in_the_audit_trail(app, make, runner, catalogue, tmp_path):
    user, _ = make.user("staff", email="ana@example.org")
    path = tmp_path / "march.csv"
    path.write_bytes(csv_bytes([row()]))

    result = runner.invoke(args=["import", "--as", "ana@example.org", str(path)])

    assert result.exit_code == 0, result.output
    with app.app_context(), db.new_session(app) as session:
        actors = set(session.scalars(select(AuditEntry.actor_email).where(AuditEntry.entity == "shipments")))
    assert actors == {"ana@example.org"}


def test_a_partner_named_with_as_may_not_import(make, runner, catalogue, stored, tmp_path):
    make.user("partner", catalogue["brat"], email="partner@example.org")
    path = tmp_path / "march.csv"
    path.write_bytes(csv_bytes([row()]))

    result = runner.invoke(args=["import", "--as", "partner@example.org", str(path)])

    assert result.exit_code == 1 and "may not import" in result.stderr
    assert stored() == {}


def test_export_writes_csv_or_xlsx_by_the_file_name_and_reads_back(runner, catalogue, stored, tmp_path):
    source = tmp_path / "march.csv"
    source.write_bytes(csv_bytes([row(), row(reference="IMP-0002", status="in_transit")]))
    assert runner.invoke(args=["import", str(source)]).exit_code == 0

    as_csv = runner.invoke(args=["export", str(tmp_path / "out.csv"), "--status", "in_transit"])
    as_xlsx = runner.invoke(args=["export", str(tmp_path / "out.xlsx")])
    again = runner.invoke(args=["import", str(tmp_path / "out.xlsx")])

    assert as_csv.exit_code == 0 and as_xlsx.exit_code == 0, as_csv.output + as_xlsx.output
    exported = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert "IMP-0002" in exported and "IMP-0001" not in exported
    assert (tmp_path / "out.xlsx").read_bytes()[:2] == b"PK"
    assert again.exit_code == 0 and "2 unchanged" in again.stdout


def test_export_refuses_a_file_name_it_cannot_tell_the_format_of(runner, tmp_path):
    result = runner.invoke(args=["export", str(tmp_path / "out.txt")])

    assert result.exit_code == 1 and ".csv or .xlsx" in result.stderr
    assert not (tmp_path / "out.txt").exists()
