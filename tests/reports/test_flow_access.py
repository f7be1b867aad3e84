"""Who may read flow reports (everyone signed in; partners only their own flows) and what is refused."""
from __future__ import annotations

import pytest

from tests.reports.conftest import REPORTS, brief, expect


@pytest.mark.parametrize("path", [REPORTS, f"{REPORTS}.csv"])
def test_a_report_without_a_token_gets_401(make, path):
    response = make.anonymous().get(f"{path}?group_by=colour")
    assert expect(response, 401)["message"].startswith("authentication required")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("role", ["admin", "manager", "staff"])
def test_admins_managers_and_staff_see_every_organisations_flows(make, flow_data, role):
    report = expect(make.api(role).get(f"{REPORTS}?group_by=counterparty"))
    assert sorted({row["counterparty"]["name"] for row in report["rows"]}) == [
        "Alpha Supplies", "Bratislava Hospital", "Kraków Aid"]


def test_partner_sees_only_its_own_organisations_flows(make, flow_data):
    partner = make.api("partner", org=flow_data["krak"])
    assert brief(expect(partner.get(REPORTS))) == [
        ("outbound", "1210 piece", 2, 2, "0", "17.9", "17.9", 0),
        ("outbound", "200.25 kg", 1, 1, "200.25", "0", "200.25", 0),
        ("outbound", "10 L", 1, 1, "0", "9", "9", 0),
    ]
    grouped = expect(partner.get(f"{REPORTS}?group_by=country,counterparty&status=in_transit&date_basis=planned"))
    assert brief(grouped) == [("outbound", "PL", "Kraków Aid", "1200 piece", 1, 1, "0", "14.4", "14.4", 0),
                              ("outbound", "PL", "Kraków Aid", "200.25 kg", 1, 1, "200.25", "0", "200.25", 0),
                              ("outbound", "PL", "Kraków Aid", "10 L", 1, 1, "0", "9", "9", 0)]
    # S6 was cancelled as a draft, never confirmed: the partner never saw it, nor its flows.
    assert brief(expect(partner.get(f"{REPORTS}?status=cancelled&date_basis=planned"))) == []


def test_partner_csv_holds_only_its_own_flows(make, flow_data):
    response = make.api("partner", org=flow_data["alpha"]).get(f"{REPORTS}.csv?group_by=counterparty")
    assert response.status_code == 200
    assert "Alpha Supplies" in response.text
    assert "Bratislava" not in response.text and "Kraków" not in response.text


BAD = {
    "unknown grouping": ("group_by=direction,colour", "group_by", "unknown grouping 'colour'"),
    "repeated grouping": ("group_by=direction,direction", "group_by", "direction given more than once"),
    "empty grouping between commas": ("group_by=direction,,kind", "group_by", "unknown grouping ''"),
    "unknown period": ("period=week", "period", "Must be one of"),
    "not a date": ("from=2020-13-01", "from", "Not a valid date"),
    "a word for a date": ("to=yesterday", "to", "Not a valid date"),
    "from after to": ("from=2020-05-01&to=2020-04-01", "to", "must not be before from"),
    "unknown mass unit": ("mass_unit=lb", "mass_unit", "Must be one of"),
    "ambiguous ton": ("mass_unit=ton", "mass_unit", "Must be one of"),
    "unknown status": ("status=lost", "status", "Must be one of"),
}


@pytest.mark.parametrize("suffix", ["", ".csv"])
@pytest.mark.parametrize("query, field, message", BAD.values(), ids=BAD.keys())
def test_bad_parameters_get_422_with_a_message_per_field(make, suffix, query, field, message):
    body = expect(make.api("staff").get(f"{REPORTS}{suffix}?{query}"), 422)
    errors = body["errors"]["query"]
    assert list(errors) == [field]
    assert message in str(errors[field])
    assert body["message"].startswith("invalid input")
