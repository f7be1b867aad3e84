"""An export read back into a database with the same organisations and items gives the same shipments."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import text

from logistics import db
from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.access import SYSTEM
from logistics.domain.shipments import ReceivedLine, RecordEvent
from logistics.domain.workflow import Status
from logistics.services import events, exports
from logistics.services.shipments import find_shipment
from logistics.unit_of_work import writing
from logistics.units import parse_quantity


@pytest.fixture
def ledger(make, catalogue):
    """Shipments in every status, with packs, masses, pounds (rounded), values, receipts and odd text."""
    make.item("SOAP", "piece", "0.1 kg", name="Soap")
    brat, krak, supplier = catalogue["brat"], catalogue["krak"], catalogue["supplier"]
    make.shipment(brat, [("PPE-COV", "3 carton"), ("PPE-N95", "1,000 piece")], reference="RT-DRAFT",
                  notes="=HYPERLINK(\"x\") stays text", carrier="+420 carrier", tracking_number="-7")
    make.shipment(krak, [("RICE", "1.25 lb"), ("GEL", "250.5 L")], reference="RT-CONF", status="confirmed",
                  origin_place="Zlín – sklad", destination_place="Kraków")
    make.shipment(supplier, [("PPE-COV", "14.5 t")], direction="inbound", reference="RT-MOVE",
                  status="in_transit", planned_departure=__import__("datetime").date(2020, 3, 2))
    make.shipment(brat, [("PPE-COV", "1 piece")], reference="RT-CANC", status="cancelled")
    make.shipment(brat, [], reference="RT-EMPTY")
    received = make.shipment(krak, [("PPE-N95", "2 box"), ("SOAP", "12 piece")], reference="RT-RECV",
                             status="delivered")
    with make.app.app_context(), db.new_session(make.app) as session:
        shipment = find_shipment(session, SYSTEM, received.reference)
        first = shipment.lines[0]
        events.post_event(session, SYSTEM, shipment.reference, shipment.version, RecordEvent(
            status=Status.RECEIVED,
            received=(ReceivedLine(first.id, parse_quantity("39 piece"), note="1 torn",
                                   reason=DiscrepancyReason.DAMAGED),)))
        with writing(session, SYSTEM):
            line = shipment.lines[1]
            line.lot, line.value_minor, line.currency = "LOT-1", 1250, "EUR"
    return catalogue


def _empty_the_ledger(app) -> None:
    """Remove every shipment (the organisations and items stay), as in a fresh database."""
    with app.app_context(), db.new_session(app) as session, writing(session):
        for table in ("document_prints", "shipment_events", "shipment_lines", "shipments"):
            session.execute(text(f"DELETE FROM {table}"))


def _comparable(shipments: dict) -> dict:
    for shipment in shipments.values():
        for key in ("version", "created_by_id", "updated_by_id"):
            shipment.pop(key)
    return shipments


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imports_back_to_the_same_shipments_lines_quantities_and_statuses(
        kind, app, ledger, stored, run_import, staff):
    before = _comparable(stored())
    with app.app_context(), db.new_session(app) as session:
        if kind == "csv":
            data = "".join(exports.export_csv(session, SYSTEM, {})).encode()
        else:
            buffer = io.BytesIO()
            exports.export_xlsx(session, SYSTEM, {}, buffer)
            data = buffer.getvalue()
    _empty_the_ledger(app)
    assert stored() == {}

    report = run_import(data, filename=f"export.{kind}")

    assert report.accepted, report.refusals
    assert (report.rows, report.shipments_created, report.lines_created) == (9, 6, 8)
    assert _comparable(stored()) == before
    assert before["RT-RECV"]["lines"][0]["received_note"] == "1 torn"
    assert before["RT-CONF"]["lines"][0]["rounded"] is True


def test_an_export_read_back_into_the_same_database_changes_nothing(app, ledger, stored, run_import):
    before = stored()
    with app.app_context(), db.new_session(app) as session:
        data = "".join(exports.export_csv(session, SYSTEM, {})).encode()

    report = run_import(data)

    assert report.accepted, report.refusals
    assert (report.shipments_unchanged, report.lines_unchanged) == (6, 8)
    assert stored() == before


def test_a_csv_export_opens_safely_in_a_spreadsheet(app, ledger):
    with app.app_context(), db.new_session(app) as session:
        data = "".join(exports.export_csv(session, SYSTEM, {}))

    assert "'=HYPERLINK" in data and ",'+420 carrier," in data and ",'-7," in data
    assert data.startswith("\ufeffreference,")
