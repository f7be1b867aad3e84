"""The stock position: per item and unit, received in and dispatched out, the difference, exact on both databases."""
from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from tests.reports.conftest import expect

STOCK = "/api/v1/reports/stock"


@pytest.fixture
def moved(make):
    """22.5 t of coveralls received; 6,000 pieces dispatched; what did not move is left out."""
    make.item("COV", "piece", "0.35 kg", name="Coverall")
    make.item("TENT", "piece", name="Tent")  # no unit mass
    make.shipment(lines=[("COV", "22.5 t"), ("TENT", "10 piece")], direction="inbound", status="received")
    make.shipment(lines=[("COV", "1 t")], direction="inbound", status="in_transit")  # not received yet
    make.shipment(lines=[("COV", "5280 piece"), ("TENT", "4 piece")], status="received")
    make.shipment(lines=[("COV", "720 piece")], status="in_transit")
    make.shipment(lines=[("COV", "100 piece")], status="draft")  # never left


def test_received_and_dispatched_are_compared_per_unit_and_across_units_only_as_a_flagged_estimate(make, moved):
    report = expect(make.api("staff").get(f"{STOCK}?mass_unit=t"))

    assert report["received_statuses"] == ["delivered", "received"]
    assert report["dispatched_statuses"] == ["in_transit", "delivered", "received"]
    coverall, tent = report["items"]
    assert coverall["item"]["sku"] == "COV"
    assert coverall["lines"] == [
        {"unit": "t", "received": "22.5", "dispatched": "0", "difference": "22.5"},
        {"unit": "piece", "received": "0", "dispatched": "6000", "difference": "-6000"}]
    # 22,500 kg / 0.35 kg = 64,285.71… pieces in, 6,000 out: about 58,286 left, an estimate
    assert coverall["estimated_balance"] == {"value": "58286", "unit": "piece"}
    assert tent["lines"] == [{"unit": "piece", "received": "10", "dispatched": "4", "difference": "6"}]
    assert tent["estimated_balance"] is None  # one unit: the difference is exact, nothing to estimate


def test_masses_come_in_the_unit_asked(make, moved):
    report = expect(make.api("manager").get(STOCK))
    assert report["items"][0]["lines"][0] == {"unit": "kg", "received": "22500", "dispatched": "0",
                                              "difference": "22500"}
    assert report["items"][0]["estimated_balance"] == {"value": "58286", "unit": "piece"}


def test_the_period_filters_by_planned_departure(make, moved):
    assert expect(make.api("admin").get(f"{STOCK}?from=2999-01-01"))["items"] == []


def test_the_csv_has_a_row_per_item_and_unit_with_the_estimate_flagged(make, moved):
    response = make.api("staff").get(f"{STOCK}.csv?mass_unit=t")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    header, *rows = list(csv.reader(io.StringIO(response.text)))
    assert header == ["item_id", "item_sku", "item", "unit", "received", "dispatched", "difference",
                      "estimated_balance", "estimated_balance_unit"]
    assert [row[1:] for row in rows] == [
        ["COV", "Coverall", "t", "22.5", "0", "22.5", "58286", "piece (estimated)"],
        ["COV", "Coverall", "piece", "0", "6000", "-6000", "58286", "piece (estimated)"],
        ["TENT", "Tent", "piece", "10", "4", "6", "", ""]]


@pytest.mark.parametrize("path", [STOCK, f"{STOCK}.csv"])
def test_partners_may_not_read_the_stock_position(make, path):
    response = make.api("partner", org=make.org(name="Kraków Aid", country="PL")).get(path)
    assert expect(response, 403)["message"].startswith("a partner user may not")


@pytest.mark.parametrize("query, field", [("mass_unit=lb", "mass_unit"), ("from=2020-02-01&to=2020-01-01", "to"),
                                          ("from=yesterday", "from")])
def test_bad_parameters_get_422_naming_the_field(make, query, field):
    body = expect(make.api("staff").get(f"{STOCK}?{query}"), 422)
    assert field in str(body), body


def test_the_stock_report_is_in_the_openapi_document(make):
    document = expect(make.anonymous().get("/api/v1/openapi.json"))
    assert {"/reports/stock", "/reports/stock.csv"} <= {path.removeprefix("/api/v1") for path in document["paths"]}


def test_on_the_planned_basis_the_period_is_the_planned_departure(make):
    make.item("COV", "piece", "0.35 kg", name="Coverall")
    make.shipment(lines=[("COV", "5 piece")], status="received", planned_departure=date(2020, 3, 2))
    client = make.api("staff")  # dispatched now, planned for 2020
    march = expect(client.get(f"{STOCK}?from=2020-03-01&to=2020-03-31&date_basis=planned"))
    assert march["date_basis"] == "planned"
    assert march["items"][0]["lines"][0]["dispatched"] == "5"
    assert expect(client.get(f"{STOCK}?from=2021-01-01&date_basis=planned"))["items"] == []


def test_by_default_goods_in_count_on_the_day_they_arrived_and_goods_out_on_the_day_they_left(make):
    make.item("COV", "piece", "0.35 kg", name="Coverall")
    # Bought in January, left the supplier on 30 January, arrived on 3 February 2020.
    make.shipment(lines=[("COV", "22.5 t")], direction="inbound", status="received",
                  planned_departure=date(2020, 1, 28),
                  dates={"confirmed": moment(2020, 1, 27), "in_transit": moment(2020, 1, 30),
                         "delivered": moment(2020, 2, 3), "received": moment(2020, 2, 4)})
    # Planned for February, actually dispatched on 2 March 2020.
    make.shipment(lines=[("COV", "6000 piece")], status="in_transit", planned_departure=date(2020, 2, 20),
                  dates={"confirmed": moment(2020, 2, 19), "in_transit": moment(2020, 3, 2)})
    client = make.api("staff")

    february = expect(client.get(f"{STOCK}?from=2020-02-01&to=2020-02-29"))
    march = expect(client.get(f"{STOCK}?from=2020-03-01&to=2020-03-31"))
    planned_february = expect(client.get(f"{STOCK}?from=2020-02-01&to=2020-02-29&date_basis=planned"))

    assert february["date_basis"] == "actual"
    assert february["items"][0]["lines"] == [{"unit": "kg", "received": "22500", "dispatched": "0",
                                              "difference": "22500"}]  # received on 4 February
    assert march["items"][0]["lines"] == [{"unit": "piece", "received": "0", "dispatched": "6000",
                                           "difference": "-6000"}]  # left on 2 March
    assert planned_february["items"][0]["lines"] == [{"unit": "piece", "received": "0", "dispatched": "6000",
                                                      "difference": "-6000"}]  # the inbound was planned in January


def test_a_bad_date_basis_is_refused_naming_the_field(make):
    body = expect(make.api("staff").get(f"{STOCK}?date_basis=received"), 422)
    assert "date_basis" in str(body), body


def moment(year: int, month: int, day: int) -> datetime:
    """Noon UTC on a day."""
    return datetime(year, month, day, 12, tzinfo=UTC)
