"""A query parameter sent twice is read in full (the lists: group_by, status) or refused naming it, never cut."""
from __future__ import annotations

import csv
import io

import pytest

from tests.answers import expect
from tests.reports.conftest import REPORTS, flow_data  # noqa: F401  (the known data set)


def test_a_repeated_group_by_groups_by_every_value_in_order_as_the_comma_form_does(make, flow_data):
    client = make.api("manager")
    repeated = expect(client.get(f"{REPORTS}?group_by=direction&group_by=item&group_by=country,period"))
    comma = expect(client.get(f"{REPORTS}?group_by=direction,item,country,period"))
    assert repeated["group_by"] == ["direction", "item", "country", "period"]
    assert repeated == comma


def test_the_csv_of_a_repeated_group_by_has_every_grouping_column(make, flow_data):
    client = make.api("manager")
    response = client.get(f"{REPORTS}.csv?group_by=direction&group_by=item")
    assert response.status_code == 200, response.get_data(as_text=True)
    header = next(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert header[:4] == ["direction", "item_id", "item_sku", "item"], header


def test_the_pdf_of_a_repeated_group_by_is_the_pdf_of_the_comma_form(make, flow_data):
    client = make.api("manager")
    repeated = client.get(f"{REPORTS}.pdf?group_by=direction&group_by=country")
    comma = client.get(f"{REPORTS}.pdf?group_by=direction,country")
    assert repeated.status_code == comma.status_code == 200
    assert repeated.headers["X-Document-Revision"] == comma.headers["X-Document-Revision"]


@pytest.mark.parametrize("path", [REPORTS, f"{REPORTS}.csv", f"{REPORTS}.pdf"])
def test_a_grouping_given_twice_across_repeated_parameters_is_refused_naming_group_by(make, path):
    answer = expect(make.api("manager").get(f"{path}?group_by=direction,item&group_by=item"), 422)
    assert "item given more than once" in answer["errors"]["query"]["group_by"][0]


SINGLE = [
    (f"{REPORTS}?period=month&period=year", "period"),
    (f"{REPORTS}.csv?mass_unit=kg&mass_unit=t", "mass_unit"),
    (f"{REPORTS}.pdf?paper=a4&paper=letter", "paper"),
    (f"{REPORTS}?from=2020-01-01&from=2021-01-01", "from"),
    ("/api/v1/reports/stock?to=2020-01-01&to=2021-01-01", "to"),
    ("/api/v1/shipments?direction=inbound&direction=outbound", "direction"),
    ("/api/v1/shipments?page_size=5&page_size=50", "page_size"),
    ("/api/v1/organizations?page=1&page=2", "page"),
]


@pytest.mark.parametrize("path, name", SINGLE, ids=[name for _, name in SINGLE])
def test_a_parameter_that_takes_one_value_sent_twice_is_refused_naming_it(make, path, name):
    answer = expect(make.api("manager").get(path), 422)
    assert answer["errors"]["query"] == {name: [f"given more than once: send {name} once"]}, answer


def test_repeated_statuses_still_filter_by_each(make, flow_data):
    answer = expect(make.api("manager").get(f"{REPORTS}?group_by=direction&status=cancelled&status=draft"))
    assert set(answer["status"]) == {"cancelled", "draft"}
