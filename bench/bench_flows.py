"""Benchmark: flow reports over 1,000,000 shipment lines, against the bare SQL GROUP BY in the same run.

Run: .venv/bin/python bench/bench_flows.py [--backend sqlite,postgresql] [--lines 1000000]
           [--memory-lines 100000] [--repeats 5] [--explain] [--try-index shipments:status,planned_departure]
     e.g. bench/bench_flows.py --backend sqlite --lines 100000 --memory-lines 10000   (a quick run)

For each backend it migrates a fresh database (a SQLite file in a temporary folder; a throw-away
PostgreSQL database created next to LOGISTICS_TEST_POSTGRES_URL's and dropped at the end), fills
it with SQLAlchemy Core bulk inserts (COPY on PostgreSQL, then VACUUM ANALYZE): a dozen organisations
in seven countries, 20 items counted in piece or pair, weighed in kg or measured in L, with and
without unit masses and categories, LINES shipment lines over LINES/20 shipments in all six
statuses, planned departures from 2019 to 2026. Then, per grouping, best of REPEATS, interleaved:
  bare SQL   hand-written SQL text: SUM(base_micro) grouped by the same columns over the same
             joins and filters, rows fetched (the floor any report of these groups pays);
  service    logistics.services.reports.flows() with a staff Actor: the real query (split sums,
             counts, estimates) and the rows turned into exact decimals;
  endpoint   GET /api/v1/reports/flows through Flask's test client with a staff bearer token:
             the service plus authentication, argument parsing and JSON.
Ratios are against the bare SQL of the same run. Then the report index of migration 0006
(ix_shipment_lines_flow_report) is dropped and the bare SQL and the service are timed again, to
show what it buys; each --try-index adds a candidate index for one more round. --explain prints
the report query's plan in each round (SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN ANALYZE).

Times are wall clock; on SQLite, which runs inside this process, the endpoint's ratio is also given
in this process's CPU time, which other work on the machine hardly disturbs.

Memory: the endpoint is called in a fresh process on the full data set and on one of
MEMORY_LINES lines, for the same groupings, after a warm-up request that matches nothing: how far
the resident set rises over the request (the kernel's peak, reset just before), and the
tracemalloc peak of one more request (Python allocations). Both follow the number of result
rows (groups), not the number of lines.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Index, text
from sqlalchemy.engine import make_url

from throwaway import POSTGRES_URL, ThrowawayDatabase, postgres_reachable
from logistics import create_app, db
from logistics.domain.access import SYSTEM, Actor
from logistics.domain.roles import Role
from logistics.domain.users import CreateUser, IssueToken
from logistics.models import Item, Organization, Shipment, ShipmentLine, metadata
from logistics.services import flow_queries, reports, users

ENDPOINT = "/api/v1/reports/flows"
MOVED = ("in_transit", "delivered", "received")
BATCH = 50_000
HOME = "CZ"  # our own country: the origin of outbound, the destination of inbound shipments

# name, country, kind: suppliers and donors send to us, recipients and governments receive
ORGANIZATIONS = [
    ("Jiangsu Medical Supplies Co.", "CN", "supplier"), ("Shenzhen Protective Gear Ltd.", "CN", "supplier"),
    ("Hamburg Relief Logistics", "DE", "donor"), ("Stiftung Nothilfe Bayern", "DE", "donor"),
    ("Fundacja Pomocy Humanitarnej", "PL", "donor"), ("Dobrá pomoc, z. ú.", "CZ", "recipient"),
    ("Fakultní nemocnice Brno", "CZ", "recipient"), ("Univerzitná nemocnica Bratislava", "SK", "recipient"),
    ("Kraków Aid", "PL", "recipient"), ("Lviv Regional Hospital", "UA", "recipient"),
    ("Kyiv City Military Administration", "UA", "government"), ("Crucea Roșie Chișinău", "MD", "recipient"),
]
# sku, name, category, base unit, unit mass in kg (None: cannot be weighed), relative frequency
ITEMS = [
    ("PPE-COV", "Medical protective coverall", "ppe", "piece", "0.35", 8),
    ("PPE-N95", "N95 respirator", "ppe", "piece", "0.012", 10),
    ("PPE-GLV", "Nitrile gloves, size M", "ppe", "pair", "0.012", 8),
    ("PPE-GOG", "Safety goggles", "ppe", "piece", "0.08", 3),
    ("MED-SYR", "Syringe 5 ml", "medical", "piece", "0.006", 5),
    ("MED-BND", "Elastic bandage", "medical", "piece", "0.05", 4),
    ("MED-IVF", "IV fluid, saline 0.9 %", "medical", "L", "1.05", 4),
    ("MED-KIT", "First aid kit", "medical", "piece", None, 3),
    ("HYG-GEL", "Hand gel", "hygiene", "L", "0.9", 6),
    ("HYG-SOAP", "Soap bar", "hygiene", "piece", "0.1", 5),
    ("HYG-KIT", "Family hygiene kit", "hygiene", "piece", "3.6", 4),
    ("FOOD-RICE", "Rice", "food", "kg", None, 7),
    ("FOOD-FLR", "Wheat flour T650", "food", "kg", None, 6),
    ("FOOD-OIL", "Sunflower oil", "food", "L", "0.92", 4),
    ("FOOD-BABY", "Baby food, 190 g", "food", "piece", "0.21", 4),
    ("WAT-BTL", "Drinking water", "water", "L", "1.0", 6),
    ("SHL-TENT", "Family tent", "shelter", "piece", None, 2),
    ("SHL-BLK", "Fleece blanket", "shelter", "piece", "0.9", 4),
    ("SHL-SLB", "Sleeping bag", "shelter", "piece", "1.9", 3),
    ("GEN-5KVA", "Diesel generator 5 kVA", None, "piece", None, 1),
]
# status, share of shipments: most have moved, some are still planned or were cancelled
STATUSES = [("draft", 5), ("confirmed", 8), ("in_transit", 9), ("delivered", 10), ("received", 63),
            ("cancelled", 5)]
FIRST_DAY, DAYS = date(2019, 1, 1), (date(2026, 12, 31) - date(2019, 1, 1)).days + 1
DIMENSION = {"piece": "count", "pair": "count", "kg": "mass", "L": "volume"}


@dataclass(frozen=True)
class Case:
    """One grouping: its name, the endpoint's query parameters, and whether memory is compared."""

    name: str
    group_by: tuple[str, ...]
    period: str | None = None
    dates: tuple[str, str] | None = None
    memory: bool = True

    def query(self) -> str:
        """Return the endpoint's query string."""
        parts = [f"group_by={','.join(self.group_by)}", "date_basis=planned"]  # the data's dates are planned
        if self.period:
            parts.append(f"period={self.period}")
        if self.dates:
            parts += [f"from={self.dates[0]}", f"to={self.dates[1]}"]
        return "&".join(parts)

    def service_arguments(self) -> dict:
        """Return the keyword arguments of reports.flows()."""
        arguments = {"group_by": list(self.group_by), "period": self.period, "date_basis": "planned"}
        if self.dates:
            arguments.update(date_from=date.fromisoformat(self.dates[0]),
                             date_to=date.fromisoformat(self.dates[1]))
        return arguments


CASES = [
    Case("direction + country", ("direction", "country")),
    Case("direction + item + month", ("direction", "item"), "month"),
    Case("counterparty + category + year", ("counterparty", "category"), "year"),
    Case("direction + item + month, one year", ("direction", "item"), "month",
         ("2025-01-01", "2025-12-31"), memory=False),
]

# The bare GROUP BY: the same keys (ids for organisations and items), no split sums, no counts.
KEY_SQL = {"direction": "s.direction", "kind": "s.kind", "country": "o.country",
           "counterparty": "o.id", "item": "i.id", "category": "i.category"}
PERIOD_SQL = {"sqlite": {"month": "strftime('%Y-%m', s.planned_departure)",
                         "quarter": "strftime('%Y', s.planned_departure) || '-Q' || "
                                    "((CAST(strftime('%m', s.planned_departure) AS INTEGER) + 2) / 3)",
                         "year": "strftime('%Y', s.planned_departure)"},
              "postgresql": {"month": "to_char(s.planned_departure, 'YYYY-MM')",
                             "quarter": "to_char(s.planned_departure, 'YYYY-\"Q\"Q')",
                             "year": "to_char(s.planned_departure, 'YYYY')"}}


def bare_sql(case: Case, dialect: str) -> str:
    """Return the hand-written GROUP BY of a grouping: SUM(base_micro) per group and base unit."""
    keys = [KEY_SQL[key] for key in case.group_by]
    if case.period:
        keys.append(PERIOD_SQL[dialect][case.period])
    keys += ["l.dimension", "l.base_unit"]
    organizations = " JOIN organizations o ON o.id = s.counterparty_id" if {
        "country", "counterparty"} & set(case.group_by) else ""
    dates = " AND s.planned_departure >= :date_from AND s.planned_departure <= :date_to" if case.dates else ""
    moved = ", ".join(f"'{status}'" for status in MOVED)
    listed = ", ".join(keys)
    return (f"SELECT {listed}, SUM(l.base_micro) AS total FROM shipment_lines l "
            f"JOIN shipments s ON s.id = l.shipment_id JOIN items i ON i.id = l.item_id{organizations} "
            f"WHERE s.status IN ({moved}){dates} GROUP BY {listed} ORDER BY {listed}")


# ---------------------------------------------------------------------------------------------
# The data set


def _weighted(rng: random.Random, choices: list, weights: list[int], n: int) -> list:
    return rng.choices(choices, weights=weights, k=n)


def shipment_rows(n_shipments: int, rng: random.Random) -> list[tuple]:
    """Return the shipments: (id, reference, direction, kind, counterparty, countries, dates, status...)."""
    created = datetime(2026, 12, 1, tzinfo=timezone.utc)
    senders = [n for n, org in enumerate(ORGANIZATIONS, 1) if org[2] in ("supplier", "donor")]
    receivers = [n for n, org in enumerate(ORGANIZATIONS, 1) if org[2] not in ("supplier", "donor")]
    statuses = _weighted(rng, [s for s, _ in STATUSES], [w for _, w in STATUSES], n_shipments)
    rows = []
    for n in range(1, n_shipments + 1):
        inbound = rng.random() < 0.45
        counterparty = rng.choice(senders if inbound else receivers)
        country = ORGANIZATIONS[counterparty - 1][1]
        if inbound:
            kind = "purchase" if ORGANIZATIONS[counterparty - 1][2] == "supplier" else "donation"
        else:
            kind = rng.choices(["donation", "transfer", "return"], [80, 17, 3])[0]
        departure = None if rng.random() < 0.01 else FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        arrival = departure + timedelta(days=rng.randint(1, 40)) if departure else None
        rows.append((n, f"{'IN' if inbound else 'OUT'}-{n:07d}", "inbound" if inbound else "outbound",
                     kind, counterparty, country if inbound else HOME, HOME if inbound else country,
                     rng.choice(["DHL Freight", "ČD Cargo", "COSCO Shipping", None]),
                     rng.choice(["road", "rail", "air", "sea", None]), departure, arrival, statuses[n - 1],
                     f"{rng.getrandbits(192):048x}", 1, created, created))
    return rows


SHIPMENT_COLUMNS = ("id", "reference", "direction", "kind", "counterparty_id", "origin_country",
                    "destination_country", "carrier", "transport_mode", "planned_departure",
                    "expected_arrival", "status", "tracking_token", "version", "created_at", "updated_at")
LINE_COLUMNS = ("id", "shipment_id", "line_no", "item_id", "quantity_value", "quantity_unit",
                "dimension", "base_micro", "base_unit", "rounded", "lot", "expiry")


def lines_per_shipment(n_lines: int, n_shipments: int, rng: random.Random) -> list[int]:
    """Return how many lines each shipment has: 1 to 39, 20 on average, LINES in all."""
    counts = []
    for _ in range(n_shipments // 2):
        spread = rng.randint(-19, 19) if n_lines >= 2 * n_shipments else 0
        counts += [20 + spread, 20 - spread]
    if len(counts) < n_shipments:
        counts.append(20)
    counts[-1] += n_lines - sum(counts)
    return counts


def line_rows(n_lines: int, n_shipments: int, rng: random.Random):
    """Yield the lines in batches: amounts as users enter them, normalised exactly to base units."""
    item_ids = list(range(1, len(ITEMS) + 1))
    weights = [item[5] for item in ITEMS]
    batch, line_id = [], 0
    for shipment_id, count in enumerate(lines_per_shipment(n_lines, n_shipments, rng), 1):
        for line_no, item_id in enumerate(_weighted(rng, item_ids, weights, count), 1):
            line_id += 1
            base_unit = ITEMS[item_id - 1][3]
            if base_unit == "kg":  # 5 kg to 25 t, to the gram; large amounts entered in tonnes
                grams = rng.randint(5_000, 25_000_000)
                micro = grams * 1_000
                value, unit = (str(Decimal(grams).scaleb(-6)), "t") if grams >= 1_000_000 else (
                    str(Decimal(grams).scaleb(-3)), "kg")
            elif base_unit == "L":  # 0.5 L to 20,000 L, to the decilitre
                decilitres = rng.randint(5, 200_000)
                micro = decilitres * 100_000
                value, unit = str(Decimal(decilitres).scaleb(-1)), "L"
            elif rng.random() < 0.03:  # counted goods now and then logged by weight
                grams = rng.randint(1_000, 2_000_000)
                micro, value, unit, base_unit = grams * 1_000, str(Decimal(grams).scaleb(-3)), "kg", "kg"
            else:  # 1 to 5,000 pieces, often in boxes of 25
                pieces = rng.randint(1, 5_000)
                micro = pieces * 1_000_000
                value, unit = (str(pieces // 25), "box") if pieces % 25 == 0 else (str(pieces), base_unit)
            lot = f"L{rng.randint(1000, 9999)}" if rng.random() < 0.3 else None
            batch.append((line_id, shipment_id, line_no, item_id, value, unit, DIMENSION[base_unit], micro,
                          base_unit, False, lot, None))
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def fill(engine, n_lines: int, seed: int = 20261122) -> dict:
    """Fill a freshly migrated database with the benchmark data; return counts and seconds taken."""
    rng = random.Random(seed)
    started = time.perf_counter()
    n_shipments = max(1, n_lines // 20)
    created = datetime(2019, 1, 1, tzinfo=timezone.utc)
    organizations = [{"id": n, "name": name, "country": country, "kind": kind, "created_at": created,
                      "updated_at": created} for n, (name, country, kind) in enumerate(ORGANIZATIONS, 1)]
    items = [{"id": n, "sku": sku, "name": name, "category": category, "base_unit": unit,
              "unit_mass_value": mass, "unit_mass_unit": "kg" if mass else None,
              "unit_mass_micro_kg": int(Decimal(mass) * 10**6) if mass else None,
              "created_at": created, "updated_at": created}
             for n, (sku, name, category, unit, mass, _) in enumerate(ITEMS, 1)]
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        connection.execute(Organization.__table__.insert(), organizations)
        connection.execute(Item.__table__.insert(), items)
        shipments = shipment_rows(n_shipments, rng)
        lines = line_rows(n_lines, n_shipments, rng)
        if postgres:
            _copy(connection, "shipments", SHIPMENT_COLUMNS, [shipments])
            _copy(connection, "shipment_lines", LINE_COLUMNS, lines)
            for table in ("organizations", "items", "shipments", "shipment_lines"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        else:
            connection.execute(Shipment.__table__.insert(),
                               [dict(zip(SHIPMENT_COLUMNS, row)) for row in shipments])
            for batch in lines:
                connection.execute(ShipmentLine.__table__.insert(),
                                   [dict(zip(LINE_COLUMNS, row)) for row in batch])
    loaded = time.perf_counter() - started
    analyse(engine)
    return {"shipments": n_shipments, "lines": n_lines, "load_s": loaded,
            "analyse_s": time.perf_counter() - started - loaded}


def _copy(connection, table: str, columns: tuple[str, ...], batches) -> None:
    """Load rows with PostgreSQL's COPY through psycopg, in the surrounding transaction."""
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for batch in batches:
            for row in batch:
                copy.write_row(row)
    cursor.close()


def analyse(engine) -> None:
    """Give PostgreSQL's planner statistics and visibility, as autovacuum would after a bulk load.

    SQLite is left as the app leaves it: nothing runs ANALYZE there, so its planner works without
    statistics. (With them it reaches shipments through other indexes, in the same time.)
    """
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


# ---------------------------------------------------------------------------------------------
# Databases, the app and a signed-in staff user


class Database(ThrowawayDatabase):
    """A throw-away database in its own temporary folder, optionally kept for a look at it."""

    def __init__(self, backend: str, keep: bool = False):
        self.folder, self.keep = Path(tempfile.mkdtemp(prefix="bench_flows_")), keep
        super().__init__(backend, self.folder, "flows")

    def drop(self) -> None:
        """Remove the database (unless kept)."""
        if self.keep:
            print(f"  kept: {self.url}")
            return
        super().drop()
        self.folder.rmdir()


def make_app(url: str):
    """Return the real app on the benchmark database (no migration at start)."""
    return create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "bench-secret",
                       "AUTO_MIGRATE": False, "LOG_LEVEL": "WARNING"})


def staff(app) -> tuple[Actor, str]:
    """Create a staff user through the services; return its Actor and a raw bearer token."""
    with app.app_context(), db.new_session(app) as session:
        user = users.create_user(session, SYSTEM, CreateUser(f"bench-{uuid.uuid4().hex[:8]}@example.org",
                                                             Role.STAFF))
        _, token = users.issue_token(session, SYSTEM, user.id, IssueToken("benchmark"))
        return users.actor_of(user), token


# ---------------------------------------------------------------------------------------------
# Timing


@dataclass
class Timing:
    """Best-of-N seconds (wall clock, and this process's CPU) of each way of computing one grouping."""

    times: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def best(self, method: str) -> float:
        return min(self.times[method])

    def best_cpu(self, method: str) -> float:
        return min(self.cpu[method])


def runners(app, actor: Actor, token: str, case: Case, dialect: str) -> dict:
    """Return the callables that compute one grouping: bare SQL, the service, the endpoint."""
    engine = db.engine_of(app)
    sql = text(bare_sql(case, dialect))
    parameters = {}
    if case.dates:
        parameters = {"date_from": date.fromisoformat(case.dates[0]),
                      "date_to": date.fromisoformat(case.dates[1])}
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def bare():
        with engine.connect() as connection:
            return connection.execute(sql, parameters).all()

    def service():
        with app.app_context(), db.new_session(app) as session:
            return reports.flows(session, actor, **case.service_arguments()).rows

    def endpoint():
        response = client.get(f"{ENDPOINT}?{case.query()}", headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{case.name}: {response.status_code} {response.get_data(as_text=True)[:300]}")
        return response.get_json()["rows"]

    return {"bare SQL": bare, "service": service, "endpoint": endpoint}


def check_same_totals(bare_rows: list, report_rows: list, case: Case) -> None:
    """Refuse a run whose report and bare SQL disagree on the groups or on the exact totals."""
    bare: dict[str, int] = {}
    for row in bare_rows:
        bare[row[-2]] = bare.get(row[-2], 0) + int(row[-1])
    ours: dict[str, int] = {}
    for row in report_rows:
        micro = int(Decimal(row["total"]["value"]).scaleb(6))
        ours[row["unit"]] = ours.get(row["unit"], 0) + micro
    if len(bare_rows) != len(report_rows) or bare != ours:
        raise SystemExit(f"{case.name}: the report ({len(report_rows)} rows, {ours}) and the bare SQL "
                         f"({len(bare_rows)} rows, {bare}) disagree")


def time_cases(app, actor: Actor, token: str, cases: list[Case], repeats: int,
               methods: tuple[str, ...] = ("bare SQL", "service", "endpoint")) -> dict[str, Timing]:
    """Time each grouping's ways, interleaved (one warm-up each), best of `repeats`."""
    dialect = db.engine_of(app).dialect.name
    results = {}
    for case in cases:
        run = runners(app, actor, token, case, dialect)
        timing = Timing()
        answers = {method: run[method]() for method in methods}  # warm-up: caches, compiled SQL
        if "endpoint" in answers:
            check_same_totals(answers["bare SQL"], answers["endpoint"], case)
        for method in methods:
            timing.times[method], timing.cpu[method], timing.rows[method] = [], [], len(answers[method])
        for _ in range(repeats):
            for method in methods:
                start, start_cpu = time.perf_counter(), time.process_time()
                run[method]()
                timing.times[method].append(time.perf_counter() - start)
                timing.cpu[method].append(time.process_time() - start_cpu)
        results[case.name] = timing
        print(f"    {case.name}: " + ", ".join(f"{m} {timing.best(m):.3f} s" for m in methods), flush=True)
    return results


def explain(app, actor: Actor, case: Case) -> str:
    """Return the plan of the report's query for one grouping (PostgreSQL: with real timings)."""
    from logistics.domain.reports import resolve_grouping

    engine = db.engine_of(app)
    keys, period = resolve_grouping(list(case.group_by), case.period)
    arguments = case.service_arguments()
    query = flow_queries.flow_query(actor, keys, period, arguments.get("date_from"), arguments.get("date_to"),
                                    list(MOVED), "planned", engine.dialect.name)
    compiled = query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            rows = connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}").all()
            return "\n".join(row[0] for row in rows)
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
        return "\n".join(f"{row[1]:>3} {row[2]:>3} {row[3]}" for row in rows)


# ---------------------------------------------------------------------------------------------
# Memory, in a fresh process per measurement


def _status_kib(field_name: str) -> int:
    """Return a field of /proc/self/status in KiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    raise KeyError(field_name)


def peak_rss_growth(call) -> int:
    """Run call(); return how far the resident set rose above where it was, in bytes (Linux).

    The kernel's peak (VmHWM) is reset first, so a peak reached earlier (imports, the warm-up)
    does not hide this call's; without /proc the process's ru_maxrss growth is the fallback.
    """
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")
        before = _status_kib("VmRSS")
        call()
        return (_status_kib("VmHWM") - before) * 1024
    except OSError:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        call()
        return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024


def memory_case(url: str, token: str, query: str) -> dict:
    """Measure one endpoint call in this process: peak RSS growth and tracemalloc peak."""
    app = make_app(url)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    answers = []

    def call():
        response = client.get(f"{ENDPOINT}?{query}", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        answers.append((len(response.get_json()["rows"]), len(response.get_data())))

    warm = client.get(f"{ENDPOINT}?{query}&from=1900-01-01&to=1900-01-01", headers=headers)
    assert warm.status_code == 200, warm.get_data(as_text=True)
    del warm
    rss_growth = peak_rss_growth(call)
    gc.collect()
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    call()
    traced = tracemalloc.get_traced_memory()[1] - start
    tracemalloc.stop()
    rows, size = answers[0]
    return {"rows": rows, "bytes": size, "rss_growth": rss_growth, "traced": traced}


def measure_memory(url: str, token: str, cases: list[Case]) -> dict[str, dict]:
    """Run memory_case for each grouping in its own interpreter; return the figures by grouping."""
    results = {}
    for case in cases:
        done = subprocess.run([sys.executable, __file__, "--memory-case", url, token, case.query()],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(f"memory, {case.name}: failed\n{done.stderr}")
        results[case.name] = json.loads(done.stdout.strip().splitlines()[-1])
    return results


# ---------------------------------------------------------------------------------------------
# Index states: the head schema, without the report index, or with a candidate index added


REPORT_INDEX = "ix_shipment_lines_flow_report"  # migration 0006


@contextmanager
def index_state(engine, phase: str, candidate: str | None):
    """Drop the report index (phase "without") or add a candidate ("table:col,col") for a while."""
    if phase == "with":
        yield
        return
    if candidate:
        table, columns = candidate.split(":")
        index = Index(f"ix_bench_{table}_{'_'.join(columns.split(','))}",
                      *(metadata.tables[table].c[name] for name in columns.split(",")))
    else:
        index = next(i for i in ShipmentLine.__table__.indexes if i.name == REPORT_INDEX)
    with engine.begin() as connection:
        (index.create if candidate else index.drop)(connection)
    analyse(engine)
    try:
        yield
    finally:
        with engine.begin() as connection:
            (index.drop if candidate else index.create)(connection)
        analyse(engine)


# ---------------------------------------------------------------------------------------------
# One backend, start to end


def run_backend(backend: str, args) -> dict:
    """Fill a database of each size on one backend and measure it; return all figures."""
    figures: dict = {"backend": backend}
    print(f"\n== {backend}", flush=True)
    memory_cases = [case for case in CASES if case.memory]
    if args.memory_lines:
        small = Database(backend)
        try:
            engine = db.make_engine(small.url)
            print(f"  {args.memory_lines:,} lines: {fill(engine, args.memory_lines)}", flush=True)
            engine.dispose()
            app = make_app(small.url)
            _, token = staff(app)
            db.engine_of(app).dispose()
            figures["memory_small"] = measure_memory(small.url, token, memory_cases)
        finally:
            small.drop()
    big = Database(backend, keep=args.keep)
    try:
        engine = db.make_engine(big.url)
        figures["data"] = fill(engine, args.lines)
        print(f"  {args.lines:,} lines: {figures['data']}", flush=True)
        engine.dispose()
        app = make_app(big.url)
        actor, token = staff(app)
        engine = db.engine_of(app)
        figures["memory_large"] = measure_memory(big.url, token, memory_cases) if args.memory_lines else {}
        phases = [("with", None), *([] if args.skip_without else [("without", None)]),
                  *((f"with + {spec}", spec) for spec in args.try_index)]
        for phase, spec in phases:
            label = {"with": f"with {REPORT_INDEX} (head)", "without": f"without {REPORT_INDEX}"}.get(
                phase, f"with {REPORT_INDEX} and a candidate index on {spec}")
            print(f"  {label}:", flush=True)
            with index_state(engine, phase, spec):
                methods = ("bare SQL", "service", "endpoint") if phase == "with" else ("bare SQL", "service")
                figures.setdefault("phases", {})[phase] = time_cases(app, actor, token, CASES, args.repeats,
                                                                     methods)
                if args.explain:
                    figures.setdefault("plans", {})[phase] = {case.name: explain(app, actor, case)
                                                              for case in CASES}
        engine.dispose()
    finally:
        big.drop()
    return figures


# ---------------------------------------------------------------------------------------------
# Output


def mib(n: float) -> str:
    return f"{n / 2**20:.2f} MiB"


def kib(n: float) -> str:
    return f"{n / 2**10:.1f} KiB"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x"


def report(all_figures: list[dict], args) -> None:
    """Print the markdown tables: times and ratios, the indexes, memory; then any plans."""
    print(f"\n### Flow reports, {args.lines:,} lines (best of {args.repeats}; ratios against the bare SQL)\n")
    print("| backend | grouping | rows | bare SQL | service | endpoint | service / SQL | endpoint / SQL "
          "| endpoint / SQL in CPU time |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for figures in all_figures:
        for name, timing in figures["phases"]["with"].items():
            bare, service, endpoint = (timing.best(m) for m in ("bare SQL", "service", "endpoint"))
            # SQLite runs inside this process, so its CPU time is the work done, whatever else runs
            cpu = (ratio(timing.best_cpu("endpoint"), timing.best_cpu("bare SQL"))
                   if figures["backend"] == "sqlite" else "n/a (server)")
            print(f"| {figures['backend']} | {name} | {timing.rows['endpoint']:,} | {bare:.3f} s | "
                  f"{service:.3f} s | {endpoint:.3f} s | {ratio(service, bare)} | "
                  f"**{ratio(endpoint, bare)}** | {cpu} |")
    others = [phase for phase in all_figures[0]["phases"] if phase != "with"] if all_figures else []
    if others:
        print(f"\n### Indexes: the service (and the bare SQL) with {REPORT_INDEX} (head) and otherwise\n")
        print("| backend | grouping | head | " + " | ".join(others) + " |")
        print("|---|---|---:|" + "---:|" * len(others))
        for figures in all_figures:
            phases = figures["phases"]
            for name, timing in phases["with"].items():
                cells = [f"{phases[p][name].best('service'):.3f} s ({phases[p][name].best('bare SQL'):.3f} s)"
                         for p in others]
                print(f"| {figures['backend']} | {name} | {timing.best('service'):.3f} s "
                      f"({timing.best('bare SQL'):.3f} s) | " + " | ".join(cells) + " |")
    if args.memory_lines:
        print(f"\n### Endpoint memory, {args.memory_lines:,} vs {args.lines:,} lines "
              f"({args.lines / args.memory_lines:g}x the lines)\n")
        print("| backend | grouping | result rows | traced peak | growth | traced per result row "
              "| peak RSS growth |")
        print("|---|---|---|---|---:|---|---|")
        for figures in all_figures:
            for name, small in figures["memory_small"].items():
                large = figures["memory_large"][name]
                print(f"| {figures['backend']} | {name} | {small['rows']:,} / {large['rows']:,} | "
                      f"{mib(small['traced'])} / {mib(large['traced'])} | "
                      f"**{ratio(large['traced'], small['traced'])}** | "
                      f"{kib(small['traced'] / small['rows'])} / {kib(large['traced'] / large['rows'])} | "
                      f"{mib(small['rss_growth'])} / {mib(large['rss_growth'])} |")
    for figures in all_figures:
        for phase, plans in figures.get("plans", {}).items():
            for name, plan in plans.items():
                print(f"\n{figures['backend']}, {name}, {phase}:\n{plan}")


def count(text_value: str) -> int:
    return int(text_value.replace(",", "").replace("_", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite,postgresql",
                        help="comma-separated: sqlite, postgresql (default both)")
    parser.add_argument("--lines", type=count, default=1_000_000, help="shipment lines (default 1,000,000)")
    parser.add_argument("--memory-lines", type=count, default=100_000,
                        help="the smaller data set the endpoint's memory is compared on (0: skip memory)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per way and grouping (best of)")
    parser.add_argument("--explain", action="store_true", help="print the report query's plans")
    parser.add_argument("--skip-without", action="store_true",
                        help=f"do not time the report without {REPORT_INDEX}")
    parser.add_argument("--try-index", action="append", default=[], metavar="TABLE:COL,COL",
                        help="also time with this candidate index added, "
                             "e.g. shipments:status,planned_departure")
    parser.add_argument("--keep", action="store_true", help="keep the large database and print its URL")
    parser.add_argument("--memory-case", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_case:
        print(json.dumps(memory_case(*args.memory_case)))
        return
    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    if unknown := set(backends) - {"sqlite", "postgresql"}:
        parser.error(f"unknown backend(s): {', '.join(sorted(unknown))}")
    if "postgresql" in backends and (why := postgres_reachable()):
        where = make_url(POSTGRES_URL).render_as_string()
        print(f"note: PostgreSQL skipped, not reachable at {where}: {why}")
        backends.remove("postgresql")
    load = os.getloadavg()[0]
    print(f"flow report benchmark: python {sys.version.split()[0]}; load average (1 min) at start {load:.2f} "
          f"on {os.cpu_count()} CPUs" + ("  -- other work is running: times are noisy" if load > 0.5 else ""))
    started = time.perf_counter()
    figures = [run_backend(backend, args) for backend in backends]
    report(figures, args)
    print(f"\n(total wall time {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
