"""Flow reports date shipments by their actual dispatch by default, by their planned departure on request."""
from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tests.documents.pdfs import read_pdf
from tests.reports.conftest import REPORTS, expect


def _late(make):
    """Log a shipment planned for 2 March 2020 that left on 15 April, and one planned for April not sent."""
    make.item("COV", "piece", "0.35 kg", name="Coverall")
    make.shipment(lines=[("COV", "100 piece")], status="received", reference="OUT-LATE",
                  planned_departure=date(2020, 3, 2),
                  dates={"confirmed": datetime(2020, 3, 1, tzinfo=UTC),
                         "in_transit": datetime(2020, 4, 15, 8, tzinfo=UTC)})
    make.shipment(lines=[("COV", "7 piece")], status="confirmed", reference="OUT-WAITING",
                  planned_departure=date(2020, 4, 20))


def _months(report: dict) -> list[tuple]:
    return [(row["direction"], row["period"], row["total"]["value"]) for row in report["rows"]]


def test_by_default_a_shipment_counts_in_the_month_it_actually_left_not_the_month_planned(make):
    _late(make)
    client = make.api("staff")
    actual = expect(client.get(f"{REPORTS}?period=month&status=received&status=confirmed"))
    assert actual["date_basis"] == "actual"
    assert _months(actual) == [("outbound", "2020-04", "100")]  # the plan never left: not counted
    planned = expect(client.get(f"{REPORTS}?period=month&status=received&status=confirmed&date_basis=planned"))
    assert planned["date_basis"] == "planned"
    assert _months(planned) == [("outbound", "2020-03", "100"), ("outbound", "2020-04", "7")]


@pytest.mark.parametrize("basis, dates, counted", [
    ("actual", "from=2020-04-01&to=2020-04-30", "100"),
    ("actual", "from=2020-03-01&to=2020-03-31", None),
    ("planned", "from=2020-03-01&to=2020-03-31", "100"),
    ("planned", "from=2020-04-01&to=2020-04-30", None),
])
def test_from_and_to_follow_the_date_basis(make, basis, dates, counted):
    _late(make)
    report = expect(make.api("staff").get(f"{REPORTS}?{dates}&date_basis={basis}"))
    assert [row["total"]["value"] for row in report["rows"]] == ([counted] if counted else [])


def test_an_actual_dispatch_counts_on_its_utc_day_whatever_offset_it_was_given_in(make):
    make.item("COV", "piece", "0.35 kg")
    late_evening = datetime(2020, 4, 30, 23, 30, tzinfo=timezone(timedelta(hours=-2)))  # 1 May, 01:30 UTC
    make.shipment(lines=[("COV", "5 piece")], status="in_transit", planned_departure=date(2020, 4, 30),
                  dates={"confirmed": late_evening - timedelta(days=1), "in_transit": late_evening})
    client = make.api("staff")
    assert _months(expect(client.get(f"{REPORTS}?period=month"))) == [("outbound", "2020-05", "5")]
    assert expect(client.get(f"{REPORTS}?from=2020-05-01&to=2020-05-01"))["rows"][0]["total"]["value"] == "5"
    assert expect(client.get(f"{REPORTS}?to=2020-04-30"))["rows"] == []


def test_an_inbound_shipment_is_dated_by_its_dispatch_too_not_its_receipt(make):
    make.item("COV", "piece", "0.35 kg")
    make.shipment(lines=[("COV", "22 piece")], direction="inbound", status="received",
                  planned_departure=date(2020, 1, 20),
                  dates={"confirmed": datetime(2020, 1, 20, tzinfo=UTC),
                         "in_transit": datetime(2020, 1, 28, tzinfo=UTC),
                         "delivered": datetime(2020, 2, 12, tzinfo=UTC),
                         "received": datetime(2020, 2, 13, tzinfo=UTC)})
    assert _months(expect(make.api("staff").get(f"{REPORTS}?period=month"))) == [("inbound", "2020-01", "22")]


def test_an_unknown_date_basis_is_refused_with_the_values_that_would_do(make):
    body = expect(make.api("staff").get(f"{REPORTS}.csv?date_basis=received"), 422)
    assert "actual" in str(body["errors"]["query"]["date_basis"])


def test_the_csv_says_on_every_row_which_date_basis_it_used(make):
    _late(make)
    response = make.api("staff").get(f"{REPORTS}.csv?date_basis=planned&status=received")
    header, *rows = list(csv.reader(io.StringIO(response.text)))
    assert header[-1] == "date_basis" and [row[-1] for row in rows] == ["planned"]


@pytest.mark.parametrize("basis, shown", [
    ("actual", ["DATED BY actual dispatch (UTC day; shipments not dispatched yet have no actual date and "
                "are not counted)", "ACTUAL DISPATCH 2020-04-01 to 2020-04-30", "100 piece"]),
    ("planned", ["DATED BY planned departure", "PLANNED DEPARTURE 2020-04-01 to 2020-04-30",
                 "No shipments match these filters."]),
])
def test_the_printed_report_says_which_date_basis_it_used(make, basis, shown):
    _late(make)
    response = make.api("manager").get(f"{REPORTS}.pdf?from=2020-04-01&to=2020-04-30&date_basis={basis}")
    assert response.status_code == 200
    text = read_pdf(response.data).words
    for words in shown:
        assert words in text, words
