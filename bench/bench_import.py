"""Benchmark: bulk import of 100,000 shipment lines from CSV, against a bare Core executemany of the same rows.

Run: .venv/bin/python bench/bench_import.py [--backend sqlite|postgresql|both] [--lines 100000]
                                            [--repeats 1] [--xlsx-lines 20000]
                                            [--memory-sizes 20000,100000] [--no-trace]
                                            [--profile 20000]
     e.g. bench/bench_import.py --lines 20000 --memory-sizes ""     (a quick run on SQLite)

For each backend it migrates a fresh database (a SQLite file in a temporary folder; a throw-away
PostgreSQL database created next to LOGISTICS_TEST_POSTGRES_URL's, as tests/conftest.py does, and
dropped at the end) and creates its catalogue through the services: six organisations, ten items
counted in piece or pair, weighed in kg or measured in L, with and without packs and unit masses,
and a staff user. A CSV file of LINES lines over LINES/20 shipments (20 lines each, every status,
quantities such as "1,000 piece", "22.5 t", "3 carton" or an amount with the unit in its own column,
lots, expiry dates, declared values, partial receipts) is written to a temporary file, row by row.
Then, per repeat, on two fresh databases with the same catalogue (the import's after a 40-line
warm-up import of other shipments, so that module imports and first-use caches are not timed):
  import   logistics.transfer.import_file(session, staff, file): reads the file as a
           stream, checks every row with the API's rules, writes shipments, lines, their first
           history entries and an audit entry for each of them, in one transaction;
  bare     the shipments and lines the import stored, read back from its database beforehand (all
           columns, ids included: exactly what ends up in the tables), inserted with
           connection.execute(insert(table), rows) in batches of 2,000 in one transaction: no file,
           no checks, no history, no audit (the floor any import of these rows pays).
The ratio is the import's rate over the bare rate of the same run (the target is at least 0.3x);
wall times are noisy on a busy machine, so the ratio of this process's CPU times is printed too.
The XLSX path is timed once at XLSX_LINES (the same rows written with openpyxl's write-only mode,
numbers and dates as typed cells), beside the CSV import of the same rows.

Memory: each size of MEMORY_SIZES runs in a fresh process: after a 40-line warm-up import (imports,
caches), the peak resident set during the import and its growth over the resident set before it
(VmHWM, reset through /proc/self/clear_refs: ru_maxrss would carry over the parent's peak, since
Linux keeps it across fork and exec), then the tracemalloc peak of the same import on a second
fresh database (Python allocations only; tracemalloc slows the import down several times, so it
is never timed). Both should stay flat while the rows grow.

--profile N runs cProfile over an N-line import and prints the top functions.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import logging
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.engine import make_url

from throwaway import POSTGRES_URL, ThrowawayDatabase, postgres_reachable
from logistics import create_app, db
from logistics.domain.access import SYSTEM, Actor
from logistics.domain.items import CreateItem, PackSpec
from logistics.domain.organizations import CreateOrganization, OrgKind
from logistics.domain.roles import Role
from logistics.domain.transfer import COLUMNS
from logistics.domain.users import CreateUser
from logistics.models import AuditEntry, Shipment, ShipmentEvent, ShipmentLine
from logistics.services import items, organizations, users
from logistics.services.imports import BATCH_ROWS
from logistics.transfer import import_file
from logistics.units import parse_quantity

LINES_PER_SHIPMENT = 20
TARGET_RATIO = 0.3
SEED = 20261122
WARM_UP = "WRM"  # the references of the warm-up import's shipments

# name, country, kind, the place goods leave from or go to
ORGANIZATIONS = [
    ("Zdravotnické potřeby Brno s.r.o.", "CZ", "supplier", "Brno"),
    ("Medtex Žilina a.s.", "SK", "supplier", "Žilina"),
    ("Fakultná nemocnica Nitra", "SK", "recipient", "Nitra"),
    ("Szpital Wojewódzki Łódź", "PL", "recipient", "Łódź"),
    ("Klinički bolnički centar Osijek", "HR", "recipient", "Osijek"),
    ("Magyar Vöröskereszt, Pécs", "HU", "recipient", "Pécs"),
]
SUPPLIERS = [org for org in ORGANIZATIONS if org[2] == "supplier"]
RECIPIENTS = [org for org in ORGANIZATIONS if org[2] == "recipient"]

# sku, name, base unit, unit mass, packs, how lines give quantities:
# (pattern, low, high, divisor): "{} t" with an amount drawn from low..high and divided by divisor;
# "|" separates the quantity cell from the unit cell ("1,000|piece": the unit in its own column).
ITEMS = [
    ("PPE-COV", "Medical protective coverall", "piece", "0.35 kg", [("box", "25 piece"), ("carton", "4 box")],
     [("{} piece", 25, 40_000, 1), ("{} carton", 1, 400, 1), ("{} box", 1, 800, 1), ("{}|piece", 100, 20_000, 1)]),
    ("PPE-N95", "N95 respirator", "piece", "0.012 kg", [("box", "20 piece"), ("carton", "24 box")],
     [("{} piece", 100, 200_000, 1), ("{} carton", 1, 600, 1), ("{}|carton", 1, 300, 1)]),
    ("PPE-GLV", "Nitrile examination gloves", "pair", "0.008 kg", [("box", "50 pair")],
     [("{} pair", 50, 100_000, 1), ("{} box", 1, 2_000, 1)]),
    ("SAN-GEL", "Hand sanitiser gel", "L", "1.1 kg", [("bottle", "0.5 L"), ("carton", "12 bottle")],
     [("{} L", 5, 50_000, 10), ("{} carton", 1, 500, 1), ("{}|bottle", 1, 5_000, 1), ("{} m3", 1, 200, 10)]),
    ("FOOD-RICE", "Rice, long grain", "kg", None, [("bag", "25 kg")],
     [("{} t", 5, 400, 10), ("{} kg", 100, 30_000, 1), ("{} bag", 1, 1_200, 1)]),
    ("FOOD-FLOUR", "Wheat flour T650", "kg", None, [],
     [("{} t", 10, 250, 10), ("{}|kg", 250, 25_000, 1)]),
    ("WAT-150", "Drinking water 1.5 L", "L", "1.03 kg", [("pack", "9 L")],
     [("{} L", 90, 45_000, 1), ("{} pack", 1, 5_000, 1)]),
    ("BLK-150", "Fleece blanket 150 × 200 cm", "piece", "0.9 kg", [("bale", "20 piece")],
     [("{} piece", 20, 10_000, 1), ("{} bale", 1, 500, 1)]),
    ("GEN-5KVA", "Diesel generator 5 kVA", "piece", None, [],
     [("{} piece", 1, 40, 1)]),
    ("HYG-KIT", "Family hygiene kit", "piece", "3.6 kg", [("carton", "4 piece")],
     [("{} piece", 4, 4_000, 1), ("{} carton", 1, 1_000, 1)]),
]
WITH_LOTS = {"PPE-COV", "PPE-N95", "PPE-GLV", "SAN-GEL", "FOOD-RICE", "FOOD-FLOUR", "WAT-150", "HYG-KIT"}
WITH_EXPIRY = {"PPE-N95", "SAN-GEL", "FOOD-RICE", "FOOD-FLOUR", "WAT-150", "HYG-KIT"}
STATUSES = (["draft"] * 4 + ["confirmed"] * 3 + ["in_transit"] * 4 + ["delivered"] * 2 + ["received"] * 6
            + ["cancelled"])
MODES = {"rail": "Cangzhou–Europe Express Rail", "road": "Raben Logistics", "air": "CSA Cargo",
         "sea": "COSCO Shipping", "multimodal": "DB Schenker"}
CURRENCIES = ["EUR", "EUR", "USD", "CNY", "CZK", "PLN"]
NOTES = ["", "", "", "Keep dry, \"fragile\" cartons on top", "Customs pre-cleared; call the warehouse "
         "before arrival", "Dobírka – ověřit počet palet", "Temperature 5–25 °C"]


# -- the file -------------------------------------------------------------------------------------

def _amount(rng: random.Random, low: int, high: int, divisor: int) -> Decimal | int:
    n = rng.randint(low, high)
    return n if divisor == 1 else Decimal(n) / divisor


def file_rows(n_lines: int, prefix: str = "IMP", seed: int = SEED):
    """Yield n_lines rows as {column: value} (values typed: ints, Decimals, dates), 20 per shipment."""
    rng = random.Random(seed)
    n_shipments = -(-n_lines // LINES_PER_SHIPMENT)
    done = 0
    for number in range(1, n_shipments + 1):
        outbound = rng.random() < 0.6
        partner = rng.choice(RECIPIENTS if outbound else SUPPLIERS)
        here, there = ("CN", "Cangzhou"), (partner[1], partner[3])
        origin, destination = (here, there) if outbound else (there, here)
        mode = rng.choice(list(MODES))
        departure = date(2020, 1, 1) + timedelta(days=rng.randint(0, 7 * 365))
        status = rng.choice(STATUSES)
        header = {
            "reference": f"{prefix}-{departure.year}-{number:06d}",
            "direction": "outbound" if outbound else "inbound",
            "kind": rng.choice(["donation", "donation", "transfer"] if outbound else ["purchase", "return"]),
            "status": status, "counterparty": partner[0],
            "origin_country": origin[0], "origin_place": origin[1],
            "destination_country": destination[0], "destination_place": destination[1],
            "carrier": MODES[mode], "transport_mode": mode,
            "tracking_number": f"{mode[:2].upper()}{rng.randint(10**7, 10**8 - 1)}" if status != "draft" else "",
            "planned_departure": departure,
            "expected_arrival": departure + timedelta(days=rng.randint(2, 40)),
            "notes": rng.choice(NOTES),
        }
        for line_no in range(1, min(LINES_PER_SHIPMENT, n_lines - done) + 1):
            sku, _, _, _, _, patterns = rng.choice(ITEMS)
            pattern, low, high, divisor = rng.choice(patterns)
            amount = _amount(rng, low, high, divisor)
            quantity, _, unit = pattern.partition("|")
            spelled = f"{amount:,}" if isinstance(amount, int) and rng.random() < 0.5 else str(amount)
            row = {**header, "line_no": line_no, "sku": sku,
                   "quantity": amount if unit else quantity.format(spelled), "unit": unit}
            if sku in WITH_LOTS and rng.random() < 0.7:
                row["lot"] = f"L{departure.year}-{rng.randint(1, 9999):04d}"
                if sku in WITH_EXPIRY:
                    row["expiry"] = departure + timedelta(days=rng.randint(180, 5 * 365))
            if rng.random() < 0.5:
                row["declared_value"] = Decimal(rng.randint(1_000, 5_000_000)) / 100
                row["currency"] = rng.choice(CURRENCIES)
            if status == "received" and not unit and rng.random() < 0.15 and isinstance(amount, int) \
                    and amount > 1:
                row["received_quantity"] = quantity.format(amount - rng.randint(1, max(1, amount // 50)))
                row["received_note"] = rng.choice(["damaged in transit", "short-shipped, claim filed"])
            yield row
            done += 1


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # declared values as accounts write them: 4250.50
    return str(value)


def write_csv(path: Path, n_lines: int, prefix: str = "IMP") -> None:
    """Write n_lines rows as CSV, one row at a time (never the whole file in memory)."""
    import csv

    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(COLUMNS)
        for row in file_rows(n_lines, prefix):
            writer.writerow([_csv_text(row.get(name, "")) for name in COLUMNS])


def write_xlsx(path: Path, n_lines: int, prefix: str = "IMP") -> None:
    """Write the same rows as an XLSX workbook with openpyxl's write-only mode (typed cells)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("shipments")
    sheet.append(list(COLUMNS))
    for row in file_rows(n_lines, prefix):
        cells = []
        for name in COLUMNS:
            value = row.get(name, "")
            if isinstance(value, Decimal):
                value = float(value)  # a spreadsheet's number; the import reads it back as 22.5
            cell = WriteOnlyCell(sheet, value=value if value != "" else None)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(path)


# -- databases, catalogue and the two ways in -------------------------------------------------

class Database(ThrowawayDatabase):
    """A throw-away database with the app on it and the catalogue loaded."""

    def __init__(self, backend: str, folder: Path):
        super().__init__(backend, folder, "import")
        self.app = create_app({"TESTING": True, "DATABASE_URL": self.url, "SECRET_KEY": "bench-secret",
                               "AUTO_MIGRATE": False, "LOG_LEVEL": "WARNING"})
        self.actor = catalogue(self.app)

    @property
    def engine(self):
        return db.engine_of(self.app)

    def counts(self) -> dict[str, int]:
        """Return the number of rows in the tables an import writes."""
        with self.engine.connect() as connection:
            return {model.__tablename__: connection.scalar(select(func.count()).select_from(model))
                    for model in (Shipment, ShipmentLine, ShipmentEvent, AuditEntry)}

    def drop(self) -> None:
        """Remove the database."""
        self.engine.dispose()
        super().drop()


@contextmanager
def database(backend: str, folder: Path):
    """Yield a fresh Database, dropped afterwards."""
    created = Database(backend, folder)
    try:
        yield created
    finally:
        created.drop()


def catalogue(app) -> Actor:
    """Create the organisations, the items and a staff user through the services; return the staff actor."""
    with app.app_context(), db.new_session(app) as session:
        for name, country, kind, place in ORGANIZATIONS:
            organizations.create_organization(session, SYSTEM, CreateOrganization(
                name, country, OrgKind(kind), address=place))
        for sku, name, base_unit, unit_mass, packs, _ in ITEMS:
            items.create_item(session, SYSTEM, CreateItem(
                sku, name, base_unit, unit_mass=parse_quantity(unit_mass) if unit_mass else None,
                packs=tuple(PackSpec(pack, parse_quantity(size)) for pack, size in packs)))
        user = users.create_user(session, SYSTEM, CreateUser("importer@bench.example", Role.STAFF))
        return users.actor_of(user)


def run_import(target: Database, path: Path, cpu: list | None = None):
    """Import a file as the staff user; return (seconds, report); append the CPU seconds to cpu."""
    with target.app.app_context(), db.new_session(target.app) as session, path.open("rb") as stream:
        start, start_cpu = time.perf_counter(), time.process_time()
        report = import_file(session, target.actor, stream, path.name)
        elapsed = time.perf_counter() - start
        if cpu is not None:
            cpu.append(time.process_time() - start_cpu)
    if not report.accepted:
        shown = "\n  ".join(str(refusal) for refusal in report.refusals[:10])
        sys.exit(f"the import refused {path.name}: {report.summary()}\n  {shown}")
    return elapsed, report


def warm_up(target: Database, folder: Path, xlsx: bool = False) -> None:
    """Import 40 lines of other shipments first: module imports and caches are not what is timed."""
    path = folder / f"warm-up.{'xlsx' if xlsx else 'csv'}"
    if not path.exists():
        (write_xlsx if xlsx else write_csv)(path, 40, prefix=WARM_UP)
    run_import(target, path)


def stored_rows(source: Database) -> dict:
    """Read back what the import stored in shipments and shipment_lines (not the warm-up's), as rows."""
    shipments, lines = Shipment.__table__, ShipmentLine.__table__
    imported = shipments.c.reference.not_like(f"{WARM_UP}-%")
    with source.engine.connect() as connection:
        return {Shipment: [dict(row._mapping) for row in connection.execute(
                    select(shipments).where(imported).order_by(shipments.c.id))],
                ShipmentLine: [dict(row._mapping) for row in connection.execute(
                    select(lines).join(shipments).where(imported).order_by(lines.c.id))]}


def bare_insert(target: Database, rows: dict, cpu: list) -> float:
    """Insert the rows with Core executemany in batches, one transaction; return the seconds."""
    start, start_cpu = time.perf_counter(), time.process_time()
    with target.engine.begin() as connection:
        for model, table_rows in rows.items():
            statement = insert(model.__table__)
            for first in range(0, len(table_rows), BATCH_ROWS):
                connection.execute(statement, table_rows[first:first + BATCH_ROWS])
    cpu.append(time.process_time() - start_cpu)
    return time.perf_counter() - start


# -- the measurements ---------------------------------------------------------------------------

def time_backend(backend: str, csv_path: Path, n_lines: int, repeats: int, folder: Path) -> dict:
    """Time import and bare insert on fresh databases, `repeats` times; keep the best of each."""
    imports, bares, import_cpu, bare_cpu, written = [], [], [], [], {}
    for repeat in range(repeats):
        with database(backend, folder) as first:
            warm_up(first, folder)
            before = first.counts()
            gc.collect()
            seconds, report = run_import(first, csv_path, import_cpu)
            imports.append(seconds)
            written = {name: count - before[name] for name, count in first.counts().items()}
            assert (report.lines_created, written["shipment_lines"]) == (n_lines, n_lines), (report, written)
            rows = stored_rows(first)
        with database(backend, folder) as second:
            gc.collect()
            bares.append(bare_insert(second, rows, bare_cpu))
            copied = second.counts()
            assert copied["shipment_lines"] == n_lines and copied["shipments"] == written["shipments"]
        del rows
        print(f"  {backend} repeat {repeat + 1}: import {imports[-1]:.2f} s (CPU {import_cpu[-1]:.2f} s), "
              f"bare {bares[-1]:.2f} s (CPU {bare_cpu[-1]:.2f} s)", flush=True)
    return {"backend": backend, "lines": n_lines, "import": min(imports), "bare": min(bares),
            "import_cpu": min(import_cpu), "bare_cpu": min(bare_cpu),
            "imports": imports, "bares": bares, "written": written}


def time_xlsx(backend: str, xlsx_path: Path, csv_path: Path, n_lines: int, folder: Path) -> dict:
    """Time one XLSX import and one CSV import of the same rows, each on a fresh database."""
    with database(backend, folder) as target:
        warm_up(target, folder, xlsx=True)
        xlsx_seconds, report = run_import(target, xlsx_path)
        assert report.lines_created == n_lines
    with database(backend, folder) as target:
        warm_up(target, folder)
        csv_seconds, _ = run_import(target, csv_path)
    return {"backend": backend, "lines": n_lines, "xlsx": xlsx_seconds, "csv": csv_seconds}


def _status(field: str) -> int | None:
    """Return a size from /proc/self/status in bytes (None where there is no /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def reset_peak_rss() -> int:
    """Start measuring the peak resident set afresh; return the resident set now, in bytes.

    ru_maxrss is no use here: Linux carries the parent's peak over fork and exec, so a child of
    a big benchmark process starts with the parent's peak. Writing 5 to clear_refs resets this
    process's own peak (VmHWM) to its current size.
    """
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        pass
    return _status("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def peak_rss() -> int:
    """Return this process's peak resident set size since the last reset, in bytes."""
    return _status("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def memory_case(backend: str, n_lines: int, trace: bool) -> dict:
    """Measure one import's memory in this (fresh) process."""
    folder = Path(tempfile.mkdtemp(prefix="bench_import_mem_"))
    try:
        path = folder / f"rows-{n_lines}.csv"
        write_csv(path, n_lines)
        with database(backend, folder) as target:
            warm_up(target, folder)
            gc.collect()
            before = reset_peak_rss()
            seconds, _ = run_import(target, path)
            after = peak_rss()
        traced = None
        if trace:
            with database(backend, folder) as target:
                warm_up(target, folder)
                gc.collect()
                tracemalloc.start()
                run_import(target, path)
                traced = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
        return {"backend": backend, "lines": n_lines, "seconds": seconds, "rss_before": before,
                "rss_peak": after, "rss_growth": after - before, "traced": traced}
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def spawn_memory(backend: str, n_lines: int, trace: bool) -> dict:
    """Run memory_case in a fresh interpreter, so each size starts clean."""
    command = [sys.executable, __file__, "--memory-case", str(n_lines), "--backend", backend]
    if not trace:
        command.append("--no-trace")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"memory case {backend} {n_lines}: failed\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(backend: str, n_lines: int, top: int = 30) -> None:
    """Print where an n_lines import spends its time (cProfile, by own time and by cumulative time)."""
    folder = Path(tempfile.mkdtemp(prefix="bench_import_prof_"))
    try:
        path = folder / f"rows-{n_lines}.csv"
        write_csv(path, n_lines)
        with database(backend, folder) as target:
            warm_up(target, folder)
            profiler = cProfile.Profile()
            profiler.enable()
            seconds, _ = run_import(target, path)
            profiler.disable()
        print(f"\ncProfile of a {n_lines:,}-line import on {backend} ({seconds:.2f} s under the profiler)")
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
            print(out.getvalue())
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


# -- the report ---------------------------------------------------------------------------------

def rate(lines: int, seconds: float) -> str:
    return f"{lines / seconds:,.0f}"


def mib(n: float | None) -> str:
    return "n/a" if n is None else f"{n / 2**20:.1f} MiB"


def report(timings: list[dict], xlsx: list[dict], memory: list[dict]) -> None:
    """Print the figures as markdown tables."""
    print("\n| backend | lines | import | rows/s | bare Core executemany | rows/s | ratio (target ≥ 0.3x) "
          "| ratio of CPU times |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for t in timings:
        ratio = t["bare"] / t["import"]
        print(f"| {t['backend']} | {t['lines']:,} | {t['import']:.2f} s | {rate(t['lines'], t['import'])} "
              f"| {t['bare']:.2f} s | {rate(t['lines'], t['bare'])} | **{ratio:.2f}x** "
              f"{'met' if ratio >= TARGET_RATIO else 'MISSED'} | {t['bare_cpu'] / t['import_cpu']:.2f}x |")
    print("\n(ratio = import rate / bare rate, best of each. CPU times are this process's only: on SQLite "
          "they include the database's work and are steadier than wall time on a busy machine; "
          "PostgreSQL's server work is not in them.)")
    for t in timings:
        w = t["written"]
        print(f"\n{t['backend']}: the import wrote {sum(w.values()):,} rows ({w['shipments']:,} shipments, "
              f"{w['shipment_lines']:,} lines, {w['shipment_events']:,} history entries, "
              f"{w['audit_entries']:,} audit entries); the bare insert "
              f"{w['shipments'] + w['shipment_lines']:,}. Times per repeat: import "
              f"{', '.join(f'{s:.2f}' for s in t['imports'])} s; bare {', '.join(f'{s:.2f}' for s in t['bares'])} s")
    if xlsx:
        print("\n| backend | lines | XLSX import | rows/s | CSV import, same rows | rows/s | XLSX / CSV time |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for x in xlsx:
            print(f"| {x['backend']} | {x['lines']:,} | {x['xlsx']:.2f} s | {rate(x['lines'], x['xlsx'])} "
                  f"| {x['csv']:.2f} s | {rate(x['lines'], x['csv'])} | {x['xlsx'] / x['csv']:.2f}x |")
    if memory:
        print("\n| backend | lines | import (no tracing) | RSS before | peak RSS during the import "
              "| RSS growth | tracemalloc peak |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for m in memory:
            print(f"| {m['backend']} | {m['lines']:,} | {m['seconds']:.2f} s | {mib(m['rss_before'])} "
                  f"| {mib(m['rss_peak'])} | {mib(m['rss_growth'])} | {mib(m['traced'])} |")
        for backend in dict.fromkeys(m["backend"] for m in memory):
            cases = [m for m in memory if m["backend"] == backend]
            for small, large in zip(cases, cases[1:]):
                growth = large["rss_growth"] / small["rss_growth"] if small["rss_growth"] >= 2**20 else None
                traced = large["traced"] / small["traced"] if small["traced"] and large["traced"] else None
                print(f"{backend}: {small['lines']:,} -> {large['lines']:,} lines "
                      f"({large['lines'] / small['lines']:g}x the rows): peak RSS "
                      f"{large['rss_peak'] / small['rss_peak']:.2f}x, RSS growth "
                      f"{'n/a' if growth is None else f'{growth:.2f}x'}, tracemalloc peak "
                      f"{'n/a' if traced is None else f'{traced:.2f}x'}")


def _count(text: str) -> int:
    return int(text.replace(",", "").replace("_", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite",
                        help="both: PostgreSQL too when its server answers")
    parser.add_argument("--lines", type=_count, default=100_000, help="lines in the CSV file (default 100,000)")
    parser.add_argument("--repeats", type=int, default=1, help="fresh database pairs per backend (best kept)")
    parser.add_argument("--xlsx-lines", type=_count, default=20_000, help="XLSX size (0: skip)")
    parser.add_argument("--memory-sizes", default="20000,100000",
                        help='comma-separated sizes measured in fresh processes ("": skip)')
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs (slow)")
    parser.add_argument("--profile", type=_count, metavar="LINES",
                        help="only profile an import of LINES lines with cProfile")
    parser.add_argument("--memory-case", type=_count, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and (why := postgres_reachable()):
        where = f"PostgreSQL is not reachable at {make_url(POSTGRES_URL).render_as_string()}: {why}"
        if args.backend != "both":
            sys.exit(where)
        print(f"note: {where}; measuring SQLite only")
        backends = ["sqlite"]
    if args.memory_case:
        print(json.dumps(memory_case(backends[0], args.memory_case, not args.no_trace)))
        return
    if args.profile:
        for backend in backends:
            profile(backend, args.profile)
        return

    import sqlalchemy
    print(f"import benchmark: python {sys.version.split()[0]}, SQLAlchemy {sqlalchemy.__version__}, "
          f"batches of {BATCH_ROWS:,} rows; load average (1 min) {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} CPUs" + ("  -- other work is running: times are noisy"
                                          if os.getloadavg()[0] > 0.5 else ""))
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="bench_import_"))
    timings, xlsx, memory = [], [], []
    try:
        csv_path = folder / f"shipments-{args.lines}.csv"
        start = time.perf_counter()
        write_csv(csv_path, args.lines)
        print(f"wrote {csv_path.name}: {args.lines:,} lines, {args.lines // LINES_PER_SHIPMENT:,} shipments, "
              f"{csv_path.stat().st_size / 2**20:.1f} MiB in {time.perf_counter() - start:.1f} s", flush=True)
        for backend in backends:
            timings.append(time_backend(backend, csv_path, args.lines, args.repeats, folder))
        csv_path.unlink()
        if args.xlsx_lines:
            xlsx_path, small_csv = folder / f"shipments-{args.xlsx_lines}.xlsx", folder / "same-rows.csv"
            start = time.perf_counter()
            write_xlsx(xlsx_path, args.xlsx_lines)
            write_csv(small_csv, args.xlsx_lines)
            print(f"wrote {xlsx_path.name}: {xlsx_path.stat().st_size / 2**20:.1f} MiB "
                  f"({time.perf_counter() - start:.1f} s with the CSV of the same rows)", flush=True)
            for backend in backends:
                xlsx.append(time_xlsx(backend, xlsx_path, small_csv, args.xlsx_lines, folder))
        sizes = [_count(size) for size in args.memory_sizes.split(",") if size.strip()]
        for backend in backends:
            for size in sizes:
                memory.append(spawn_memory(backend, size, not args.no_trace))
                print(f"  memory {backend} {size:,} lines: done", flush=True)
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()
    report(timings, xlsx, memory)
    if any(t["bare"] / t["import"] < TARGET_RATIO for t in timings):
        print(f"\nbelow the {TARGET_RATIO}x target: run with --profile 20000 to see where the time goes")
    print(f"\n(total wall time {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
