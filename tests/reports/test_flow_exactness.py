"""Flow reports stay exact at the extremes, and run as one GROUP BY in the database."""
from __future__ import annotations

from sqlalchemy import event

from logistics import db
from logistics.domain.access import SYSTEM
from logistics.services import reports
from tests.reports.conftest import REPORTS, brief, expect


def test_totals_beyond_64_bit_millionths_are_exact_on_both_databases(make):
    make.item("BOLT", "piece", name="Bolt")
    make.shipment(lines=[("BOLT", "1000000000000 piece")] * 10, status="received")
    # 10 × 10^18 millionths would overflow a 64-bit SUM; whole units and remainders do not.
    assert brief(expect(make.api("staff").get(REPORTS))) == [
        ("outbound", "10000000000000 piece", 10, 1, "0", "0", "0", 10)]


def test_millionths_of_estimates_add_up_before_rounding(make):
    make.item("DROP", "L", "0.5 kg", name="Drops")
    make.shipment(lines=[("DROP", "0.000001 L")] * 3, status="received")
    # each line is 0.0000005 kg (which alone would round to 0); together 0.0000015 -> 0.000002 kg
    assert brief(expect(make.api("staff").get(REPORTS))) == [
        ("outbound", "0.000003 L", 3, 1, "0", "0.000002", "0.000002", 0)]
    assert brief(expect(make.api("staff").get(f"{REPORTS}?mass_unit=t"))) == [
        ("outbound", "0.000003 L", 3, 1, "0", "0.000000002", "0.000000002", 0)]


def test_large_estimates_are_exact(make):
    make.item("CONT", "piece", "1000 kg", name="Container")
    make.shipment(lines=[("CONT", "1000000000 piece"), ("CONT", "1.5 t")] * 3, status="received")
    assert brief(expect(make.api("staff").get(f"{REPORTS}?mass_unit=t"))) == [
        ("outbound", "3000000000 piece", 3, 1, "0", "3000000000", "3000000000", 0),
        ("outbound", "4.5 t", 3, 1, "4.5", "0", "4.5", 0)]


def test_an_estimate_too_large_to_add_exactly_is_refused_not_rounded(make):
    make.item("MOON", "piece", "1000000 kg", name="Moon rock")
    make.shipment(lines=[("MOON", "10000000 piece")], status="received")
    client = make.api("staff")
    body = expect(client.get(REPORTS), 422)
    assert "too large to add up exactly" in body["message"]
    assert client.get(f"{REPORTS}.csv").status_code == 422
    assert expect(client.get(f"{REPORTS}?status=draft"))["rows"] == []  # the session is usable again


def test_the_report_is_one_group_by_query_whatever_the_number_of_lines(app, make, flow_data):
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine_of(app)
    event.listen(engine, "before_cursor_execute", record)
    try:
        with app.app_context(), db.new_session(app) as session:
            report = reports.flows(session, SYSTEM, ["country", "item"], "quarter", None, None, None, "t")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 and "GROUP BY" in selects[0]
    assert len(report.rows) == 14
