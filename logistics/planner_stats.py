"""SQLite's query planner statistics: ANALYZE when a database has none, or they are far out of date.

Without statistics SQLite guesses that an index narrows a filter to a few rows, so a list of
two statuses or of one country (origin or destination) reads every match through the index and
sorts them all to show the newest 25; with them it walks the ids backwards and stops after a
page (bench/bench_growth.py: 3x slower at 100,000 shipments than at 10,000 without, within 2x
with). Nothing runs ANALYZE by itself on SQLite, and ``PRAGMA optimize`` before 3.46 only looks
at tables the closing connection used, so the app does it: when it starts (after its
migrations) and after a bulk import, whenever the shipments have grown or shrunk fourfold since
they were last analysed (and number at least ``MIN_ROWS``). PostgreSQL's autovacuum keeps its
own statistics: nothing is done there. No Flask here: the app factory and the import call it.
"""
from __future__ import annotations

from sqlalchemy import Engine

MIN_ROWS = 1_000  # below this the planner's guesses cost nothing worth a statistics run
STALE_FACTOR = 4  # analyse again when the table is this many times larger (or smaller)


def stale(rows: int, analysed: int | None) -> bool:
    """Say whether statistics taken at ``analysed`` rows (None: never) mislead for ``rows`` rows now."""
    if rows < MIN_ROWS:
        return False
    if not analysed:
        return True
    return rows > analysed * STALE_FACTOR or rows * STALE_FACTOR < analysed


def refresh(engine: Engine) -> bool:
    """Run ANALYZE on a SQLite database whose statistics are missing or stale; say whether it ran."""
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as connection:
        names = {name for (name,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name IN ('shipments', 'sqlite_stat1')")}
        if "shipments" not in names:
            return False  # not migrated yet
        rows = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM shipments").scalar() or 0
        analysed = None
        if "sqlite_stat1" in names:
            stat = connection.exec_driver_sql(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'shipments' ORDER BY idx IS NULL LIMIT 1").scalar()
            analysed = int(stat.split()[0]) if stat else None
        if not stale(rows, analysed):
            return False
        # Every table and index, read in full: analysis_limit's samples read the first rows of an
        # index, which for a status or a country index are all one value, and mislead.
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    return True
