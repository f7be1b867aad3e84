"""Documents dated by what actually happened: the certificate by the dispatch, the note by the receipt."""
from __future__ import annotations

from datetime import UTC, datetime

from tests.documents.conftest import API, expect

APRIL = {"confirmed": datetime(2020, 3, 30, 8, tzinfo=UTC), "in_transit": datetime(2020, 4, 2, 1, 30, tzinfo=UTC),
         "delivered": datetime(2020, 4, 4, 15, tzinfo=UTC), "received": datetime(2020, 4, 6, 9, tzinfo=UTC)}


def test_the_certificate_of_donation_is_dated_by_the_actual_dispatch_not_the_plan_or_the_print(make, catalogue,
                                                                                                render):
    make.shipment(reference="OUT-2020-0001", status="in_transit", dates=APRIL,
                  planned_departure=datetime(2020, 3, 28).date())
    pdf, _ = render("OUT-2020-0001", "donation-certificate")
    assert "Date of donation: 2020-04-02" in pdf.words, pdf.words
    assert "DISPATCHED 2020-04-02 01:30:00 UTC" in pdf.words, pdf.words


def test_a_certificate_before_dispatch_says_the_date_is_planned(make, catalogue, render):
    make.shipment(reference="OUT-2020-0002", status="confirmed", dates=APRIL,
                  planned_departure=datetime(2020, 4, 10).date())
    pdf, _ = render("OUT-2020-0002", "donation-certificate")
    assert "Date of donation: 2020-04-10 (planned)" in pdf.words
    assert "DISPATCHED" not in pdf.words


def test_the_goods_received_note_is_dated_by_the_actual_receipt_and_the_history_marks_late_entries(
        make, catalogue, render):
    make.shipment(reference="OUT-2020-0003", status="received", dates=APRIL)
    pdf, _ = render("OUT-2020-0003", "grn")
    assert "Date of receipt: 2020-04-06" in pdf.words
    assert "RECEIVED 2020-04-06 09:00:00 UTC" in pdf.words
    history = pdf.words[pdf.words.index("2020-04-02 01:30:00 UTC"):]
    assert "in transit" in history and "years later)" in history


def test_the_manifest_shows_the_actual_dispatch_beside_the_planned_departure(make, catalogue, render, staff):
    make.shipment(reference="OUT-2020-0004", status="delivered", dates=APRIL,
                  planned_departure=datetime(2020, 4, 1).date())
    pdf, _ = render("OUT-2020-0004", "manifest")
    assert "PLANNED DEPARTURE 2020-04-01" in pdf.words
    assert "DISPATCHED 2020-04-02 01:30:00 UTC" in pdf.words and "DELIVERED 2020-04-04 15:00:00 UTC" in pdf.words
    events = expect(staff.get(f"{API}/shipments/OUT-2020-0004/events"), 200)
    assert [e["occurred_at"][:10] for e in events[1:]] == ["2020-03-30", "2020-04-02", "2020-04-04"]
