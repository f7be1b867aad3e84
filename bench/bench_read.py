"""Benchmark: reading one shipment through the API, against a bare Flask app serving the same rows.

Run: .venv/bin/python bench/bench_read.py [--backend sqlite,postgresql] [--seconds 8] [--rounds 2]
                                          [--connections 1,16] [--reads one,all] [--profile 2000]

For each backend it migrates a fresh database (a SQLite file in a temporary folder; a throw-away
PostgreSQL database created next to LOGISTICS_TEST_POSTGRES_URL's, dropped at the end) and fills it
through the services: the demo's coverall and mask (with packs and unit masses), a partner, a staff
user with an API token, and 200 shipments of three lines each. Then two servers run side by side,
each in a process of its own under waitress with the threads `logistics serve` uses (8):
  ours   the app itself (create_app), GET /api/v1/shipments/<reference> with the bearer token;
  bare   a minimal Flask app on the same database: the same token check (the users row behind the
         token's hash) and one SQLAlchemy Core SELECT of the shipment, its counterparty, its lines
         and their items on a plain pooled engine, without a transaction (as ours reads), rows
         returned as JSON of the same fields (no totals, no allowed moves, no schema).
wrk (Debian's /usr/bin/wrk) drives each for SECONDS with 1 connection and with 16, rounds
interleaved (ours, bare, ours, bare...); the best round of each counts. Ratio = ours / bare.

Two patterns of reads (--reads): "one" reads the same shipment over and over (a client polling
one shipment; the app answers from the answer it keeps for the same rows), "all" reads the 200
shipments in turn (a wrk Lua script, one wrk thread for all connections: the app keeps 128
answers, so reading 200 in turn it never finds one and builds every answer afresh, the cost of a
first read).

The CPU each read costs in the server is measured in-process too: 2,000 requests through Flask's
test client for each app, this process's CPU time divided by the requests (SQLite's work included,
PostgreSQL's server work not). --profile N prints where N reads of ours spend their time (cProfile).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from sqlalchemy.engine import make_url

from throwaway import POSTGRES_URL, ThrowawayDatabase, postgres_reachable

SHIPMENTS = 200
TARGET = 0.6
THREADS = 8  # logistics serve's default
CPU_REQUESTS = 2_000


# -- the data -----------------------------------------------------------------------------------

def fill(url: str) -> tuple[str, str]:
    """Create the catalogue, a staff token and the shipments; return (token, every reference)."""
    from logistics import create_app, db
    from logistics.domain.access import SYSTEM
    from logistics.domain.items import CreateItem, PackSpec
    from logistics.domain.organizations import CreateOrganization, OrgKind
    from logistics.domain.roles import Role
    from logistics.domain.shipments import AddLine, CreateShipment, Place
    from logistics.domain.users import CreateUser, IssueToken
    from logistics.domain.workflow import Direction, Kind
    from logistics.services import items, organizations, shipments, users
    from logistics.units import parse_quantity

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "AUTO_MIGRATE": False})
    with app.app_context(), db.new_session(app) as session:
        for sku, name, mass, packs in (("PPE-COV", "Medical protective coverall", "0.35 kg",
                                        (("box", "25 piece"), ("carton", "4 box"))),
                                       ("PPE-N95", "N95 respirator", "0.012 kg",
                                        (("box", "20 piece"), ("carton", "24 box")))):
            items.create_item(session, SYSTEM, CreateItem(
                sku=sku, name=name, base_unit="piece", unit_mass=parse_quantity(mass),
                packs=tuple(PackSpec(n, parse_quantity(q)) for n, q in packs)))
        partner = organizations.create_organization(session, SYSTEM, CreateOrganization(
            name="Nemocnica Košice", country="SK", kind=OrgKind.RECIPIENT))
        staff = users.create_user(session, SYSTEM, CreateUser(email="staff@example.org", role=Role.STAFF))
        _, token = users.issue_token(session, SYSTEM, staff.id, IssueToken())
        references = []
        for _ in range(SHIPMENTS):
            shipment = shipments.create_shipment(session, SYSTEM, CreateShipment(
                direction=Direction.OUTBOUND, kind=Kind.DONATION, counterparty_id=partner.id,
                origin=Place("CN", "Cangzhou"), destination=Place("SK", "Košice"),
                lines=(AddLine(sku="PPE-COV", quantity=parse_quantity("12 carton")),
                       AddLine(sku="PPE-N95", quantity=parse_quantity("2,400 piece")),
                       AddLine(sku="PPE-COV", quantity=parse_quantity("350 kg")))))
            references.append(shipment.reference)
    db.engine_of(app).dispose()
    return token, references


# -- the two apps -------------------------------------------------------------------------------

def our_app(url: str):
    """Return the app itself on this database."""
    from logistics import create_app

    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "AUTO_MIGRATE": False,
                       "LOG_LEVEL": "WARNING"})


def bare_app(url: str):
    """Return a minimal Flask app that reads the same rows with Core and returns them as JSON."""
    import hashlib

    from flask import Flask, abort, jsonify, request
    from sqlalchemy import create_engine, text

    options = {"connect_args": {"check_same_thread": False}} if url.startswith("sqlite") else {}
    engine = create_engine(url, isolation_level="AUTOCOMMIT", **options)
    app = Flask("bare")
    token_sql = text(
        "SELECT users.id, users.role, users.organization_id FROM users JOIN api_tokens"
        " ON api_tokens.user_id = users.id WHERE api_tokens.token_hash = :hash"
        " AND api_tokens.revoked_at IS NULL AND users.active")
    shipment_sql = text(
        "SELECT s.id, s.reference, s.direction, s.kind, s.status, s.version, s.origin_country,"
        " s.origin_place, s.destination_country, s.destination_place, s.carrier, s.transport_mode,"
        " s.tracking_number, s.planned_departure, s.expected_arrival, s.notes, s.created_at,"
        " s.updated_at, o.id AS org_id, o.name AS org_name, o.country AS org_country,"
        " l.id AS line_id, l.line_no, l.item_id, i.sku, i.name, l.quantity_value, l.quantity_unit,"
        " l.dimension, l.base_micro, l.base_unit, l.lot, l.expiry, l.value_minor, l.currency,"
        " l.received_value, l.received_unit, l.received_micro"
        " FROM shipments s JOIN organizations o ON o.id = s.counterparty_id"
        " LEFT JOIN shipment_lines l ON l.shipment_id = s.id LEFT JOIN items i ON i.id = l.item_id"
        " WHERE s.reference = :reference ORDER BY l.line_no")

    def iso(value):  # SQLite hands text() dates back as the text it keeps
        return value.isoformat() if hasattr(value, "isoformat") else value

    @app.get("/api/v1/shipments/<reference>")
    def read(reference):
        raw = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        with engine.connect() as connection:
            if connection.execute(token_sql, {"hash": hashlib.sha256(raw.encode()).hexdigest()}).first() is None:
                abort(401)
            rows = connection.execute(shipment_sql, {"reference": reference.upper()}).all()
        if not rows:
            abort(404)
        s = rows[0]
        return jsonify({
            "id": s.id, "reference": s.reference, "direction": s.direction, "kind": s.kind,
            "status": s.status, "version": s.version,
            "counterparty": {"id": s.org_id, "name": s.org_name, "country": s.org_country},
            "origin": {"country": s.origin_country, "place": s.origin_place},
            "destination": {"country": s.destination_country, "place": s.destination_place},
            "carrier": s.carrier, "transport_mode": s.transport_mode, "tracking_number": s.tracking_number,
            "planned_departure": iso(s.planned_departure), "expected_arrival": iso(s.expected_arrival),
            "notes": s.notes, "created_at": iso(s.created_at), "updated_at": iso(s.updated_at),
            "lines": [{"id": r.line_id, "line_no": r.line_no, "item_id": r.item_id, "sku": r.sku, "name": r.name,
                       "quantity": {"value": r.quantity_value, "unit": r.quantity_unit},
                       "normalized": {"value": str(r.base_micro / 1_000_000), "unit": r.base_unit,
                                      "dimension": r.dimension},
                       "lot": r.lot, "expiry": iso(r.expiry), "value_minor": r.value_minor,
                       "currency": r.currency,
                       "received": None if r.received_value is None else
                       {"value": r.received_value, "unit": r.received_unit}}
                      for r in rows if r.line_id is not None],
        }), 200, {"ETag": f'"{s.version}"'}

    return app


def serve(which: str, url: str, port: int) -> None:
    """Serve one of the apps with waitress (run in a process of its own)."""
    import logging

    from waitress import serve as waitress_serve

    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a full queue is the point of c=16
    app = our_app(url) if which == "ours" else bare_app(url)
    waitress_serve(app, host="127.0.0.1", port=port, threads=THREADS, ident=which, _quiet=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One app served by waitress in a child process."""

    def __init__(self, which: str, url: str, token: str, references: list[str], script: Path):
        self.which, self.port = which, free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/v1/shipments/{references[0]}"
        self.token, self.script = token, script
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", which, "--database", url, "--port", str(self.port)],
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"the {which} server did not start") from None
                time.sleep(0.2)

    def get(self) -> bytes:
        request = urllib.request.Request(self.url, headers={"Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def wrk(self, connections: int, seconds: float, reads: str) -> float:
        """Return the requests per second wrk gets with this many connections (all: every shipment in turn)."""
        command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{round(seconds)}s", "--timeout", "30s",
                   "-H", f"Authorization: Bearer {self.token}", self.url]
        if reads == "all":  # one wrk thread: one walk through the shipments, every read a different one
            command[1:2] = ["-t1", "-s", str(self.script)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        if "Non-2xx" in done.stdout or "Socket errors" in done.stdout or "Requests/sec" not in done.stdout:
            raise RuntimeError(f"{self.which}: wrk saw errors:\n{done.stdout}")
        return float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


# -- the measurements ---------------------------------------------------------------------------

def wrk_script(references: list[str], folder: Path) -> Path:
    """Write the wrk Lua script that reads every reference in turn."""
    script = folder / "read_all.lua"
    listed = ", ".join(f'"{reference}"' for reference in references)
    script.write_text(f"""local references = {{{listed}}}
local next_one = 0
function request()
  next_one = next_one % #references + 1
  return wrk.format("GET", "/api/v1/shipments/" .. references[next_one])
end
""")
    return script


def paths(references: list[str], reads: str) -> list[str]:
    """Return the paths one pass of reads asks for: one shipment, or every one in turn."""
    return [f"/api/v1/shipments/{reference}" for reference in (references if reads == "all" else references[:1])]


def cpu_per_request(app, token: str, references: list[str], reads: str, requests: int = CPU_REQUESTS) -> float:
    """Return this process's CPU milliseconds per read through Flask's test client."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    asked = paths(references, reads)
    for path in asked[:50]:
        assert client.get(path, headers=headers).status_code == 200
    start = time.process_time()
    for n in range(requests):
        client.get(asked[n % len(asked)], headers=headers)
    return (time.process_time() - start) * 1000 / requests


def profile(url: str, token: str, references: list[str], reads: str, requests: int) -> None:
    """Print where our reads spend their time."""
    app = our_app(url)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    asked = paths(references, reads)
    for path in asked[:50]:
        client.get(path, headers=headers)
    profiler = cProfile.Profile(time.process_time)  # CPU time: other work on the machine does not count
    profiler.enable()
    for n in range(requests):
        client.get(asked[n % len(asked)], headers=headers)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(int(os.environ.get("BENCH_PROFILE_LINES", "35")))
        print(out.getvalue())


def run_backend(backend: str, folder: Path, args) -> list[dict]:
    """Measure both apps on one backend; return one result per number of connections."""
    database = ThrowawayDatabase(backend, folder, prefix="read")
    try:
        token, references = fill(database.url)
        if args.profile:
            for reads in args.reads:
                print(f"{backend}, reads of {reads}:")
                profile(database.url, token, references, reads, args.profile)
            return []
        cpu = {}
        for reads in args.reads:
            cpu[reads] = {"ours": cpu_per_request(our_app(database.url), token, references, reads),
                          "bare": cpu_per_request(bare_app(database.url), token, references, reads)}
            print(f"{backend}, reads of {reads}: CPU per read in-process: ours {cpu[reads]['ours']:.2f} ms, "
                  f"bare {cpu[reads]['bare']:.2f} ms", flush=True)
        if args.cpu_only:
            return []
        script = wrk_script(references, folder)
        servers = {which: Server(which, database.url, token, references, script) for which in ("ours", "bare")}
        results = []
        try:
            for reads in args.reads:
                for connections in args.connections:
                    best = {"ours": 0.0, "bare": 0.0}
                    for round_no in range(args.rounds):
                        for which, server in servers.items():
                            rate = server.wrk(connections, args.seconds, reads)
                            best[which] = max(best[which], rate)
                            print(f"  {backend} {reads} c={connections} round {round_no + 1} {which}: "
                                  f"{rate:,.0f} req/s", flush=True)
                    results.append({"backend": backend, "reads": reads, "connections": connections, **best,
                                    "cpu_ours": cpu[reads]["ours"], "cpu_bare": cpu[reads]["bare"]})
        finally:
            for server in servers.values():
                server.stop()
        return results
    finally:
        database.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite,postgresql")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", default="1,16")
    parser.add_argument("--reads", default="one,all",
                        help="one: the same shipment over and over; all: every shipment in turn")
    parser.add_argument("--cpu-only", action="store_true", help="only the in-process CPU per read")
    parser.add_argument("--profile", type=int, metavar="N", help="only profile N reads of ours (cProfile)")
    parser.add_argument("--serve", choices=["ours", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.database, args.port)
        return
    args.connections = [int(c) for c in args.connections.split(",")]
    args.reads = [r.strip() for r in args.reads.split(",") if r.strip() in ("one", "all")]
    if not shutil.which("wrk") and not (args.profile or args.cpu_only):
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    if "postgresql" in backends and (why := postgres_reachable()):
        print(f"note: PostgreSQL is not reachable at {make_url(POSTGRES_URL).render_as_string()}: {why}")
        backends.remove("postgresql")
    print(f"read benchmark: python {sys.version.split()[0]}, waitress with {THREADS} threads, "
          f"wrk {args.seconds:g} s per run, best of {args.rounds}; load average (1 min) "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="bench_read_"))
    results = []
    try:
        for backend in backends:
            results += run_backend(backend, folder, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not results:
        return
    print("\n| backend | reads | connections | ours req/s | bare Flask req/s | ours / bare (target ≥ 0.6x) "
          "| CPU per read, ours / bare |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        ratio = r["ours"] / r["bare"]
        print(f"| {r['backend']} | {r['reads']} | {r['connections']} | {r['ours']:,.0f} | {r['bare']:,.0f} "
              f"| **{ratio:.2f}x** {'met' if ratio >= TARGET else 'MISSED'} "
              f"| {r['cpu_ours']:.2f} / {r['cpu_bare']:.2f} ms |")


if __name__ == "__main__":
    main()
