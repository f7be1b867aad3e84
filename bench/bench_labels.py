"""Benchmark: labels and packing list of a shipment of 1,000 packages: time and peak memory, vs bare reportlab.

Run: .venv/bin/python bench/bench_labels.py [--packages N] [--repeats R]

One SQLite file in a temporary folder holds an outbound shipment of two lines packed as 25
pallets of 39 cartons (1,000 packages; cartons hold both lines, with SSCCs). Each case then runs
in a fresh subprocess, one after another, so neither timings nor memory mix:
  labels         render_document(..., "labels", "label"): one 100 x 150 mm page per package,
                 GS1-128 barcode and QR code on each, through the service (reads, print log);
  labels-a4      the same, four to an A4 sheet;
  packing-list   render_document(..., "packing_list", "a4"): every package and its contents;
  gather         document_data(...) alone for the packing list: the reading and formatting part;
  longtable      the packing list's rows as one plain reportlab LongTable (repeatRows=1), the
                 "long table" trap of STACK_NOTES: its split re-measures the rest at every page;
  table          the same as one Table.
In each: one warm-up render, then the best of R timed renders; "RSS" is the growth of the peak
resident set over the timed renders; with --trace, "traced" is the tracemalloc peak of one further
render (slow: off by default); "CPU s" the process's CPU time of the best render (what a busy
machine's other load changes least). --cases picks some of the cases.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CASES = ["labels", "labels-a4", "packing-list", "gather", "longtable", "table"]
PREFIX = "4012345"


def _app(url: str, migrate: bool):
    from logistics import create_app

    return create_app({"DATABASE_URL": url, "AUTO_MIGRATE": migrate, "SECRET_KEY": "bench", "TESTING": True,
                       "GS1_COMPANY_PREFIX": PREFIX})


def build(url: str, packages: int) -> str:
    """Create the packed shipment; return its reference."""
    from tests.factories import Factories

    make = Factories(_app(url, True))
    make.coverall()
    make.mask()
    hospital = make.org(name="Szpital Wojewódzki Łódź", country="PL", address="ul. Kopcińskiego 22, 90-153 Łódź")
    shipment = make.shipment(counterparty=hospital, lines=(("PPE-COV", "200,000 piece"), ("PPE-N95", "1,000 carton")))
    per_pallet = 39
    pallets = packages // (per_pallet + 1)
    make.packages(shipment, {"type": "pallet", "count": pallets, "gross_mass": "310.5 kg",
                             "dimensions_mm": [1200, 800, 1500],
                             "children": [{"type": "carton", "count": per_pallet, "gross_mass": "7.25 kg",
                                           "dimensions_mm": [600, 400, 400],
                                           "contents": [{"line_no": 1, "quantity": "4 box"},
                                                        {"line_no": 2, "quantity": "1 carton"}]}]},
                  PREFIX)
    return shipment.reference


def _bare(data, long: bool) -> tuple[bytes, int]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, SimpleDocTemplate, Table, TableStyle

    from logistics.pdf.fonts import REGULAR, register
    from logistics.pdf.packing_list import PACKING_COLUMNS, packing_rows

    register()
    width = A4[0] - 30 * mm
    total = sum(entry[1] for entry in PACKING_COLUMNS)
    body = [[entry[0] for entry in PACKING_COLUMNS], *packing_rows(data.packages.rows)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=18 * mm, invariant=1)
    table = (LongTable if long else Table)(body, colWidths=[width * e[1] / total for e in PACKING_COLUMNS],
                                           repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 7.2)]))
    doc.build([table])
    return buffer.getvalue(), doc.page


def run_case(case: str, url: str, reference: str, repeats: int, trace: bool) -> dict:
    """Measure one case in this process."""
    from logistics import db
    from logistics.domain.access import SYSTEM
    from logistics.services.document_data import document_data
    from logistics.services.documents import operator_from, render_document
    from logistics.services.scoping import find_shipment

    app = _app(url, False)
    operator = operator_from(app.config)

    def once():
        with app.app_context(), db.new_session() as session:
            if case in ("labels", "labels-a4", "packing-list"):
                kind = "labels" if case.startswith("labels") else "packing_list"
                paper = {"labels": "label", "labels-a4": "a4"}.get(case, "a4")
                document = render_document(session, SYSTEM, reference, kind, operator, paper)
                return len(document.content), document.pages
            data = document_data(session, find_shipment(session, SYSTEM, reference), "packing_list", operator)
            if case == "gather":
                return 0, 0
            content, pages = _bare(data, long=case == "longtable")
            return len(content), pages

    once()  # warm-up: imports, fonts, caches
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        size, pages = once()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    traced = float("nan")
    if trace:  # tracemalloc slows a render several times over: only on request
        tracemalloc.start()
        once()
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return {"case": case, "best": min(times), "cpu": min(cpu), "pages": pages, "bytes": size, "rss": rss, "traced": traced}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--trace", action="store_true", help="also the tracemalloc peak (slow)")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated, of " + ", ".join(CASES))
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--reference", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.url, args.reference, args.repeats, args.trace)))
        return
    folder = tempfile.mkdtemp(prefix="bench-labels-")
    url = f"sqlite:///{folder}/bench.sqlite3"
    started = time.perf_counter()
    reference = build(url, args.packages)
    print(f"{args.packages:,} packages packed in {time.perf_counter() - started:.1f} s; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'case':14} {'best s':>8} {'CPU s':>7} {'pages':>6} {'KB':>7} {'RSS MiB':>8} {'traced MiB':>10}")
    results = {}
    for case in args.cases.split(","):
        output = subprocess.run([sys.executable, __file__, "--case", case, "--url", url, "--reference", reference,
                                 "--repeats", str(args.repeats), *(["--trace"] if args.trace else [])],
                                capture_output=True, text=True, check=True)
        row = results[case] = json.loads(output.stdout.strip().splitlines()[-1])
        print(f"{case:14} {row['best']:>8.3f} {row['cpu']:>7.3f} {row['pages']:>6} {row['bytes'] / 1024:>7.0f} {row['rss']:>8.1f} "
              f"{row['traced']:>10.1f}", flush=True)
    if not {"packing-list", "longtable", "table", "labels"} <= results.keys():
        return
    packing = results["packing-list"]["best"]
    print(f"packing list / bare LongTable: {packing / results['longtable']['best']:.2f}x; "
          f"/ bare Table: {packing / results['table']['best']:.2f}x; "
          f"labels per package: {results['labels']['best'] / args.packages * 1000:.2f} ms")


if __name__ == "__main__":
    main()
