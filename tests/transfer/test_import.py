"""Importing shipments from a spreadsheet: what is stored, idempotence, changes, all or nothing."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from logistics import db
from logistics.domain.audit import as_json
from logistics.models import AuditEntry, ShipmentEvent, ShipmentLine
from tests.transfer.files import csv_bytes, row

TWO_SHIPMENTS = [
    row(line_no="1", sku="PPE-COV", quantity="1,000", unit="piece", lot="L-7", expiry="2027-03-31",
        declared_value="4250.50", currency="eur"),
    row(line_no="2", sku="PPE-N95", quantity="3 carton", unit=""),
    row(line_no="3", sku="RICE", quantity="22.5", unit="t"),
    row(reference="imp-0002", direction="inbound", kind="purchase", counterparty="Zlín Textiles",
        origin_country="cz", destination_country="SK", status="in_transit", line_no="1", sku="GEL",
        quantity="250.5 L", unit="", planned_departure="2020-03-02", expected_arrival="2020-03-09",
        tracking_number="CZ123", transport_mode="Road", notes="=SUM(A1) is text, not a formula"),
]


def test_a_csv_file_creates_its_shipments_and_lines_with_exact_quantities(run_import, catalogue, stored):
    report = run_import(csv_bytes(TWO_SHIPMENTS))

    assert report.accepted, report.refusals
    assert (report.rows, report.shipments_created, report.lines_created) == (4, 2, 4)
    shipments = stored()
    first, second = shipments["IMP-0001"], shipments["IMP-0002"]
    assert first["status"] == "draft" and first["counterparty_id"] == catalogue["brat"].id
    assert [(line["line_no"], line["quantity_value"], line["quantity_unit"], line["base_micro"],
             line["base_unit"]) for line in first["lines"]] == [
        (1, "1000", "piece", 1000 * 10**6, "piece"),
        (2, "3", "carton", 3 * 24 * 20 * 10**6, "piece"),
        (3, "22.5", "t", 22_500 * 10**6, "kg")]
    assert (first["lines"][0]["lot"], first["lines"][0]["value_minor"],
            first["lines"][0]["currency"]) == ("L-7", 425050, "EUR")
    assert first["lines"][0]["expiry"].isoformat() == "2027-03-31"
    assert (second["status"], second["transport_mode"], second["origin_country"]) == ("in_transit", "road", "CZ")
    assert second["notes"] == "=SUM(A1) is text, not a formula"
    assert second["planned_departure"].isoformat() == "2020-03-02"


def test_every_imported_record_has_a_history_entry_and_an_audit_record(app, run_import, catalogue, staff):
    run_import(csv_bytes(TWO_SHIPMENTS), filename="march.csv")

    with app.app_context(), db.new_session(app) as session:
        events = session.scalars(select(ShipmentEvent).order_by(ShipmentEvent.id)).all()
        audited = dict(session.execute(
            select(AuditEntry.entity, func.count()).where(AuditEntry.actor_id == staff.user_id)
            .group_by(AuditEntry.entity)).all())
        line_entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "shipment_lines")
                                     .order_by(AuditEntry.id)).first()
    assert [(e.kind, e.to_status, e.note, e.actor_id) for e in events] == [
        ("created", "draft", "imported from march.csv", staff.user_id),
        ("created", "in_transit", "imported from march.csv", staff.user_id)]
    assert audited == {"shipments": 2, "shipment_lines": 4, "shipment_events": 2}
    assert json.loads(line_entry.after)["base_micro"] == 10**9 and line_entry.action == "create"


def test_importing_the_same_file_twice_creates_nothing_new(run_import, catalogue, stored):
    data = csv_bytes(TWO_SHIPMENTS)
    run_import(data)
    before = stored()

    again = run_import(data)

    assert again.accepted, again.refusals
    assert (again.shipments_created, again.shipments_updated, again.shipments_unchanged) == (0, 0, 2)
    assert (again.lines_created, again.lines_updated, again.lines_unchanged) == (0, 0, 4)
    assert stored() == before


def test_a_changed_row_updates_the_line_of_a_shipment_that_can_still_be_edited(app, run_import, catalogue, stored):
    run_import(csv_bytes(TWO_SHIPMENTS))
    changed = [dict(r) for r in TWO_SHIPMENTS[:3]]
    changed[2]["quantity"] = "23"
    changed.append(row(line_no="4", sku="GEL", quantity="10 L", unit=""))

    report = run_import(csv_bytes(changed))

    assert report.accepted, report.refusals
    assert (report.shipments_updated, report.lines_updated, report.lines_created, report.lines_unchanged) \
        == (1, 1, 1, 2)
    shipment = stored()["IMP-0001"]
    assert shipment["version"] == 2
    assert [(line["line_no"], line["quantity_value"], line["base_micro"]) for line in shipment["lines"]][2:] \
        == [(3, "23", 23_000 * 10**6), (4, "10", 10 * 10**6)]
    with app.app_context(), db.new_session(app) as session:
        changes = session.execute(select(AuditEntry.entity, AuditEntry.action, AuditEntry.before)
                                  .where(AuditEntry.action != "create")).all()
    assert sorted((entity, action) for entity, action, _ in changes) == [
        ("shipment_lines", "update"), ("shipments", "update")]
    assert '"quantity_value": "22.5"' in next(b for e, _, b in changes if e == "shipment_lines")


def test_a_changed_row_of_a_shipment_on_its_way_is_refused_and_nothing_is_written(run_import, catalogue, stored):
    run_import(csv_bytes(TWO_SHIPMENTS))
    before = stored()
    changed = [dict(r) for r in TWO_SHIPMENTS]
    changed[0]["quantity"] = "999"  # IMP-0001 is a draft: this alone would be fine
    changed[3]["quantity"] = "300 L"  # IMP-0002 is in transit

    report = run_import(csv_bytes(changed))

    assert not report.accepted
    assert [(r.row, r.column, r.value) for r in report.refusals] == [(5, "line_no", "1")]
    assert "in_transit" in report.refusals[0].reason and "cannot change" in report.refusals[0].reason
    assert stored() == before


def test_an_import_does_not_move_a_shipment_along_the_workflow(run_import, catalogue, stored):
    run_import(csv_bytes(TWO_SHIPMENTS))
    changed = [dict(r, status="confirmed") for r in TWO_SHIPMENTS[:3]]

    report = run_import(csv_bytes(changed))

    assert [(r.row, r.column, r.value) for r in report.refusals] == [(2, "status", "confirmed")]
    assert "is draft" in report.refusals[0].reason
    assert stored()["IMP-0001"]["status"] == "draft"


def test_header_changes_are_applied_only_where_the_status_allows(run_import, catalogue, stored):
    run_import(csv_bytes(TWO_SHIPMENTS))
    moving = dict(TWO_SHIPMENTS[3], carrier="DHL", notes="new note")
    assert run_import(csv_bytes([moving])).accepted
    assert (stored()["IMP-0002"]["carrier"], stored()["IMP-0002"]["notes"]) == ("DHL", "new note")

    report = run_import(csv_bytes([dict(moving, destination_country="PL")]))

    assert [(r.column, r.value) for r in report.refusals] == [("destination_country", "PL")]
    assert "in_transit" in report.refusals[0].reason
    assert stored()["IMP-0002"]["destination_country"] == "SK"


def test_a_dry_run_checks_everything_and_writes_nothing(run_import, catalogue, stored):
    report = run_import(csv_bytes(TWO_SHIPMENTS), dry_run=True)

    assert report.accepted and report.dry_run
    assert (report.shipments_created, report.lines_created) == (2, 4)
    assert "dry run" in report.summary()
    assert stored() == {}


def test_a_shipment_without_lines_is_one_row_with_empty_line_columns(run_import, catalogue, stored):
    report = run_import(csv_bytes([row(line_no="", sku="", quantity="", unit="")]))

    assert report.accepted, report.refusals
    assert stored()["IMP-0001"]["lines"] == []


def test_received_quantities_are_kept_and_default_to_what_was_sent(run_import, catalogue, stored):
    rows = [row(status="received", line_no="1", received_quantity="990", received_unit="piece",
                received_note="10 torn"),
            row(status="received", line_no="2", sku="RICE", quantity="1.5 t", unit="")]

    report = run_import(csv_bytes(rows))

    assert report.accepted, report.refusals
    lines = stored()["IMP-0001"]["lines"]
    assert [(l["received_value"], l["received_unit"], l["received_micro"], l["received_note"])
            for l in lines] == [("990", "piece", 990 * 10**6, "10 torn"), ("1.5", "t", 1500 * 10**6, None)]


def test_bulk_written_audit_entries_hold_what_the_orm_would_have_recorded(app, run_import, catalogue):
    rows = [row(line_no="1", lot="Ł-1", expiry="2027-03-31", declared_value="10.5", currency="EUR"),
            row(line_no="2", sku="RICE", quantity="1.25 lb", unit=""),  # rounded: a flag
            row(reference="IMP-0002", status="received", received_quantity="990", received_unit="piece",
                received_note="torn \"box\"")]
    assert run_import(csv_bytes(rows)).accepted

    with app.app_context(), db.new_session(app) as session:
        entries = {entry.entity_id: entry for entry in session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "shipment_lines"))}
        lines = session.scalars(select(ShipmentLine)).all()
        expected = {line.id: json.loads(as_json(line.model_dump())) for line in lines}
    assert {key: json.loads(entry.after) for key, entry in entries.items()} == expected
    assert {entry.shipment_id for entry in entries.values()} == {line.shipment_id for line in lines}
    assert any(value["rounded"] is True for value in expected.values())
