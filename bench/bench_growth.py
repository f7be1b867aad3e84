"""Benchmark: the shipment list, its filters, search, the web list and the flow report, small against large.

Run: .venv/bin/python bench/bench_growth.py [--backend postgresql,sqlite] [--small 10000]
           [--large 1000000] [--sqlite-large 100000] [--repeats 7] [--keep]
     e.g. bench/bench_growth.py --backend sqlite --large 100000     (SQLite only, a few minutes)

For each backend it migrates two throw-away databases (SQLite files in a temporary folder;
PostgreSQL databases with unique names next to LOGISTICS_TEST_POSTGRES_URL's, dropped at the
end) and fills them in SQL, server-side (INSERT ... SELECT over generate_series on PostgreSQL,
a recursive CTE on SQLite; PostgreSQL's indexes are dropped for the load and built again after,
then VACUUM ANALYZE): SMALL and LARGE shipments of three lines each, at the same daily rate
(274 shipments a day, so 10,000 are the last 36 days and 1,000,000 the last ten years), a dozen
counterparties in seven countries, six statuses, seven in ten with a tracking number.

Then each case is requested through the app (Flask's test client, a staff bearer token for the
API, a signed-in session for the pages), the small and the large database interleaved, one
warm-up each, the median of REPEATS; the ratio is large / small of the same run. The cases:
the first page, a deep page and the oldest page by cursor (and, for comparison, the deprecated
numbered page in the middle: OFFSET), filters by status, country, counterparty and one week,
search (q) by a reference and by a tracking number (whole and in part), the web list (newest,
deep, oldest) and the flow report of one week. Last, on the large database only: a list of 100
shipments against a list of 10 (with and without include=totals).
"""
from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from bench_flows import ITEMS, ORGANIZATIONS
from throwaway import ThrowawayDatabase, postgres_reachable

from logistics import create_app, db
from logistics.domain.access import SYSTEM
from logistics.domain.roles import Role
from logistics.domain.users import CreateUser, IssueToken
from logistics.models import Item, Organization
from logistics.services import flow_sums
from logistics.services import users
from logistics.services.pagination import Cursor

PER_DAY = 274
LAST_DAY = date(2026, 12, 31)
WEEK = ("2026-12-01", "2026-12-07")
PASSWORD = "bench password 1"
STATUS_CASES = "CASE WHEN {r} < 5 THEN 'draft' WHEN {r} < 13 THEN 'confirmed' WHEN {r} < 22 THEN " \
               "'in_transit' WHEN {r} < 32 THEN 'delivered' WHEN {r} < 95 THEN 'received' ELSE 'cancelled' END"


def tracking_number(n: int) -> str:
    """Return the tracking number the fill gives shipment n (when it has one): 1Z + 16 hex digits."""
    return "1Z" + hashlib.md5(str(n).encode()).hexdigest()[:16].upper()


# ---------------------------------------------------------------------------------------------
# The data set, made by the database itself


def _shipments_sql(dialect: str, n: int) -> str:
    """Return the INSERT ... SELECT that makes shipments 1..n (id order is departure order)."""
    if dialect == "postgresql":
        numbers = f"SELECT g, (random() * 100)::int AS r, (random() * 20)::int AS j FROM generate_series(1, {n}) g"
        departure = f"(DATE '{LAST_DAY}' - (({n} - g) / {PER_DAY}) - j)"
        arrival = f"({departure} + 3 + (g % 20))"
        created = f"(TIMESTAMPTZ '{LAST_DAY} 12:00+00' - (({n} - g) * INTERVAL '315 seconds'))"
        reference = "(CASE WHEN g % 20 < 9 THEN 'IN-' ELSE 'OUT-' END) || " \
                    f"to_char({departure}, 'YYYY') || '-' || lpad(g::text, 7, '0')"
        tracking = "CASE WHEN g % 10 < 7 THEN '1Z' || upper(substr(md5(g::text), 1, 16)) END"
        token = "md5(g::text || 'token') || md5(g::text || 'link')"
    else:
        numbers = (f"WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {n}) "
                   "SELECT g, abs(random()) % 100 AS r, abs(random()) % 21 AS j FROM s")
        departure = f"date('{LAST_DAY}', '-' || (({n} - g) / {PER_DAY} + j) || ' days')"
        arrival = f"date({departure}, '+' || (3 + g % 20) || ' days')"
        created = f"strftime('%Y-%m-%d %H:%M:%f', '{LAST_DAY} 12:00:00', '-' || (({n} - g) * 315) || ' seconds')"
        reference = "(CASE WHEN g % 20 < 9 THEN 'IN-' ELSE 'OUT-' END) || " \
                    f"strftime('%Y', {departure}) || '-' || printf('%07d', g)"
        tracking = "CASE WHEN g % 10 < 7 THEN tracking_of(g) END"  # the same numbers as PostgreSQL's
        token = "lower(hex(randomblob(24)))"
    senders = sum(1 for org in ORGANIZATIONS if org[2] in ("supplier", "donor"))
    receivers = len(ORGANIZATIONS) - senders
    counterparty = f"(CASE WHEN g % 20 < 9 THEN 1 + (g / 20) % {senders} ELSE {senders + 1} + (g / 20) % {receivers} END)"
    return (
        "INSERT INTO shipments (id, reference, direction, kind, counterparty_id, origin_country, "
        "destination_country, carrier, transport_mode, tracking_number, planned_departure, expected_arrival, "
        "status, tracking_token, version, created_at, updated_at) "
        f"SELECT g, {reference}, CASE WHEN g % 20 < 9 THEN 'inbound' ELSE 'outbound' END, "
        "CASE WHEN g % 20 < 9 THEN 'purchase' ELSE 'donation' END, o.id, "
        "CASE WHEN g % 20 < 9 THEN o.country ELSE 'CZ' END, CASE WHEN g % 20 < 9 THEN 'CZ' ELSE o.country END, "
        "'DHL Freight', 'road', "
        f"{tracking}, {departure}, {arrival}, {STATUS_CASES.format(r='r')}, {token}, 1, {created}, {created} "
        f"FROM ({numbers}) AS numbers JOIN organizations o ON o.id = {counterparty}")


def _lines_sql(dialect: str) -> str:
    """Return the INSERT ... SELECT that gives every shipment three lines."""
    three = "generate_series(1, 3) AS l(n)" if dialect == "postgresql" else \
        "(SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) AS l"
    text = "::text" if dialect == "postgresql" else ""
    return (
        "INSERT INTO shipment_lines (shipment_id, line_no, item_id, quantity_value, quantity_unit, dimension, "
        "base_micro, base_unit, rounded) "
        f"SELECT s.id, l.n, i.id, (10 * l.n + s.id % 90){text}, i.base_unit, "
        "CASE i.base_unit WHEN 'kg' THEN 'mass' WHEN 'L' THEN 'volume' ELSE 'count' END, "
        "(10 * l.n + s.id % 90) * 1000000, i.base_unit, false "
        f"FROM shipments s CROSS JOIN {three} JOIN items i ON i.id = 1 + (s.id * 3 + l.n) % {len(ITEMS)}")


def fill(engine, n: int) -> float:
    """Fill a migrated database with n shipments of three lines; return the seconds taken."""
    started = time.perf_counter()
    created = datetime(2016, 1, 1, tzinfo=timezone.utc)
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        connection.execute(Organization.__table__.insert(), [
            {"id": k, "name": name, "country": country, "kind": kind, "created_at": created, "updated_at": created}
            for k, (name, country, kind) in enumerate(ORGANIZATIONS, 1)])
        connection.execute(Item.__table__.insert(), [
            {"id": k, "sku": sku, "name": name, "category": category, "base_unit": unit,
             "unit_mass_value": mass, "unit_mass_unit": "kg" if mass else None,
             "unit_mass_micro_kg": int(Decimal(mass) * 10**6) if mass else None,
             "created_at": created, "updated_at": created}
            for k, (sku, name, category, unit, mass, _) in enumerate(ITEMS, 1)])
        indexes = _drop_indexes(connection) if postgres else []
        if postgres:
            connection.exec_driver_sql("SELECT setseed(0.2026)")
            # The rows are made consistent: skip the foreign keys' per-row checks (and triggers).
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        else:
            connection.connection.driver_connection.create_function(
                "tracking_of", 1, tracking_number, deterministic=True)
        escape = (lambda sql: sql.replace("%", "%%")) if postgres else (lambda sql: sql)  # psycopg's %s
        connection.exec_driver_sql(escape(_shipments_sql(engine.dialect.name, n)))
        connection.exec_driver_sql(escape(_lines_sql(engine.dialect.name)))
        for statement in indexes:
            connection.exec_driver_sql(statement)
        if postgres:
            flow_sums.rebuild(connection)  # the load bypassed the trigger that keeps them
            for table in ("organizations", "items", "shipments", "shipment_lines"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    if postgres:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return time.perf_counter() - started


def _drop_indexes(connection) -> list[str]:
    """Drop the shipments' and lines' secondary indexes for a bulk load; return how to make them again."""
    rows = connection.exec_driver_sql(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename IN ('shipments', 'shipment_lines') "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)").all()
    for name, _ in rows:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [definition for _, definition in rows]


# ---------------------------------------------------------------------------------------------
# Apps, users, requests


class Database(ThrowawayDatabase):
    """A throw-away database of n shipments, with the app on it and a signed-in staff user."""

    def __init__(self, backend: str, n: int, folder: Path, keep: bool):
        super().__init__(backend, folder, f"growth{n}")
        self.n, self.keep = n, keep
        engine = db.make_engine(self.url)
        try:
            self.fill_s = fill(engine, n)
        except BaseException:
            engine.dispose()
            super().drop()
            raise
        engine.dispose()
        self.app = create_app({"TESTING": True, "DATABASE_URL": self.url, "SECRET_KEY": "bench-secret",
                               "AUTO_MIGRATE": False, "LOG_LEVEL": "WARNING", "WTF_CSRF_ENABLED": True})
        with self.app.app_context(), db.new_session(self.app) as session:
            email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
            user = users.create_user(session, SYSTEM, CreateUser(email, Role.STAFF, password=PASSWORD))
            _, token = users.issue_token(session, SYSTEM, user.id, IssueToken("benchmark"))
        self.api = self.app.test_client()
        self.headers = {"Authorization": f"Bearer {token}"}
        self.web = self.app.test_client()
        login = self.web.get("/login").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
        signed = self.web.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf})
        if signed.status_code != 302:
            raise SystemExit(f"could not sign in to the pages: {signed.status_code}")

    def get(self, path: str) -> tuple[int, int]:
        """Request a path (the API with the token, pages with the session); return (status, body length)."""
        client, headers = (self.api, self.headers) if path.startswith("/api/") else (self.web, {})
        response = client.get(path, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.get_data(as_text=True)[:300]}")
        return response.status_code, len(response.get_data())

    def drop(self) -> None:
        """Remove the database, unless kept."""
        db.engine_of(self.app).dispose()
        if self.keep:
            print(f"  kept: {self.url}")
        else:
            super().drop()


@dataclass(frozen=True)
class Case:
    """One request, as a function of the database's size (deep pages depend on it)."""

    name: str
    path: object  # a str, or a callable of n returning one
    goal: bool = True  # counts towards "at most 2x"

    def at(self, n: int) -> str:
        """Return the path for a database of n shipments."""
        return self.path(n) if callable(self.path) else self.path  # type: ignore[operator]


def _after(n: int) -> str:
    return Cursor("after", n // 2).encode()


LAST = Cursor("last").encode()
API = "/api/v1/shipments?page_size=25"
CASES = [
    Case("API first page", API),
    Case("API deep page (cursor, middle)", lambda n: f"{API}&cursor={_after(n)}"),
    Case("API oldest page (cursor)", f"{API}&cursor={LAST}"),
    Case("API numbered page, middle (OFFSET, deprecated)", lambda n: f"{API}&page={n // 50}", goal=False),
    Case("status=draft", f"{API}&status=draft"),
    Case("status=in_transit,delivered", f"{API}&status=in_transit&status=delivered"),
    Case("country=UA", f"{API}&country=UA"),
    Case("counterparty", f"{API}&counterparty_id=9"),
    Case("one week (from/to)", f"{API}&from={WEEK[0]}&to={WEEK[1]}"),
    Case("q= a reference", lambda n: f"{API}&q={n - 4321:07d}"),
    Case("q= part of a reference", lambda n: f"{API}&q=2026-{n - 4321:07d}"[:-2]),
    Case("q= a tracking number", lambda n: f"{API}&q={tracking_number(n - 4320)}"),
    Case("q= part of a tracking number", lambda n: f"{API}&q={tracking_number(n - 4320)[2:10].lower()}"),
    Case("web list, newest", "/shipments"),
    Case("web list, deep (cursor)", lambda n: f"/shipments?cursor={_after(n)}"),
    Case("web list, oldest (cursor)", f"/shipments?cursor={LAST}"),
    Case("web list, country filter", "/shipments?country=UA"),
    Case("flow report, one week", f"/api/v1/reports/flows?group_by=direction,country&from={WEEK[0]}&to={WEEK[1]}"),
    Case("flow report, one week by item",
         f"/api/v1/reports/flows?group_by=direction,item&period=month&from={WEEK[0]}&to={WEEK[1]}"),
]


def median_ms(database: Database, path: str, repeats: int) -> float:
    """Return the median milliseconds of a request (after one warm-up)."""
    database.get(path)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        database.get(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def interleaved(small: Database, large: Database, path_of, repeats: int) -> tuple[float, float]:
    """Return the median ms on each database, the two measured in alternation."""
    small.get(path_of(small.n))
    large.get(path_of(large.n))
    times: dict[int, list[float]] = {0: [], 1: []}
    for _ in range(repeats):
        for index, database in enumerate((small, large)):
            path = path_of(database.n)
            started = time.perf_counter()
            database.get(path)
            times[index].append(time.perf_counter() - started)
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def run_backend(backend: str, small_n: int, large_n: int, repeats: int, keep: bool) -> bool:
    """Build both databases, time every case, print the table; return whether every goal held."""
    folder = Path(tempfile.mkdtemp(prefix="bench_growth_"))
    databases: list[Database] = []
    try:
        for n in (small_n, large_n):
            databases.append(Database(backend, n, folder, keep))
            print(f"{backend}: {n:,} shipments ({3 * n:,} lines) made in {databases[-1].fill_s:.1f} s",
                  flush=True)
        small, large = databases
        print(f"\n{backend}, median of {repeats} (ms)   {small_n:>10,} {large_n:>12,}   ratio  goal <= 2x")
        held = True
        for case in CASES:
            a, b = interleaved(small, large, case.at, repeats)
            ok = b / a <= 2
            held &= ok or not case.goal
            mark = ("ok" if ok else "MISSED") if case.goal else "(not a goal)"
            print(f"  {case.name:<46} {a:>8.1f} {b:>12.1f} {b / a:>7.2f}x  {mark}", flush=True)
        ten = median_ms(large, "/api/v1/shipments?page_size=10", repeats)
        hundred = median_ms(large, "/api/v1/shipments?page_size=100", repeats)
        ten_t = median_ms(large, "/api/v1/shipments?page_size=10&include=totals", repeats)
        hundred_t = median_ms(large, "/api/v1/shipments?page_size=100&include=totals", repeats)
        ok = hundred / ten <= 2
        held &= ok
        print(f"\n  {large_n:,} shipments: list of 100 {hundred:.1f} ms / list of 10 {ten:.1f} ms = "
              f"{hundred / ten:.2f}x ({'ok' if ok else 'MISSED'}, goal <= 2x); with include=totals "
              f"{hundred_t:.1f} / {ten_t:.1f} ms = {hundred_t / ten_t:.2f}x (not a goal: totals read every line)")
        return held
    finally:
        for database in databases:
            database.drop()
        if not keep:
            for path in folder.iterdir():
                path.unlink()
            folder.rmdir()


def main() -> None:
    """Parse the arguments and run each backend."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="postgresql,sqlite")
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000, help="PostgreSQL's large size")
    parser.add_argument("--sqlite-large", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the databases (prints their URLs)")
    args = parser.parse_args()
    held = True
    for backend in args.backend.split(","):
        if backend == "postgresql" and (why := postgres_reachable()):
            print(f"postgresql: skipped ({why})")
            continue
        large = args.large if backend == "postgresql" else args.sqlite_large
        held &= run_backend(backend, args.small, large, args.repeats, args.keep)
        print()
    sys.exit(0 if held else 1)


if __name__ == "__main__":
    main()
