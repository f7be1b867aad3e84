"""What the printed flow report says, computed from report rows without an app or a database."""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from logistics.domain.audit import changes
from logistics.domain.reports import Amount, CounterpartyKey, FlowReport, FlowRow, GrossMass, ItemKey
from logistics.document_language import Wording
from logistics.domain.summary import MAX_BARS, country_charts, flow_summary, key_text, money_text
from logistics.domain.workflow import MOVED, Direction
from logistics.money import Money

NAMES = {"PL": "Poland", "SK": "Slovakia", "CN": "China"}


def _row(keys: dict, total: str, unit: str, gross: str, estimated: str = "0", lines: int = 1,
         shipments: int = 1, unweighed: int = 0) -> FlowRow:
    """Return a row as the flow report service returns it."""
    exact = "0" if estimated != "0" else gross
    mass = GrossMass(Amount(Decimal(exact), "kg"), Amount(Decimal(estimated), "kg"), unweighed)
    return FlowRow(keys, Amount(Decimal(total), unit), lines, shipments, mass)


def _report(group_by: list[str], rows: list[FlowRow], **extra) -> FlowReport:
    return FlowReport(**{"group_by": tuple(group_by), "period": None, "date_from": None, "date_to": None,
                         "statuses": tuple(MOVED), "mass_unit": "kg", "rows": tuple(rows), **extra})


@pytest.mark.parametrize("key, value, text", [
    ("country", "PL", "Poland (PL)"),
    ("country", "XX", "XX (XX)"),
    ("counterparty", CounterpartyKey(3, "Kraków Aid"), "Kraków Aid"),
    ("item", ItemKey(1, "COV", "Coverall"), "COV Coverall"),
    ("direction", Direction.OUTBOUND, "outbound"),
    ("period", None, "no date"),
    ("category", None, "—"),
    ("period", "2020-Q2", "2020-Q2"),
])
def test_group_keys_print_as_people_read_them(key, value, text):
    assert key_text(key, value, NAMES) == text


def test_rows_totals_and_notes_keep_every_figure_exact_and_never_add_units_together():
    report = _report(["country"], [
        _row({"country": "PL"}, "1200.5", "piece", "14.406", "14.406", lines=2),
        _row({"country": "PL"}, "200.25", "kg", "200.25"),
        _row({"country": "SK"}, "0.000001", "piece", "0", unweighed=1),
    ], date_from=date(2020, 1, 1))
    summary = flow_summary(report, _report(["direction", "country"], []), NAMES, None)

    assert summary.headers == ["Country", "Total", "Gross mass (kg)", "Estimated (kg)", "Lines", "Shipments",
                               "Not weighed"]
    assert summary.rows == [
        ["Poland (PL)", "1,200.5 piece", "≈ 14.406", "14.406", "2", "1", "—"],
        ["Poland (PL)", "200.25 kg", "200.25", "—", "1", "1", "—"],
        ["Slovakia (SK)", "0.000001 piece", "0", "—", "1", "1", "1"],
    ]
    assert summary.totals == ["Totals: 1,200.500001 piece; 200.25 kg (gross mass 214.656 kg, "
                              "of which ≈ 14.406 kg estimated; 4 lines)"]
    assert len(summary.notes) == 2
    assert ("Actual dispatch", "on or after 2020-01-01") in summary.filters
    assert ("Dated by", "actual dispatch (UTC day; shipments not dispatched yet have no actual date "
                        "and are not counted)") in summary.filters
    assert ("Data as of", "—") in summary.filters


def test_totals_are_per_direction_and_never_add_inbound_to_outbound():
    report = _report(["direction"], [
        _row({"direction": Direction.OUTBOUND}, "345000", "piece", "4140", "4140"),
        _row({"direction": Direction.INBOUND}, "22500", "kg", "22500"),
        _row({"direction": Direction.INBOUND}, "100", "piece", "1.2", "1.2"),
    ])
    summary = flow_summary(report, _report(["direction", "country"], []), NAMES, None)

    assert summary.totals == [
        "Inbound totals: 22,500 kg; 100 piece (gross mass 22,501.2 kg, of which ≈ 1.2 kg estimated; 2 lines)",
        "Outbound totals: 345,000 piece (gross mass 4,140 kg, of which ≈ 4,140 kg estimated; 1 lines)"]


def test_the_revision_changes_with_any_printed_value_and_only_then():
    def sealed(total: str, as_of: datetime):
        report = _report(["country"], [_row({"country": "PL"}, total, "kg", total)])
        return flow_summary(report, _report(["direction", "country"], []), NAMES, as_of)

    moment = datetime(2020, 5, 1, 12, 0, tzinfo=UTC)
    first, again = sealed("10", moment), sealed("10", moment)
    assert (first.revision, first.checksum) == (again.revision, again.checksum)
    assert first.checksum.startswith(first.revision) and len(first.checksum) == 64
    assert sealed("10.000001", moment).revision != first.revision
    assert sealed("10", moment.replace(minute=1)).revision != first.revision


def test_a_chart_per_direction_and_unit_with_the_largest_country_first():
    by_country = _report(["direction", "country"], [
        _row({"direction": Direction.OUTBOUND, "country": "PL"}, "1210", "piece", "0"),
        _row({"direction": Direction.OUTBOUND, "country": "SK"}, "5100", "piece", "0"),
        _row({"direction": Direction.OUTBOUND, "country": "SK"}, "800", "kg", "800"),
        _row({"direction": Direction.INBOUND, "country": "CN"}, "6000", "piece", "0"),
    ])
    charts = country_charts(by_country, NAMES)
    assert [chart.title for chart in charts] == ["Inbound — piece", "Outbound — piece", "Outbound — kg"]
    assert [(bar.label, bar.value, bar.text) for bar in charts[1].bars] == [
        ("Slovakia (SK)", Decimal("5100"), "5,100 piece"), ("Poland (PL)", Decimal("1210"), "1,210 piece")]


def test_past_the_limit_the_smallest_countries_are_added_up_in_one_bar():
    codes = [f"A{chr(65 + n)}" for n in range(MAX_BARS + 5)]
    by_country = _report(["direction", "country"], [
        _row({"direction": Direction.OUTBOUND, "country": code}, str(100 + n), "kg", str(100 + n))
        for n, code in enumerate(codes)])
    (chart,) = country_charts(by_country, {})
    assert len(chart.bars) == MAX_BARS
    assert chart.bars[0].text == f"{100 + len(codes) - 1} kg"
    rest = sum(range(100, 100 + len(codes) - MAX_BARS + 1))
    assert (chart.bars[-1].label, chart.bars[-1].value) == (f"{len(codes) - MAX_BARS + 1} other countries",
                                                           Decimal(rest))
    assert sum(bar.value for bar in chart.bars) == sum(Decimal(100 + n) for n in range(len(codes)))


@pytest.mark.parametrize("before, after, expected", [
    (None, '{"name": "Kraków Aid", "country": "PL", "phone": null}',
     [("name", None, "Kraków Aid"), ("country", None, "PL"), ("phone", None, "—")]),
    ('{"carrier": null, "version": 1}', '{"carrier": "DHL", "version": 2}',
     [("carrier", "—", "DHL"), ("version", "1", "2")]),
    ('{"id": 4, "token_hash": "***"}', None, [("id", "4", None), ("token_hash", "***", None)]),
])
def test_audit_values_read_column_by_column_before_and_after(before, after, expected):
    assert changes(before, after) == expected


@pytest.mark.parametrize(("language", "printed"), [
    ("cs", "1\u00a0250,50 EUR; 300\u00a0000 JPY"), ("hr", "1.250,50 EUR; 300.000 JPY"),
    ("en", "1,250.50 EUR; 300,000 JPY"),
])
def test_declared_values_keep_their_currencys_minor_units_in_every_language(language, printed):
    values = (Money("EUR", Decimal("1250.50")), Money("JPY", Decimal("300000")))

    # Before: "1 250,5 EUR" in Czech, the cents' last zero dropped as for a quantity.
    assert money_text(values, Wording(language)) == printed
