"""The demo story's real 2020 timeline: actual dates, statuses, and the certificate dated by them."""
from __future__ import annotations

from datetime import UTC, date

from sqlmodel import select

from logistics import db
from logistics.models import Shipment


def _day(moment) -> date | None:
    return moment.astimezone(UTC).date() if moment else None


def test_the_demo_story_happened_in_2020_as_published(app, runner, make):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with db.new_session(app) as session:
        shipments = {s.reference: s for s in session.exec(select(Shipment))}
        statuses = {ref: s.status for ref, s in shipments.items()}
        assert statuses == {"IN-2020-0001": "received", "IN-2020-0002": "received",
                            "OUT-2020-0001": "received", "OUT-2020-0002": "in_transit",
                            "OUT-2020-0003": "delivered"}
        inbound = [s for ref, s in shipments.items() if ref.startswith("IN-")]
        outbound = [s for ref, s in shipments.items() if ref.startswith("OUT-")]
        # purchases left in late January, were received in February
        assert all(date(2020, 1, 20) <= _day(s.dispatched_at) <= date(2020, 1, 31) for s in inbound)
        assert all(_day(s.received_at).strftime("%Y-%m") == "2020-02" for s in inbound)
        # every donation dispatched between March and May 2020
        assert all(date(2020, 3, 1) <= _day(s.dispatched_at) <= date(2020, 5, 31) for s in outbound)
        nitra = shipments["OUT-2020-0001"]
        received = {line.item.sku: line.received_micro for line in nitra.lines}
        sent = {line.item.sku: line.base_micro for line in nitra.lines}
        assert received["PPE-N95"] < sent["PPE-N95"] and received["PPE-COV"] == sent["PPE-COV"]
        assert shipments["OUT-2020-0003"].received_at is None and shipments["OUT-2020-0003"].delivered_at
    admin = make.api("admin")
    certificate = admin.get("/api/v1/shipments/OUT-2020-0001/donation-certificate.pdf")
    assert certificate.status_code == 200
    from tests.documents.pdfs import read_pdf
    assert "Date of donation: 2020-04-02" in read_pdf(certificate.data).words
    arrived = admin.get("/api/v1/shipments?date_basis=actual&from=2020-03-01&to=2020-05-31&direction=outbound")
    assert len(arrived.get_json()) == 3
