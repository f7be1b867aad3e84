"""Benchmark: a mixed read/write API load on PostgreSQL served by 1, 2 and 4 processes (wrk drives it).

Run: .venv/bin/python bench/bench_deploy.py [--processes 1,2,4] [--duration 15] [--connections 16] [--rounds 2]
A throw-away PostgreSQL database gets the demo and SHIPMENTS more shipments (3 lines each).
Each server is `logistics serve` as a deployment runs it: waitress for one process
(`--processes 1`) and gunicorn's threaded workers for more; one gunicorn worker is measured
too, so the step from one to several processes is a step in one server. wrk (Debian's
package) sends, on each connection, a mix of 8 reads of one shipment by reference, 1 list
page of 20 and 1 read-then-write (GET for the ETag, then a checkpoint event with If-Match)
in 10 requests, for --duration seconds after 3 seconds of warm-up. Configurations are
interleaved round by round; the best round of each is printed, with its ratio to one
waitress process measured in the same run.
"""
from __future__ import annotations

import argparse
import os
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

from throwaway import ThrowawayDatabase, postgres_reachable
from logistics import create_app, db
from logistics.domain.access import SYSTEM
from logistics.domain.shipments import AddLine, CreateShipment, Place
from logistics.domain.workflow import Direction, Kind
from logistics.models import Organization
from logistics.services import shipments
from logistics.services.demo import load_demo
from logistics.units import parse_quantity
from sqlmodel import select

SECRET = "bench-deploy-" + "0123456789abcdef0123456789abcdef"
SHIPMENTS = 400
REPO = Path(__file__).resolve().parents[1]

# One connection per wrk thread, so request() and response() alternate and a thread knows
# which of its own shipments answered. Each thread writes only to its own shipments (a
# version conflict would then be a bug, and is counted), and reads any.
SCRIPT = r"""
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  refs = {}
  for ref in string.gmatch(args[1], "[^,]+") do table.insert(refs, ref) end
  token = args[2]
  local per = math.floor(#refs / tonumber(args[3]))
  mine = {}
  for k = 1, per do mine[k] = refs[(id - 1) * per + k] end
  n, pending, last = 0, nil, nil
  reads, lists, writes, conflicts, failures = 0, 0, 0, 0, 0
  failed = ""
  math.randomseed(id)
end

local function headers()
  return {["Authorization"] = "Bearer " .. token}
end

function request()
  if pending then
    local h = headers()
    h["If-Match"] = pending.version
    h["Content-Type"] = "application/json"
    last = "write"
    local path = "/api/v1/shipments/" .. pending.ref .. "/events"
    pending = nil
    return wrk.format("POST", path, h, '{"location": "Bratislava", "note": "bench checkpoint"}')
  end
  n = n + 1
  local pick = n % 10
  if pick == 0 then
    last = "read-for-write"
    target = mine[math.random(#mine)]
    return wrk.format("GET", "/api/v1/shipments/" .. target, headers())
  elseif pick == 5 then
    last = "list"
    return wrk.format("GET", "/api/v1/shipments?page_size=20", headers())
  end
  last = "read"
  return wrk.format("GET", "/api/v1/shipments/" .. refs[math.random(#refs)], headers())
end

function response(status, headers, body)
  if last == "read-for-write" and status == 200 then
    reads = reads + 1
    local version = nil
    for name, value in pairs(headers) do  -- waitress says "Etag", gunicorn passes "ETag"
      if string.lower(name) == "etag" then version = value end
    end
    pending = {ref = target, version = version}
  elseif last == "write" then
    if status == 201 then writes = writes + 1
    elseif status == 409 then conflicts = conflicts + 1
    else failures = failures + 1; failed = failed .. " write:" .. status end
  elseif status == 200 then
    if last == "list" then lists = lists + 1 else reads = reads + 1 end
  else
    failures = failures + 1
    failed = failed .. " " .. last .. ":" .. status
  end
end

function done(summary, latency, requests)
  local r, l, w, c, f = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    r = r + thread:get("reads"); l = l + thread:get("lists"); w = w + thread:get("writes")
    c = c + thread:get("conflicts"); f = f + thread:get("failures")
    local failed = thread:get("failed")
    if failed ~= "" then io.write("FAILED" .. string.sub(failed, 1, 200) .. "\n") end
  end
  io.write(string.format("MIX reads=%d lists=%d writes=%d conflicts=%d failures=%d\n", r, l, w, c, f))
  io.write(string.format("LATENCY p50=%.1f p99=%.1f\n", latency:percentile(50) / 1000,
                         latency:percentile(99) / 1000))
end
"""


def seed(url: str, folder: Path) -> tuple[list[str], str]:
    """Load the demo and SHIPMENTS more shipments; return every reference and a staff token."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "AUTO_MIGRATE": False})
    app.instance_path = str(folder)
    with app.app_context(), db.new_session(app) as session:
        accounts = load_demo(session, SECRET)
        partners = session.exec(select(Organization)).all()
        for index in range(SHIPMENTS):
            partner = partners[index % len(partners)]
            shipments.create_shipment(session, SYSTEM, CreateShipment(
                direction=Direction.OUTBOUND, kind=Kind.DONATION, counterparty_id=partner.id,
                origin=Place("CN"), destination=Place(partner.country),
                lines=(AddLine(sku="PPE-COV", quantity=parse_quantity(f"{index % 7 + 1} box")),
                       AddLine(sku="PPE-N95", quantity=parse_quantity(f"{index % 5 + 1} carton")),
                       AddLine(sku="PPE-COV", quantity=parse_quantity("30 piece")))))
        references = [s.reference for s in session.exec(shipments.list_shipments(session, SYSTEM, {}))]
    token = next(account["token"] for account in accounts if account["role"] == "staff")
    db.engine_of(app).dispose()
    return references, token


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(url: str, folder: Path, server: str, processes: int) -> tuple[subprocess.Popen, str]:
    """Start a server: `logistics serve` (waitress), or gunicorn with ``processes`` workers."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOGISTICS_")}
    env.update(LOGISTICS_DATABASE_URL=url, LOGISTICS_SECRET_KEY=SECRET, LOGISTICS_INSTANCE_PATH=str(folder),
               LOGISTICS_LOG_LEVEL="WARNING", PYTHONPATH=str(REPO))
    if server == "waitress":
        command = [os.path.join(os.path.dirname(sys.executable), "logistics"), "serve", "--port", str(port)]
    else:
        command = [sys.executable, "-c", "import sys; from logistics.server import serve_processes; "
                   f"serve_processes('127.0.0.1', {port}, {processes}, {db.Pool().most})"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                return process, base
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"{server} x{processes} did not start")


def stop(process: subprocess.Popen) -> None:
    """Stop a server and its workers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def load(base: str, script: Path, references: list[str], token: str, connections: int,
         duration: int) -> dict:
    """Warm up, then run wrk for ``duration`` seconds; return requests/s, latency and the mix."""
    arguments = ["--", ",".join(references), token, str(connections)]
    subprocess.run(["wrk", "-t", str(connections), "-c", str(connections), "-d", "3s", "-s", str(script),
                    base, *arguments], capture_output=True, check=True)
    result = subprocess.run(["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{duration}s",
                             "-s", str(script), base, *arguments], capture_output=True, text=True, check=True)
    out = result.stdout
    for line in re.findall(r"FAILED.*", out)[:3]:
        print(f"  {line}", file=sys.stderr)
    mix = dict(re.findall(r"(\w+)=(\d+)", re.search(r"MIX (.*)", out).group(1)))
    latency = dict(re.findall(r"(p\d+)=([\d.]+)", re.search(r"LATENCY (.*)", out).group(1)))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": float(latency["p50"]), "p99": float(latency["p99"]),
            **{key: int(value) for key, value in mix.items()}}


def main() -> None:
    """Measure each configuration, interleaved over rounds, and print the best round of each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    if (why := postgres_reachable()) is not None:
        raise SystemExit(f"PostgreSQL is not reachable: {why}")
    counts = [int(n) for n in options.processes.split(",")]
    configurations = [("waitress", 1)] + [("gunicorn", n) for n in counts]
    with tempfile.TemporaryDirectory() as folder:
        database = ThrowawayDatabase("postgresql", Path(folder), "deploy")
        try:
            references, token = seed(database.url, Path(folder))
            script = Path(folder) / "mix.lua"
            script.write_text(SCRIPT)
            print(f"{len(references)} shipments; {options.connections} connections; {options.duration} s "
                  f"a run; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the start")
            best: dict[tuple[str, int], dict] = {}
            for round_number in range(options.rounds):
                for server, processes in configurations:
                    process, base = start(database.url, Path(folder) / f"{server}{processes}", server, processes)
                    try:
                        figures = load(base, script, references, token, options.connections,
                                       options.duration)
                    finally:
                        stop(process)
                    print(f"round {round_number + 1}: {server} x{processes}: {figures['rps']:.0f} req/s, "
                          f"p50 {figures['p50']:.0f} ms, p99 {figures['p99']:.0f} ms, "
                          f"writes {figures['writes']}, conflicts {figures['conflicts']}, "
                          f"failures {figures['failures']}; load {os.getloadavg()[0]:.1f}", flush=True)
                    key = (server, processes)
                    if key not in best or figures["rps"] > best[key]["rps"]:
                        best[key] = figures
        finally:
            database.drop()
    baseline = best[("waitress", 1)]["rps"]
    print("\n| server | processes x threads | requests/s | vs one waitress process | p50 | p99 | writes/s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (server, processes), figures in best.items():
        print(f"| {server} | {processes} x {db.Pool().most} | {figures['rps']:.0f} | "
              f"**{figures['rps'] / baseline:.2f}x** | {figures['p50']:.0f} ms | {figures['p99']:.0f} ms | "
              f"{figures['writes'] / options.duration:.0f} |")


if __name__ == "__main__":
    main()
