"""The demo story's real 2020 timeline: actual dates, statuses, and the certificate dated by them."""
from __future__ import annotations

from datetime import UTC, date

from sqlmodel import select

from logistics import db
from logistics.models import Organization, Shipment
from tests.documents.pdfs import read_pdf


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
    certificate = admin.get("/api/v1/shipments/OUT-2020-0001/donation-certificate.pdf?lang=en")  # Nitra: Slovak
    assert certificate.status_code == 200
    assert "Date of donation: 2020-04-02" in read_pdf(certificate.data).words
    arrived = admin.get("/api/v1/shipments?date_basis=actual&from=2020-03-01&to=2020-05-31&direction=outbound")
    assert len(arrived.get_json()) == 3


def test_every_demo_event_was_logged_and_recorded_in_2020_in_the_order_it_happened(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with db.new_session(app) as session:
        for shipment in session.exec(select(Shipment)):
            history = sorted(shipment.events, key=lambda event: event.id)
            moments = [event.occurred_at for event in history]
            assert history[0].kind == "created" and moments == sorted(moments), shipment.reference
            assert {moment.year for moment in moments} == {2020}, shipment.reference
            assert [event.recorded_at for event in history] == moments, shipment.reference
            assert shipment.created_at == moments[0]


def test_the_demo_carries_customs_data_that_the_certificate_prints_with_its_2020_dates(app, runner, make):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with db.new_session(app) as session:
        orgs = {org.country: org for org in session.exec(select(Organization)) if org.kind != "carrier"}
        shipments = {s.reference: s for s in session.exec(select(Shipment))}
        assert all(org.eori and org.vat_number for org in orgs.values())
        for reference, shipment in shipments.items():
            assert shipment.incoterm and shipment.incoterm_place, reference
            valued = {line.currency for line in shipment.lines if line.value_minor is not None}
            assert valued == ({"EUR"} if reference.startswith("OUT-") else set()), reference
            assert all(line.country_of_origin for line in shipment.lines), reference
        assert shipments["OUT-2020-0001"].awb_number and shipments["OUT-2020-0003"].cmr_number
        outbound_pieces = sum(line.base_micro for s in shipments.values() for line in s.lines
                              if s.direction == "outbound") // 10**6
        inbound_kg = sum(line.base_micro for s in shipments.values() for line in s.lines
                         if s.direction == "inbound") // 10**6
        assert (outbound_pieces, inbound_kg) == (345_000, 22_500)  # the published facts are kept
    manager = make.api("manager")
    words = read_pdf(manager.get("/api/v1/shipments/OUT-2020-0003/donation-certificate.pdf?lang=en").data).words
    assert "Date of donation: 2020-04-20" in words  # dispatched 07:00 in Cangzhou (+08:00), a day before in UTC
    assert "for customs purposes only" in words and "Declared value: 101,000.00 EUR" in words
    assert "EORI HR38216542196" in words
