"""An export imported again after its shipments have moved along changes nothing and refuses nothing."""
from __future__ import annotations

import csv
import io

import pytest

from logistics import db
from logistics.domain.access import SYSTEM
from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.shipments import ReceivedLine, RecordEvent
from logistics.domain.workflow import Status
from logistics.services import events, exports
from logistics.services.shipments import find_shipment
from logistics.units import parse_quantity
from tests.transfer.test_transfer_api import upload as api_upload
from tests.web.conftest import PASSWORD, Browser
from tests.web.test_transfer_pages import upload as page_upload
from tests.web.pages import text_of


@pytest.fixture
def old_export(make, catalogue):
    """Export four shipments, then move each along (one received short): return the export's bytes."""
    brat, krak = catalogue["brat"], catalogue["krak"]
    make.shipment(brat, [("PPE-COV", "3 carton")], reference="RE-DRAFT")
    make.shipment(krak, [("PPE-N95", "1,000 piece")], reference="RE-CONF", status="confirmed")
    make.shipment(brat, [("PPE-N95", "2 box"), ("GEL", "250.5 L")], reference="RE-MOVE", status="in_transit")
    make.shipment(krak, [("PPE-COV", "40 piece")], reference="RE-DELIV", status="delivered")
    with make.app.app_context(), db.new_session(make.app) as session:
        data = "".join(exports.export_csv(session, SYSTEM, {})).encode()
        for reference, moves in (("RE-DRAFT", (Status.CONFIRMED,)),
                                 ("RE-CONF", (Status.IN_TRANSIT,)),
                                 ("RE-MOVE", (Status.DELIVERED, Status.RECEIVED)),
                                 ("RE-DELIV", (Status.RECEIVED,))):
            for target in moves:
                shipment = find_shipment(session, SYSTEM, reference)
                received = ()
                if target is Status.RECEIVED:
                    first = shipment.lines[0]
                    received = (ReceivedLine(first.id, parse_quantity("39 piece"), note="1 torn",
                                             reason=DiscrepancyReason.SHORT),)
                events.post_event(session, SYSTEM, reference, shipment.version, RecordEvent(
                    status=target, received=received,
                    tracking_number="TRK-9" if target is Status.IN_TRANSIT else None))
    return data


def _changed(data: bytes, reference: str, **cells) -> bytes:
    """Return the CSV with the given cells changed on every row of one shipment."""
    text = data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for cells_of_row in rows:
        writer.writerow({**cells_of_row, **cells} if cells_of_row["reference"] == reference else cells_of_row)
    return out.getvalue().encode()


def _walked_on(stored) -> dict:
    """Return the statuses and tracking numbers now stored, by reference."""
    return {ref: (s["status"], s["tracking_number"]) for ref, s in stored().items()}


def test_an_old_export_imports_again_with_nothing_refused_and_nothing_changed(old_export, run_import, stored):
    before = stored()
    assert _walked_on(stored) == {"RE-CONF": ("in_transit", "TRK-9"), "RE-DELIV": ("received", None),
                                  "RE-DRAFT": ("confirmed", None), "RE-MOVE": ("received", None)}

    report = run_import(old_export)

    assert report.accepted, report.refusals
    assert (report.refusal_count, report.shipments_updated, report.lines_updated) == (0, 0, 0)
    assert (report.shipments_unchanged, report.lines_unchanged) == (4, 5)
    assert stored() == before  # the receipts, the tracking number and the versions are all kept


def test_a_real_change_to_a_field_the_status_locks_is_refused_alone_and_nothing_is_written(
        old_export, run_import, stored):
    before = stored()
    data = _changed(old_export, "RE-MOVE", destination_place="Košice")

    report = run_import(data)

    assert not report.accepted
    assert [(r.column, r.value) for r in report.refusals] == [("destination_place", "Košice")]
    assert "cannot change while shipment RE-MOVE is received" in report.refusals[0].reason
    assert stored() == before


def test_a_file_ahead_of_the_stored_status_is_still_refused(old_export, run_import, stored):
    data = _changed(old_export, "RE-DRAFT", status="delivered")

    report = run_import(data)

    assert [(r.column, r.value) for r in report.refusals] == [("status", "delivered")]
    assert "does not move a shipment along the workflow" in report.refusals[0].reason


def test_an_old_export_sent_to_the_api_is_answered_with_nothing_changed(old_export, make, stored):
    before = stored()

    response = api_upload(make.api("staff"), old_export)

    body = response.get_json()
    assert response.status_code == 200, body
    assert (body["refusal_count"], body["shipments_updated"], body["shipments_unchanged"]) == (0, 0, 4)
    assert stored() == before


def test_an_old_export_chosen_on_the_import_page_reports_nothing_changed(app, make, old_export, stored):
    before = stored()
    user, _ = make.user("staff", password=PASSWORD)
    browser = Browser(app.test_client(), user)
    assert browser.sign_in(user.email, PASSWORD).status_code == 302

    response = page_upload(browser, old_export, "old-export.csv")

    html = response.get_data(as_text=True)
    assert response.status_code == 200, text_of(html)
    assert 'role="alert"' not in html and "4 unchanged" in text_of(html)
    assert stored() == before
