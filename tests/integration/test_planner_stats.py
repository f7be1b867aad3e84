"""SQLite's planner gets statistics when the app starts and after an import; PostgreSQL keeps its own."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert

from logistics import db, planner_stats
from logistics.models import Shipment
from tests.factories import Factories
from tests.transfer.files import csv_bytes, row

TWO_STATUSES = ("SELECT id FROM shipments WHERE status IN ('in_transit', 'delivered') "
                "ORDER BY id DESC LIMIT 25")
STATUSES = ("draft", "confirmed", "in_transit", "delivered", "received", "cancelled")


def _fill(app, count: int) -> None:
    """Add ``count`` shipments in one statement (spread over the six statuses and four countries)."""
    org = Factories(app).org()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [{"reference": f"OUT-BULK-{n:06d}", "direction": "outbound", "kind": "donation",
             "counterparty_id": org.id, "origin_country": "CN", "destination_country": "SKPLHRCZ"[n % 4 * 2:][:2],
             "status": STATUSES[n % 6], "version": 1, "created_at": now, "updated_at": now}
            for n in range(count)]
    with db.engine_of(app).begin() as connection:
        connection.execute(insert(Shipment.__table__), rows)  # type: ignore[attr-defined]


def _plan(app, sql: str) -> str:
    with db.engine_of(app).connect() as connection:
        return " | ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))


@pytest.mark.parametrize(("rows", "analysed", "stale"), [
    (999, None, False),  # too few rows to matter
    (1_000, None, True),  # never analysed
    (10_000, 2_600, False), (10_000, 2_400, True),  # more than four times as many rows
    (10_000, 40_000, False), (10_000, 40_001, True),  # or fewer than a quarter
])
def test_statistics_are_stale_when_missing_or_four_times_off(rows, analysed, stale):
    assert planner_stats.stale(rows, analysed) is stale


def test_an_app_started_on_a_grown_sqlite_database_analyses_it_and_lists_two_statuses_without_sorting(
        own_app, backend):
    if backend != "sqlite":
        pytest.skip("PostgreSQL's autovacuum analyses its tables itself")
    first = own_app()
    _fill(first, 3_000)
    before = _plan(first, TWO_STATUSES)

    started = own_app()

    assert "TEMP B-TREE" in before  # without statistics: every match read through the index, then sorted
    assert "TEMP B-TREE" not in _plan(started, TWO_STATUSES)
    assert planner_stats.refresh(db.engine_of(started)) is False  # fresh: not analysed again


def test_postgresql_is_left_to_autovacuum(own_app, backend):
    app = own_app()
    _fill(app, 1_000)

    assert planner_stats.refresh(db.engine_of(app)) is (backend == "sqlite")


def test_an_import_that_grows_the_shipments_fourfold_analyses_them_again(own_app, backend, tmp_path):
    if backend != "sqlite":
        pytest.skip("PostgreSQL's autovacuum analyses its tables itself")
    app = own_app()
    _fill(app, 1_000)
    assert planner_stats.refresh(db.engine_of(app)) is True
    from logistics.domain.access import SYSTEM
    from logistics.transfer import import_file

    factories = Factories(app)
    factories.coverall()
    partner = factories.org(name="Nemocnica Nitra")
    rows = [row(reference=f"OUT-IMP-{n:05d}", counterparty=partner.name, quantity=str(n + 1)) for n in range(3_500)]
    (tmp_path / "big.csv").write_bytes(csv_bytes(rows))

    with app.app_context(), db.new_session(app) as session, open(tmp_path / "big.csv", "rb") as stream:
        report = import_file(session, SYSTEM, stream, "big.csv")

    assert report.accepted, report
    with db.engine_of(app).connect() as connection:
        stat = connection.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = 'shipments'").scalar()
    assert int(stat.split()[0]) >= 4_500
