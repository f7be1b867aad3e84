"""The report's plain rules (groupings, gross mass from the database's integer sums) and its period SQL."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Date, DateTime, column
from sqlalchemy.dialects import postgresql, sqlite

from logistics.domain.reports import Amount, GrossMass, GroupSums, flow_row, gross_mass, resolve_grouping
from logistics.errors import Invalid
from logistics.schemas.reports import csv_columns
from logistics.services.periods import period_of, utc_day


@pytest.mark.parametrize("group_by, period, expected", [
    ([], None, (["direction"], None)),
    (["direction", "country"], "month", (["direction", "country", "period"], "month")),
    (["period", "item"], None, (["direction", "period", "item"], "month")),
    (["period", "item"], "year", (["direction", "period", "item"], "year")),
    (["item", "direction"], None, (["item", "direction"], None)),
])
def test_a_period_alone_groups_by_it_period_alone_means_month_and_direction_is_always_a_key(group_by, period, expected):
    assert resolve_grouping(group_by, period) == expected


@pytest.mark.parametrize("group_by, period", [(["colour"], None), (["item", "item"], None), ([], "week")])
def test_unknown_or_repeated_groupings_and_periods_are_refused(group_by, period):
    with pytest.raises(Invalid):
        resolve_grouping(group_by, period)


def _sums(unit="piece", whole=0, micro=0, est_micro=0, est_pico=0, unweighed=0) -> GroupSums:
    return GroupSums(unit, whole, micro, 1, 1, est_micro, est_pico, unweighed)


def test_gross_mass_of_a_mass_row_is_exact_and_of_a_counted_row_estimated():
    mass = gross_mass(_sums("kg", whole=1500, micro=250_000), "t")
    assert mass == GrossMass(Amount(Decimal("1.50025"), "t"), Amount(Decimal(0), "t"), 0)
    assert mass.total == Amount(Decimal("1.50025"), "t") and mass.includes_estimate is False
    # 1000 pieces of 0.35 kg: 1000 × 350,000 µkg
    counted = gross_mass(_sums(whole=1000, est_micro=350_000_000, unweighed=2), "kg")
    assert counted.exact.value == 0 and counted.estimated == Amount(Decimal(350), "kg")
    assert counted.includes_estimate is True and counted.unweighed_lines == 2


def test_remainder_parts_of_an_estimate_count_to_the_millionth_kg_rounded_half_even():
    assert gross_mass(_sums("L", est_pico=1_500_000), "kg").estimated.value == Decimal("0.000002")
    assert gross_mass(_sums("L", est_pico=500_000), "kg").estimated.value == 0
    assert gross_mass(_sums("L", est_micro=1, est_pico=999_999), "kg").estimated.value == Decimal("0.000002")


def test_a_row_total_joins_whole_units_and_millionths_exactly():
    row = flow_row({"direction": "inbound"}, _sums("kg", whole=2**62, micro=999_999), "kg")
    assert row.total == Amount(Decimal(f"{2**62}.999999"), "kg")
    assert str(row.total.value) == f"{2**62}.999999"  # exact: no float, no exponent
    assert row.keys["direction"] == "inbound" and row.unit == "kg"


def test_figures_keep_one_spelling_whatever_the_scale_they_were_summed_at():
    row = flow_row({}, _sums("kg", whole=1500, micro=0), "t")
    assert [str(row.total.value), str(row.gross_mass.exact.value)] == ["1.5", "1.5"]
    assert row.unit == "t"  # a total by mass is in the report's mass unit, like every mass column


@pytest.mark.parametrize("period, sqlite_sql, postgresql_sql", [
    ("month", "strftime('%Y-%m', d)", "to_char(d, 'YYYY-MM')"),
    ("year", "strftime('%Y', d)", "to_char(d, 'YYYY')"),
    ("quarter", "(strftime('%Y', d) || '-Q' || ((CAST(strftime('%m', d) AS INTEGER) + 2) / 3))",
     "to_char(d, 'YYYY-\"Q\"Q')"),
])
def test_the_period_label_is_written_for_each_dialect(period, sqlite_sql, postgresql_sql):
    expression = period_of(column("d", Date), period)
    assert str(expression.compile(dialect=sqlite.dialect())) == sqlite_sql
    assert str(expression.compile(dialect=postgresql.dialect())) == postgresql_sql


def test_csv_columns_follow_the_groupings_in_the_order_asked():
    assert csv_columns(["period", "counterparty"])[:3] == ["period", "counterparty_id", "counterparty"]
    assert csv_columns([])[0] == "unit"


def test_the_utc_day_of_a_timestamp_is_written_for_each_dialect():
    expression = period_of(utc_day(column("t", DateTime(timezone=True))), "month")
    assert str(expression.compile(dialect=sqlite.dialect())) == "strftime('%Y-%m', date(t))"
    assert str(expression.compile(dialect=postgresql.dialect())) == \
        "to_char(CAST((t AT TIME ZONE 'UTC') AS DATE), 'YYYY-MM')"
