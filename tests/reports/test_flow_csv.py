"""The CSV report holds the same rows as the JSON report, after a header row, in decimal strings."""
from __future__ import annotations

import csv
import io

from logistics.csv_writer import unescape_cell
from tests.reports.conftest import REPORTS, expect

QUERY = "group_by=counterparty,item,category&period=quarter&mass_unit=t&from=2020-01-01&to=2020-12-31"
HEADER = ["direction", "counterparty_id", "counterparty", "item_id", "item_sku", "item", "category", "period",
          "unit", "total", "lines", "shipments", "gross_mass_unit", "gross_mass_exact",
          "gross_mass_estimated", "gross_mass_total", "gross_mass_includes_estimate", "unweighed_lines",
          "date_basis"]


def _flat(row: dict) -> dict:
    """Flatten a JSON row the way the CSV columns are documented."""
    mass = row["gross_mass"]
    return {"direction": row["direction"], "counterparty_id": str(row["counterparty"]["id"]), "counterparty": row["counterparty"]["name"],
            "item_id": str(row["item"]["id"]), "item_sku": row["item"]["sku"], "item": row["item"]["name"],
            "category": row["category"] or "", "period": row["period"] or "", "unit": row["unit"],
            "total": row["total"]["value"], "lines": str(row["lines"]), "shipments": str(row["shipments"]),
            "gross_mass_unit": mass["total"]["unit"], "gross_mass_exact": mass["exact"]["value"],
            "gross_mass_estimated": mass["estimated"]["value"], "gross_mass_total": mass["total"]["value"],
            "gross_mass_includes_estimate": "yes" if mass["includes_estimate"] else "no",
            "unweighed_lines": str(mass["unweighed_lines"]), "date_basis": "actual"}


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    return list(csv.reader(io.StringIO(response.text)))


def test_csv_rows_equal_the_json_rows(make, flow_data):
    client = make.api("manager")
    report = expect(client.get(f"{REPORTS}?{QUERY}"))
    response = client.get(f"{REPORTS}.csv?{QUERY}")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="flows.csv"'
    header, *rows = _csv(response)
    assert header == HEADER
    assert [dict(zip(header, row)) for row in rows] == [_flat(row) for row in report["rows"]]
    assert len(rows) == 12


def test_csv_figures_are_exact_decimal_strings(make, flow_data):
    _, *rows = _csv(make.api("staff").get(f"{REPORTS}.csv?group_by=direction&mass_unit=t"))
    assert rows == [
        ["inbound", "piece", "6000", "2", "2", "t", "0", "0.41", "0.41", "yes", "0", "actual"],
        ["inbound", "t", "1.505", "2", "2", "t", "1.505", "0", "1.505", "no", "0", "actual"],
        ["inbound", "L", "250.5", "1", "1", "t", "0", "0.22545", "0.22545", "yes", "0", "actual"],
        ["outbound", "piece", "1720", "5", "4", "t", "0", "0.1929", "0.1929", "yes", "1", "actual"],
        ["outbound", "t", "1.00025", "3", "3", "t", "1.00025", "0", "1.00025", "no", "0", "actual"],
        ["outbound", "L", "10", "1", "1", "t", "0", "0.009", "0.009", "yes", "0", "actual"],
    ]


def test_an_empty_csv_report_is_just_the_header(make):
    assert _csv(make.api("staff").get(f"{REPORTS}.csv?group_by=item,period")) == [
        ["direction", "item_id", "item_sku", "item", "period", *HEADER[8:]]]


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(make):
    make.item("SOAP", "piece", name="=HYPERLINK(\"http://x\")", category="@risk")
    make.shipment(lines=[("SOAP", "5 piece")], status="received")
    client = make.api("staff")
    assert expect(client.get(f"{REPORTS}?group_by=item,category"))["rows"][0]["item"]["name"].startswith("=")
    _, row = _csv(client.get(f"{REPORTS}.csv?group_by=item,category"))
    assert row[3:5] == ["'=HYPERLINK(\"http://x\")", "'@risk"]


def test_csv_cells_follow_the_one_rule_of_every_export_so_a_leading_apostrophe_is_doubled(make):
    partner = make.org(name="'t Hoen Medical")
    make.item("SOAP", "piece", name="-Soap, liquid")
    make.shipment(partner, lines=[("SOAP", "5 piece")], status="received")

    _, row = _csv(make.api("staff").get(f"{REPORTS}.csv?group_by=counterparty,item"))

    assert (row[2], row[5]) == ("''t Hoen Medical", "'-Soap, liquid")
    assert (unescape_cell(row[2]), unescape_cell(row[5])) == ("'t Hoen Medical", "-Soap, liquid")


def test_the_csv_by_item_never_adds_inbound_to_outbound_and_gives_mass_in_the_unit_asked(make):
    make.item("COV", "piece", "0.35 kg", name="Coverall")
    make.shipment(lines=[("COV", "22.5 t")], direction="inbound", status="received")
    make.shipment(lines=[("COV", "5280 piece")], status="received")
    make.shipment(lines=[("COV", "720 piece")], status="in_transit")

    header, *rows = _csv(make.api("staff").get(f"{REPORTS}.csv?group_by=item&mass_unit=t"))

    assert header[:5] == ["direction", "item_id", "item_sku", "item", "unit"]
    assert [row[:1] + row[2:3] + row[4:6] + row[8:11] for row in rows] == [
        ["inbound", "COV", "t", "22.5", "t", "22.5", "0"],
        ["outbound", "COV", "piece", "6000", "t", "0", "2.1"],
    ]
