"""Flow reports give exact figures for a known data set, per grouping and period, on both databases."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.reports.conftest import REPORTS, brief, dispatched_on, expect

NOW_YEAR = str(datetime.now(UTC).year)

# (query, expected rows): direction (always a key: in and out are never added), keys..., total with
# its unit (mass in the report's mass unit), lines, shipments,
# gross mass exact part, estimated part, total (in the mass unit asked), unweighed lines.
CASES = {
    "no grouping: one row per base unit": ("", [
        ("inbound", "6000 piece", 2, 2, "0", "410", "410", 0),
        ("inbound", "1505 kg", 2, 2, "1505", "0", "1505", 0),
        ("inbound", "250.5 L", 1, 1, "0", "225.45", "225.45", 0),
        ("outbound", "1720 piece", 5, 4, "0", "192.9", "192.9", 1),
        ("outbound", "1000.25 kg", 3, 3, "1000.25", "0", "1000.25", 0),
        ("outbound", "10 L", 1, 1, "0", "9", "9", 0),
    ]),
    "direction by quarter of 2020 in tonnes": ("group_by=direction&period=quarter&from=2020-01-01&to=2020-12-31&mass_unit=t", [
        ("inbound", "2020-Q1", "6000 piece", 2, 2, "0", "0.41", "0.41", 0),
        ("inbound", "2020-Q1", "1.5 t", 1, 1, "1.5", "0", "1.5", 0),
        ("inbound", "2020-Q1", "250.5 L", 1, 1, "0", "0.22545", "0.22545", 0),
        ("outbound", "2020-Q2", "1610 piece", 3, 2, "0", "0.1544", "0.1544", 1),
        ("outbound", "2020-Q2", "0.25025 t", 2, 2, "0.25025", "0", "0.25025", 0),
        ("outbound", "2020-Q2", "10 L", 1, 1, "0", "0.009", "0.009", 0),
        ("outbound", "2020-Q4", "100 piece", 1, 1, "0", "0.035", "0.035", 0),
        ("outbound", "2020-Q4", "0.75 t", 1, 1, "0.75", "0", "0.75", 0),
    ]),
    "country by month, undated last (planned)": ("group_by=country&period=month&date_basis=planned", [
        ("inbound", "CN", "2020-01", "1000 piece", 1, 1, "0", "350", "350", 0),
        ("inbound", "CN", "2020-01", "250.5 L", 1, 1, "0", "225.45", "225.45", 0),
        ("inbound", "CN", "2020-02", "5000 piece", 1, 1, "0", "60", "60", 0),
        ("inbound", "CN", "2020-02", "1500 kg", 1, 1, "1500", "0", "1500", 0),
        ("inbound", "CN", None, "5 kg", 1, 1, "5", "0", "5", 0),
        ("outbound", "PL", "2020-05", "1200 piece", 1, 1, "0", "14.4", "14.4", 0),
        ("outbound", "PL", "2020-05", "200.25 kg", 1, 1, "200.25", "0", "200.25", 0),
        ("outbound", "PL", "2020-05", "10 L", 1, 1, "0", "9", "9", 0),
        ("outbound", "PL", "2021-01", "10 piece", 1, 1, "0", "3.5", "3.5", 0),
        ("outbound", "SK", "2020-04", "410 piece", 2, 1, "0", "140", "140", 1),
        ("outbound", "SK", "2020-04", "50 kg", 1, 1, "50", "0", "50", 0),
        ("outbound", "SK", "2020-11", "100 piece", 1, 1, "0", "35", "35", 0),
        ("outbound", "SK", "2020-11", "750 kg", 1, 1, "750", "0", "750", 0),
    ]),
    "item by year, received only (planned)": ("group_by=item,period&period=year&status=received&date_basis=planned", [
        ("inbound", "COV", "2020", "1000 piece", 1, 1, "0", "350", "350", 0),
        ("inbound", "GEL", "2020", "250.5 L", 1, 1, "0", "225.45", "225.45", 0),
        ("inbound", "RICE", None, "5 kg", 1, 1, "5", "0", "5", 0),
        ("outbound", "COV", "2020", "500 piece", 2, 2, "0", "175", "175", 0),
        ("outbound", "COV", "2020", "50 kg", 1, 1, "50", "0", "50", 0),
        ("outbound", "COV", "2021", "10 piece", 1, 1, "0", "3.5", "3.5", 0),
        ("outbound", "RICE", "2020", "750 kg", 1, 1, "750", "0", "750", 0),
        ("outbound", "TENT", "2020", "10 piece", 1, 1, "0", "0", "0", 1),
    ]),
    "counterparty and kind": ("group_by=counterparty,kind", [
        ("inbound", "Alpha Supplies", "donation", "5000 piece", 1, 1, "0", "60", "60", 0),
        ("inbound", "Alpha Supplies", "donation", "1505 kg", 2, 2, "1505", "0", "1505", 0),
        ("inbound", "Alpha Supplies", "purchase", "1000 piece", 1, 1, "0", "350", "350", 0),
        ("inbound", "Alpha Supplies", "purchase", "250.5 L", 1, 1, "0", "225.45", "225.45", 0),
        ("outbound", "Bratislava Hospital", "donation", "410 piece", 2, 1, "0", "140", "140", 1),
        ("outbound", "Bratislava Hospital", "donation", "50 kg", 1, 1, "50", "0", "50", 0),
        ("outbound", "Bratislava Hospital", "transfer", "100 piece", 1, 1, "0", "35", "35", 0),
        ("outbound", "Bratislava Hospital", "transfer", "750 kg", 1, 1, "750", "0", "750", 0),
        ("outbound", "Kraków Aid", "donation", "1210 piece", 2, 2, "0", "17.9", "17.9", 0),
        ("outbound", "Kraków Aid", "donation", "200.25 kg", 1, 1, "200.25", "0", "200.25", 0),
        ("outbound", "Kraków Aid", "donation", "10 L", 1, 1, "0", "9", "9", 0),
    ]),
    "category, uncategorised last": ("group_by=category", [
        ("inbound", "food", "1505 kg", 2, 2, "1505", "0", "1505", 0),
        ("inbound", "hygiene", "250.5 L", 1, 1, "0", "225.45", "225.45", 0),
        ("inbound", "ppe", "6000 piece", 2, 2, "0", "410", "410", 0),
        ("outbound", "food", "950.25 kg", 2, 2, "950.25", "0", "950.25", 0),
        ("outbound", "hygiene", "10 L", 1, 1, "0", "9", "9", 0),
        ("outbound", "ppe", "1710 piece", 4, 4, "0", "192.9", "192.9", 0),
        ("outbound", "ppe", "50 kg", 1, 1, "50", "0", "50", 0),
        ("outbound", None, "10 piece", 1, 1, "0", "0", "0", 1),
    ]),
    "a plan is counted when asked for by status and planned date": ("status=confirmed&date_basis=planned", [
        ("outbound", "300 piece", 1, 1, "0", "3.6", "3.6", 0),
    ]),
    "cancelled and draft when asked for by planned date": ("status=cancelled&status=draft&date_basis=planned", [
        ("outbound", "1006 piece", 2, 2, "0", "352.1", "352.1", 0),
    ]),
    "a plan has no actual date, so no actual report counts it": ("status=confirmed&status=cancelled&status=draft", [
    ]),
    "the undated shipment by its actual dispatch (now)": ("group_by=country&period=year&status=received", [
        ("inbound", "CN", "2020", "1000 piece", 1, 1, "0", "350", "350", 0),
        ("inbound", "CN", "2020", "250.5 L", 1, 1, "0", "225.45", "225.45", 0),
        ("inbound", "CN", NOW_YEAR, "5 kg", 1, 1, "5", "0", "5", 0),
        ("outbound", "PL", "2021", "10 piece", 1, 1, "0", "3.5", "3.5", 0),
        ("outbound", "SK", "2020", "510 piece", 3, 2, "0", "175", "175", 1),
        ("outbound", "SK", "2020", "800 kg", 2, 2, "800", "0", "800", 0),
    ]),
    "one month (cancelled excluded by default)": ("from=2020-04-01&to=2020-04-30", [
        ("outbound", "410 piece", 2, 1, "0", "140", "140", 1),
        ("outbound", "50 kg", 1, 1, "50", "0", "50", 0),
    ]),
    "both bounds inclusive": ("from=2020-11-30&to=2020-11-30&mass_unit=t", [
        ("outbound", "100 piece", 1, 1, "0", "0.035", "0.035", 0),
        ("outbound", "0.75 t", 1, 1, "0.75", "0", "0.75", 0),
    ]),
    "from alone, by planned date": ("from=2021-01-01&date_basis=planned", [
        ("outbound", "10 piece", 1, 1, "0", "3.5", "3.5", 0),
    ]),
    "from alone, by actual date: the undated shipment was dispatched now": ("from=2021-01-01", [
        ("inbound", "5 kg", 1, 1, "5", "0", "5", 0),
        ("outbound", "10 piece", 1, 1, "0", "3.5", "3.5", 0),
    ]),
    "to alone leaves out undated shipments": ("to=2020-01-31", [
        ("inbound", "1000 piece", 1, 1, "0", "350", "350", 0),
        ("inbound", "250.5 L", 1, 1, "0", "225.45", "225.45", 0),
    ]),
    "nothing in range": ("from=2019-01-01&to=2019-12-31", [
    ]),
}


@pytest.mark.parametrize("query, expected", CASES.values(), ids=CASES.keys())
def test_flow_report_gives_exact_figures_for_the_known_data_set(make, flow_data, query, expected):
    report = expect(make.api("manager").get(f"{REPORTS}?{query}"))
    assert brief(report) == expected


def test_the_report_echoes_the_parameters_in_force(make, flow_data):
    report = expect(make.api("staff").get(
        f"{REPORTS}?group_by=direction,country&period=month&from=2020-01-01&to=2020-12-31"
        "&status=received&mass_unit=t"))
    assert {k: v for k, v in report.items() if k != "rows"} == {
        "group_by": ["direction", "country", "period"], "period": "month", "from": "2020-01-01",
        "to": "2020-12-31", "date_basis": "actual", "status": ["received"], "mass_unit": "t",
        "values": False, "value_totals": []}
    assert report["rows"][0] == {
        "direction": "inbound", "country": "CN", "period": "2020-01", "unit": "piece",
        "total": {"value": "1000", "unit": "piece"}, "lines": 1, "shipments": 1,
        "gross_mass": {"exact": {"value": "0", "unit": "t"}, "estimated": {"value": "0.35", "unit": "t"},
                       "total": {"value": "0.35", "unit": "t"}, "includes_estimate": True,
                       "unweighed_lines": 0},
        "values": []}


def test_period_in_group_by_sets_its_column_and_defaults_to_month(make, flow_data):
    report = expect(make.api("staff").get(f"{REPORTS}?group_by=period,direction&to=2020-02-28"))
    assert report["group_by"] == ["period", "direction"] and report["period"] == "month"
    assert [(row["period"], row["direction"], row["unit"]) for row in report["rows"]] == [
        ("2020-01", "inbound", "piece"), ("2020-01", "inbound", "L"),
        ("2020-02", "inbound", "piece"), ("2020-02", "inbound", "kg")]


def test_counterparty_and_item_keys_carry_ids_and_names(make, flow_data):
    query = "group_by=counterparty,item&from=2020-04-03&to=2020-04-03"
    report = expect(make.api("staff").get(f"{REPORTS}?{query}"))
    brat = flow_data["brat"]
    assert [(row["counterparty"], row["item"]["sku"], row["unit"]) for row in report["rows"]] == [
        ({"id": brat.id, "name": "Bratislava Hospital"}, "COV", "piece"),
        ({"id": brat.id, "name": "Bratislava Hospital"}, "COV", "kg"),
        ({"id": brat.id, "name": "Bratislava Hospital"}, "TENT", "piece")]
    assert report["rows"][0]["item"]["name"] == "Coverall"


def test_totals_never_mix_units_and_mass_lines_are_exact_not_estimated(make, flow_data):
    report = expect(make.api("staff").get(f"{REPORTS}?group_by=item"))
    coverall = [row for row in report["rows"] if row["item"]["sku"] == "COV" and row["direction"] == "outbound"]
    assert [(row["unit"], row["total"]["unit"]) for row in coverall] == [("piece", "piece"), ("kg", "kg")]
    by_piece, by_mass = coverall
    assert by_piece["gross_mass"]["includes_estimate"] is True
    assert by_piece["gross_mass"]["exact"]["value"] == "0"
    assert by_mass["gross_mass"]["includes_estimate"] is False
    assert by_mass["gross_mass"]["estimated"]["value"] == "0"
    assert all(isinstance(row["total"]["value"], str) for row in report["rows"])


def test_quarters_and_years_split_at_their_first_and_last_days(make):
    make.item("COV", "piece", "0.35 kg")
    for day, pieces in [("2019-12-31", 1), ("2020-01-01", 2), ("2020-03-31", 4), ("2020-04-01", 8),
                        ("2020-06-30", 16), ("2020-07-01", 32), ("2020-09-30", 64), ("2020-10-01", 128),
                        ("2020-12-31", 256)]:
        make.shipment(lines=[("COV", f"{pieces} piece")], status="received",
                      planned_departure=date.fromisoformat(day), dates=dispatched_on(date.fromisoformat(day)))
    client = make.api("staff")
    quarters = expect(client.get(f"{REPORTS}?period=quarter"))["rows"]
    assert [(row["period"], row["total"]["value"]) for row in quarters] == [
        ("2019-Q4", "1"), ("2020-Q1", "6"), ("2020-Q2", "24"), ("2020-Q3", "96"), ("2020-Q4", "384")]
    years = expect(client.get(f"{REPORTS}?period=year"))["rows"]
    assert [(row["period"], row["total"]["value"], row["shipments"]) for row in years] == [
        ("2019", "1", 1), ("2020", "510", 8)]


def test_grouped_by_item_alone_in_and_out_stay_apart_and_mass_totals_use_the_mass_unit(make, flow_data):
    report = expect(make.api("staff").get(f"{REPORTS}?group_by=item&mass_unit=t"))
    assert report["group_by"] == ["direction", "item"]
    coverall = [(row["direction"], row["total"]) for row in report["rows"] if row["item"]["sku"] == "COV"]
    assert coverall == [("inbound", {"value": "1000", "unit": "piece"}),
                        ("outbound", {"value": "510", "unit": "piece"}),
                        ("outbound", {"value": "0.05", "unit": "t"})]
