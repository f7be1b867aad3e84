"""Declared values on the flow report, as an option: per row and per direction, one total per currency."""
from __future__ import annotations

import csv
import io

import pytest

from tests.documents.pdfs import read_pdf
from tests.reports.conftest import REPORTS, expect


@pytest.fixture
def valued(make):
    """Coveralls in (EUR and CZK) and out (EUR, and a line with no value); masks out in EUR."""
    make.item("COV", "piece", "0.35 kg", name="Coverall")
    make.item("N95", "piece", "0.012 kg", name="N95 respirator")
    cz = make.org(name="Brno Supplies", country="CZ", kind="supplier")
    sk = make.org(name="Nitra Hospital", country="SK")
    make.shipment(cz, [("COV", "1000 piece", "1250.50 EUR"), ("COV", "22.5 t", "300000 CZK")],
                  direction="inbound", status="received")
    make.shipment(sk, [("COV", "400 piece", "999.99 EUR"), ("COV", "100 piece"),
                       ("N95", "5000 piece", "0.01 EUR")], status="in_transit")
    make.shipment(sk, [("N95", "7 piece", "5000 EUR")], status="draft")  # never left: counts nowhere


def _values(row: dict) -> list[str]:
    return [f'{value["amount"]} {value["currency"]}' for value in row["values"]]


def test_values_are_given_per_row_and_per_direction_one_total_per_currency(make, valued):
    report = expect(make.api("staff").get(f"{REPORTS}?group_by=item&values=1"))
    assert report["values"] is True
    assert [(row["direction"], row["item"]["sku"], row["unit"], _values(row)) for row in report["rows"]] == [
        ("inbound", "COV", "piece", ["1250.50 EUR"]),
        ("inbound", "COV", "kg", ["300000.00 CZK"]),
        ("outbound", "COV", "piece", ["999.99 EUR"]),  # the line without a value adds nothing
        ("outbound", "N95", "piece", ["0.01 EUR"]),
    ]
    assert [(totals["direction"], _values(totals)) for totals in report["value_totals"]] == [
        ("inbound", ["300000.00 CZK", "1250.50 EUR"]),  # never added across currencies
        ("outbound", ["1000.00 EUR"]),  # nor across directions
    ]


def test_without_the_option_no_values_are_read_or_shown(make, valued):
    report = expect(make.api("staff").get(f"{REPORTS}?group_by=item"))
    assert report["values"] is False and report["value_totals"] == []
    assert all(row["values"] == [] for row in report["rows"])


def test_the_csv_has_a_column_per_currency_with_exact_amounts(make, valued):
    response = make.api("staff").get(f"{REPORTS}.csv?values=true")
    header, *rows = list(csv.reader(io.StringIO(response.text)))
    assert header[-3:] == ["value_CZK", "value_EUR", "date_basis"]
    assert [(row[0], row[1], row[-3], row[-2]) for row in rows] == [
        ("inbound", "piece", "", "1250.50"), ("inbound", "kg", "300000.00", ""),
        ("outbound", "piece", "", "1000.00")]


def test_the_printed_report_shows_values_per_row_and_direction_never_added_across_currencies(make, valued):
    response = make.api("manager").get(f"{REPORTS}.pdf?group_by=country&values=1&mass_unit=t")
    assert response.status_code == 200
    text = read_pdf(response.data).words
    for shown in ("Declared values", "1,250.50 EUR", "300,000.00 CZK",
                  "Inbound declared values: 300,000.00 CZK; 1,250.50 EUR",
                  "Outbound declared values: 1,000.00 EUR",
                  "amounts in different currencies are never added"):
        assert shown in text, shown
    assert "301,250.5" not in text and "302,250" not in text


def test_a_value_option_that_is_not_a_yes_or_no_is_refused(make):
    body = expect(make.api("staff").get(f"{REPORTS}?values=maybe"), 422)
    assert "values" in body["errors"]["query"]
