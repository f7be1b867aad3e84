"""Benchmark: what hostile uploads and JSON bodies cost a real server (status, time, response size, peak RSS).

Run: .venv/bin/python bench/bench_hostile.py [--source PATH] [--backend sqlite|postgresql|both]
                                             [--cases a,b,...] [--timeout 900]
     e.g. bench/bench_hostile.py --source /tmp/old-checkout     (the same cases against older code)

The cases are built once in a temporary folder, fast (the workbooks' parts are written with
zipfile, streamed, not through openpyxl):
  cell-200mib       a 206 KB XLSX whose one cell holds 200 MiB
  strings-2m        a 5 MB XLSX with two million shared strings that no cell uses
  rows-1m           an XLSX of a million rows (one cell each)
  csv-bad-600kb     a 600 KB CSV of 300,000 bad rows
  json-400k-lines   a 16 MB shipment of 400,000 lines (POST /api/v1/shipments)
  json-30mb-keys    a 30 MB shipment of unknown keys
For each backend, one throw-away database (migrated, with a staff user and an API token made
through the code under test's own command line), and for each case a fresh server process: the
code under test (--source, default this checkout) served by waitress on a free port of
127.0.0.1, one thread. The case is sent once; the answer is read to its end and counted, never
kept. Printed per case: the status, the wall time of the request, the response's size, and the
server's CPU time spent on it (utime + stime from /proc/<pid>/stat, after the answer less once
started: unlike the wall time, it does not follow the machine's load), and its peak resident set
(VmHWM from /proc/<pid>/status, read after the answer) beside its resident set once started.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from tests.transfer.files import HEADINGS  # noqa: E402
from tests.transfer.workbooks import (  # noqa: E402
    _MORE_RELS,
    _RELS,
    _STRINGS_TYPE,
    _TYPES,
    _WORKBOOK,
    _WORKBOOK_RELS,
    MAIN,
    SHEET,
    STRINGS,
    cells_xml,
)
from throwaway import ThrowawayDatabase  # noqa: E402

EMAIL, PASSWORD = "bench-staff@example.org", "bench-password-1"
MIB = 1 << 20


def write_xlsx(path: Path, rows, strings=None) -> None:
    """Write a workbook whose sheet holds the heading row and then ``rows`` (chunks of row XML), streamed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _TYPES.format(strings=_STRINGS_TYPE if strings else "",
                                                              styles=""))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels",
                         _WORKBOOK_RELS.format(more=_MORE_RELS[STRINGS] if strings else ""))
        with archive.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            sheet.write(cells_xml(1, HEADINGS).encode())
            for chunk in rows:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
        if strings:
            with archive.open(STRINGS, "w", force_zip64=True) as table:
                table.write(f'<?xml version="1.0"?><sst xmlns="{MAIN}">'.encode())
                for chunk in strings:
                    table.write(chunk)
                table.write(b"</sst>")


def build_cases(folder: Path) -> dict[str, tuple[str, Path]]:
    """Write every case to the folder; return (how it is sent, file) by name."""
    cases: dict[str, tuple[str, Path]] = {}

    def giant_cell():
        yield b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        block = b"x" * MIB
        for _ in range(200):
            yield block
        yield b"</t></is></c></row>"

    write_xlsx(folder / "cell-200mib.xlsx", giant_cell())
    cases["cell-200mib"] = ("upload", folder / "cell-200mib.xlsx")

    def unused_strings():
        for start in range(0, 2_000_000, 100_000):
            yield b"".join(b"<si><t>s%d</t></si>" % n for n in range(start, start + 100_000))

    write_xlsx(folder / "strings-2m.xlsx", iter(()), unused_strings())
    cases["strings-2m"] = ("upload", folder / "strings-2m.xlsx")

    def million_rows():
        for start in range(2, 1_000_002, 50_000):
            yield b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>R%d</t></is></c></row>' % (n, n, n)
                           for n in range(start, min(start + 50_000, 1_000_002)))

    write_xlsx(folder / "rows-1m.xlsx", million_rows())
    cases["rows-1m"] = ("upload", folder / "rows-1m.xlsx")

    bad = folder / "csv-bad-600kb.csv"
    bad.write_bytes((",".join(HEADINGS) + "\n").encode() + b"x\n" * 300_000)
    cases["csv-bad-600kb"] = ("upload", bad)

    lines = folder / "json-400k-lines.json"
    with lines.open("w") as out:
        out.write('{"direction": "outbound", "kind": "donation", "counterparty_id": 1, '
                  '"origin": {"country": "CZ"}, "destination": {"country": "SK"}, "lines": [')
        out.write(",\n".join('{"sku": "PPE-COV", "quantity": "1 piece"}' for _ in range(400_000)))
        out.write("]}")
    cases["json-400k-lines"] = ("json", lines)

    keys = folder / "json-30mb-keys.json"
    with keys.open("w") as out:
        out.write('{"direction": "outbound"')
        for n in range(30 * MIB // 48):
            out.write(f', "unknown_key_{n:09d}": "{"v" * 16}"')
        out.write("}")
    cases["json-30mb-keys"] = ("json", keys)
    return cases


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


class Server:
    """The code under test served by waitress in a process of its own."""

    def __init__(self, source: Path, env: dict):
        self.port = free_port()
        code = ("import logging; from waitress import serve; from logistics import create_app; "
                "logging.getLogger('waitress').setLevel(logging.ERROR); "
                f"serve(create_app(), host='127.0.0.1', port={self.port}, threads=1)")
        self.process = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=source,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        self.started_rss = status_kib(self.process.pid, "VmRSS")
        self.started_cpu = _cpu(self) or 0.0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def send(server: Server, token: str, how: str, path: Path, timeout: float) -> dict:
    """Send one case; return its status, wall time, response size and the server's peak RSS."""
    data = path.read_bytes()
    if how == "upload":
        boundary = uuid.uuid4().hex
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n").encode() + data + \
            f"\r\n--{boundary}--\r\n".encode()
        url, kind = "/api/v1/shipments/import", f"multipart/form-data; boundary={boundary}"
    else:
        body, url, kind = data, "/api/v1/shipments", "application/json"
    del data
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}{url}", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": kind})
    started = time.perf_counter()
    size, status, head = 0, None, b""
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        response = error
    except OSError as error:  # the server died or the time ran out
        return {"status": f"no answer ({type(error).__name__})", "seconds": time.perf_counter() - started,
                "bytes": 0, "peak_kib": _peak(server), "cpu": _cpu(server), "said": ""}
    status = response.status
    while chunk := response.read(1 << 20):
        head = head or chunk[:4000]
        size += len(chunk)
    seconds = time.perf_counter() - started
    return {"status": status, "seconds": seconds, "bytes": size, "peak_kib": _peak(server),
            "cpu": _cpu(server), "said": _said(head)}


def _cpu(server: Server) -> float | None:
    """Return the server's CPU seconds so far (user + system): what the case cost, whatever the load."""
    try:
        fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _peak(server: Server) -> int | None:
    try:
        return status_kib(server.process.pid, "VmHWM")
    except (OSError, LookupError):
        return None


def _said(head: bytes) -> str:
    text = head.decode("utf-8", "replace")
    for key in ('"reason":"', '"message":"'):
        if key in text:
            return text.split(key, 1)[1].split('"', 1)[0][:110]
    return text[:110]


def prepare(source: Path, backend: str, folder: Path) -> tuple[ThrowawayDatabase, dict, str]:
    """Make the backend's database, a staff user and a token, through the code under test."""
    database = ThrowawayDatabase(backend, folder, prefix="hostile")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOGISTICS_")}
    env.update(PYTHONPATH=str(source), LOGISTICS_DATABASE_URL=database.url, LOGISTICS_SECRET_KEY="bench-" + "0" * 32,
               LOGISTICS_INSTANCE_PATH=str(folder / f"instance-{backend}"), LOGISTICS_LOG_LEVEL="ERROR")
    flask = [sys.executable, "-m", "flask", "--app", "logistics"]
    subprocess.run([*flask, "user", "add", EMAIL, "--role", "staff", "--password-stdin"], env=env, cwd=source,
                   input=f"{PASSWORD}\n{PASSWORD}\n", text=True, check=True, capture_output=True)
    issued = subprocess.run([*flask, "token", "issue", EMAIL], env=env, cwd=source, text=True, check=True,
                            capture_output=True)
    return database, env, issued.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose code is served")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for one answer")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        cases = build_cases(folder)
        print(f"cases built in {time.perf_counter() - started:.1f} s: " + ", ".join(
            f"{name} {path.stat().st_size / MIB:.2f} MB" for name, (_, path) in cases.items()), flush=True)
        chosen = [name for name in cases if not args.cases or name in args.cases.split(",")]
        print(f"\ncode under test: {args.source.resolve()}\n")
        print("| backend | case | status | wall time | server CPU | response | server peak RSS (started at) | says |")
        print("|---|---|---:|---:|---:|---:|---:|---|")
        for backend in backends:
            database, env, token = prepare(args.source, backend, folder)
            try:
                for name in chosen:
                    how, path = cases[name]
                    server = Server(args.source, env)
                    try:
                        result = send(server, token, how, path, args.timeout)
                    finally:
                        server.stop()
                    peak = "?" if result["peak_kib"] is None else f"{result['peak_kib'] / 1024:,.0f} MiB"
                    said = json.dumps(result["said"])[1:-1].replace("|", "/")
                    cpu = "?" if result["cpu"] is None else f"{result['cpu'] - server.started_cpu:.1f} s"
                    print(f"| {backend} | {name} | {result['status']} | {result['seconds']:.1f} s | {cpu} "
                          f"| {result['bytes'] / MIB:,.2f} MB | {peak} ({server.started_rss / 1024:,.0f} MiB) "
                          f"| {said} |", flush=True)
            finally:
                database.drop()


if __name__ == "__main__":
    main()
