"""A file with bad rows is refused whole: every refused cell is listed and nothing is written."""
from __future__ import annotations

import io

import pytest

from tests.transfer.files import HEADINGS, csv_bytes, row

GOOD = row(reference="IMP-GOOD", line_no="1")

# (cells of one bad row, the column refused, words the reason must contain)
BAD_ROWS = {
    "ton is ambiguous": (dict(quantity="5 ton", unit=""), "quantity", "ton"),
    "pcs is a parsec to pint, not here": (dict(quantity="5", unit="parsec"), "quantity", "parsec"),
    "a mass unit for a litre item is fine, a length is not": (dict(sku="GEL", quantity="3 m", unit=""),
                                                              "quantity", "GEL"),
    "a count must be whole": (dict(quantity="2.5", unit="piece"), "quantity", "whole"),
    "zero": (dict(quantity="0", unit="piece"), "quantity", "greater than zero"),
    "below a millionth": (dict(sku="RICE", quantity="0.0000001", unit="t"), "quantity", ""),
    "negative": (dict(quantity="-5", unit="piece"), "quantity", ""),
    "amount and unit both in the cell and a unit column": (dict(quantity="5 kg", unit="kg"), "quantity",
                                                           "amount alone"),
    "too many decimals": (dict(sku="RICE", quantity="1.1234567", unit="kg"), "quantity", ""),
    "no quantity": (dict(quantity="", unit=""), "quantity", "give the quantity"),
    "unknown SKU": (dict(sku="NOPE-1"), "sku", "no item"),
    "no SKU": (dict(sku=""), "sku", "SKU"),
    "unknown partner": (dict(counterparty="Nobody Ltd"), "counterparty", "no organisation named"),
    "unknown partner id": (dict(counterparty="999999"), "counterparty", "no organisation with id"),
    "no partner": (dict(counterparty=""), "counterparty", "name"),
    "not a country": (dict(destination_country="XX"), "destination_country", "ISO 3166"),
    "a country name, not a code": (dict(origin_country="Czechia"), "origin_country", "ISO 3166"),
    "unknown status": (dict(status="lost"), "status", "must be one of"),
    "unknown direction": (dict(direction="sideways"), "direction", "inbound"),
    "unknown kind": (dict(kind="gift"), "kind", "donation"),
    "unknown transport": (dict(transport_mode="teleport"), "transport_mode", "road"),
    "a date a person would write": (dict(planned_departure="15.03.2020"), "planned_departure", "date"),
    "arrival before departure": (dict(planned_departure="2020-03-10", expected_arrival="2020-03-01"),
                                 "expected_arrival", "before"),
    "bad reference": (dict(reference="A B C"), "reference", "letters"),
    "no line number": (dict(line_no=""), "line_no", "number"),
    "a line number that is not one": (dict(line_no="first"), "line_no", "whole number"),
    "value without currency": (dict(declared_value="100"), "currency", "together"),
    "not a currency": (dict(declared_value="100", currency="EURO"), "currency", "ISO 4217"),
    "a value that is not a number": (dict(declared_value="lots", currency="EUR"), "declared_value", ""),
    "expiry that is not a date": (dict(expiry="soon"), "expiry", "date"),
    "a departure in year 1": (dict(planned_departure="0001-01-01"), "planned_departure",
                              "from 2000-01-01 to 2100-12-31"),
    "an arrival of 9999-12-31 for no date": (dict(expected_arrival="9999-12-31"), "expected_arrival",
                                             "from 2000-01-01 to 2100-12-31"),
    "an expiry before the window": (dict(expiry="1999-12-31"), "expiry", "from 2000-01-01 to 2100-12-31"),
    "an actual date before the window": (dict(status="in_transit", dispatched_at="1999-12-31T12:00:00+00:00"),
                                         "dispatched_at", "between 2000-01-01 and now"),
    "a lot too long": (dict(lot="L" * 101), "lot", "100"),
    "an actual date without its offset": (dict(status="in_transit", dispatched_at="2020-04-02T09:30:00"),
                                          "dispatched_at", "offset"),
    "an actual date that is not one": (dict(status="in_transit", dispatched_at="2 April"), "dispatched_at",
                                       "ISO 8601"),
    "an actual date in the future": (dict(status="in_transit", dispatched_at="2999-01-01T00:00:00+00:00"),
                                     "dispatched_at", "between"),
    "received on a draft": (dict(received_quantity="5", received_unit="piece"), "received_quantity",
                            "status received"),
    "received by mass for a line sent by count": (
        dict(status="received", received_quantity="5", received_unit="kg"), "received_quantity", "count"),
}


@pytest.mark.parametrize("name", list(BAD_ROWS))
def test_one_bad_row_refuses_the_file_and_says_where_and_why(name, run_import, catalogue, stored):
    cells, column, words = BAD_ROWS[name]
    bad = row(**{"reference": "IMP-BAD", "line_no": "1", **cells})

    report = run_import(csv_bytes([GOOD, bad]))

    assert not report.accepted
    refused = [(r.row, r.column) for r in report.refusals]
    assert (3, column) in refused, report.refusals
    reason = next(r.reason for r in report.refusals if (r.row, r.column) == (3, column))
    assert words.lower() in reason.lower(), reason
    assert all(r.row == 3 for r in report.refusals), report.refusals  # the good row is not blamed
    assert stored() == {}


def test_every_refused_row_is_counted_and_the_first_hundred_listed_in_order(run_import, catalogue, stored):
    rows = [row(reference=f"IMP-{n:04d}", quantity="5 ton", unit="") for n in range(1, 4001)]
    rows[1234]["quantity"] = "5 kg"  # fine: coveralls may be counted by mass
    rows[2345]["expiry"] = "2026-13-45"  # a second refusal in one row, far down the sheet

    report = run_import(csv_bytes(rows))

    assert report.refusal_count == 4000 and report.unlisted == 3900
    assert [r.row for r in report.refusals] == list(range(2, 102))
    assert report.as_dict()["refused_rows"] == 3999 and report.as_dict()["refusal_count"] == 4000
    assert "4,000 problems in 3,999 of its 4,000 rows (the first 100 are listed)" in report.summary()
    assert stored() == {}


def test_a_bad_row_after_thousands_of_good_ones_still_leaves_nothing_written(run_import, catalogue, stored):
    rows = [row(reference=f"IMP-{n:04d}") for n in range(1, 5001)]  # more than two write batches
    rows.append(row(reference="IMP-LAST", sku="NOPE"))

    report = run_import(csv_bytes(rows))

    assert [(r.row, r.column) for r in report.refusals] == [(5002, "sku")]
    assert stored() == {}


def test_a_shipments_rows_must_agree_on_its_columns(run_import, catalogue, stored):
    rows = [row(line_no="1"), row(line_no="2", destination_country="PL", carrier="DHL"),
            row(line_no="3", destination_country="sk")]  # the same country, written in lower case

    report = run_import(csv_bytes(rows))

    assert sorted((r.row, r.column) for r in report.refusals) == [(3, "carrier"), (3, "destination_country")]
    assert "differs from row 2" in report.refusals[0].reason
    assert stored() == {}


def test_a_line_number_twice_in_one_shipment_is_refused(run_import, catalogue):
    report = run_import(csv_bytes([row(line_no="1"), row(line_no="1", quantity="5", unit="piece")]))

    assert [(r.row, r.column, r.value) for r in report.refusals] == [(3, "line_no", "1")]
    assert "also in row 2" in report.refusals[0].reason


def test_a_shipments_rows_must_stay_together(run_import, catalogue):
    rows = [row(reference="IMP-A"), row(reference="IMP-B"), row(reference="IMP-A", line_no="2")]

    report = run_import(csv_bytes(rows))

    assert [(r.row, r.column) for r in report.refusals] == [(4, "reference")]
    assert "first appears in row 2" in report.refusals[0].reason


def test_a_row_without_a_reference_is_refused(run_import, catalogue):
    report = run_import(csv_bytes([row(reference="")]))

    assert [(r.row, r.column) for r in report.refusals] == [(2, "reference")]


def test_partners_may_not_import(run_import, catalogue, make, stored):
    from logistics.domain.access import Actor, Role
    from logistics.errors import Forbidden

    partner = Actor(user_id=None, role=Role.PARTNER, organization_id=catalogue["brat"].id)

    with pytest.raises(Forbidden):
        run_import(csv_bytes([row()]), actor=partner)
    assert stored() == {}


def test_a_new_shipment_keeps_its_actual_dates_and_a_file_cannot_rewrite_them(run_import, catalogue, stored):
    sent = row(reference="IMP-DATES", line_no="1", status="in_transit",
               dispatched_at="2020-04-02T09:30:00+08:00")
    assert run_import(csv_bytes([sent])).accepted
    assert stored()["IMP-DATES"]["dispatched_at"].isoformat() == "2020-04-02T01:30:00+00:00"
    assert run_import(csv_bytes([sent])).shipments_unchanged == 1  # the same file again changes nothing

    moved = {**sent, "dispatched_at": "2020-04-03T09:30:00+08:00"}
    report = run_import(csv_bytes([moved]))

    assert not report.accepted
    refusal = report.refusals[0]
    assert refusal.column == "dispatched_at" and "comes from its history" in refusal.reason
    assert stored()["IMP-DATES"]["dispatched_at"].isoformat() == "2020-04-02T01:30:00+00:00"


SHEET_COLUMNS = set(HEADINGS)
SHIPMENT_CELLS = ("direction", "kind", "status", "counterparty", "origin_country", "origin_place",
                  "destination_country", "destination_place", "carrier", "transport_mode", "planned_departure")


def test_a_first_row_without_its_origin_names_the_sheets_column_and_says_what_to_give(run_import, catalogue):
    report = run_import(csv_bytes([row(origin_country="", origin_place="")]))

    assert [(r.row, r.column) for r in report.refusals] == [(2, "origin_country")], report.refusals
    assert "give origin_country" in report.refusals[0].reason and "CZ" in report.refusals[0].reason


def test_a_place_without_its_country_names_the_country_column(run_import, catalogue):
    report = run_import(csv_bytes([row(destination_country="", destination_place="Bratislava")]))

    assert [(r.row, r.column) for r in report.refusals] == [(2, "destination_country")], report.refusals
    assert "give destination_country" in report.refusals[0].reason


def test_a_continuation_row_with_blank_shipment_cells_names_each_column_and_the_first_row(run_import, catalogue):
    second = row(line_no="2", **{name: "" for name in SHIPMENT_CELLS})

    first = row(line_no="1", carrier="DHL", transport_mode="road", planned_departure="2020-03-01")

    report = run_import(csv_bytes([first, second]))

    refused = {r.column: r.reason for r in report.refusals}
    assert {r.row for r in report.refusals} == {3}
    assert set(refused) == set(SHIPMENT_CELLS) - {"status"}, refused  # blank status is draft, as in row 2
    assert "give origin_country as in row 2" in refused["origin_country"], refused
    assert "give counterparty as in row 2" in refused["counterparty"], refused


@pytest.mark.parametrize("blank", [*SHIPMENT_CELLS, "reference", "line_no", "sku", "quantity", "unit"])
@pytest.mark.parametrize("where", ["first row", "second row"])
def test_every_blank_cell_is_refused_under_a_column_of_the_sheet_in_the_projects_words(
        run_import, catalogue, blank, where):
    rows = [row(line_no="1", carrier="DHL", transport_mode="road", planned_departure="2020-03-01"),
            row(line_no="2", carrier="DHL", transport_mode="road", planned_departure="2020-03-01")]
    rows[0 if where == "first row" else 1][blank] = ""

    report = run_import(csv_bytes(rows))

    for refusal in report.refusals:
        assert refusal.column in SHEET_COLUMNS, refusal
        assert "Missing data" not in refusal.reason and "required field" not in refusal.reason, refusal


def test_the_refusal_of_a_blank_origin_is_said_in_the_readers_language(make, catalogue):
    response = make.api("staff").request(
        "POST", "/api/v1/shipments/import?dry_run=true", headers={"Accept-Language": "cs"},
        data={"file": (io.BytesIO(csv_bytes([row(origin_country="", origin_place="")])), "rows.csv")},
        content_type="multipart/form-data")
    body = response.get_json()
    assert response.status_code == 422, body
    refusal = body["refusals"][0]
    assert refusal["column"] == "origin_country" and "origin_country" in refusal["reason"], refusal
    assert refusal["reason"].startswith("zadejte"), refusal


def test_an_origin_blank_on_every_row_is_asked_for_where_it_starts_not_as_in_the_first(run_import, catalogue):
    report = run_import(csv_bytes([row(line_no="1", origin_country=""), row(line_no="2", origin_country="")]))

    assert [(r.row, r.column) for r in report.refusals] == [(2, "origin_country")]
    assert report.refusals[0].reason.startswith("give origin_country: the country's")
