"""Benchmark: render cargo manifests of 10, 1,000 and 10,000 lines, against bare reportlab in the same run.

Run: .venv/bin/python bench/bench_manifest.py [SIZE ...] [--pdf-dir DIR]
     e.g. bench/bench_manifest.py 1000      (only the 1,000-line case)

The rows are synthetic (no database): LineRow values built directly, with the formatting the
services use (format_quantity, format_mass, unece_code). For each size it renders
  ours       logistics.pdf.documents.manifest(data, "a4"): the whole document;
  Table      the SAME 9 string columns as one plain Table(repeatRows=1) in a SimpleDocTemplate,
             no table style except the DejaVu font (registered by logistics.pdf.fonts.register);
  LongTable  the same as one LongTable.
The baselines get the manifest's margins and column widths, so page counts are comparable;
their long names do not wrap (plain strings) and Chinese shows as missing glyphs (no CJK switch).

Every (renderer, size) runs in a fresh subprocess, one after another, so neither timings nor memory
mix. In it: one 10-line warm-up render (font caches, imports), then the timed renders (best of
REPEATS), then the memory figures:
  RSS Δ     growth of the process's peak resident set (ru_maxrss) over the timed renders, i.e. what
            the render really costs the machine (allocator slack included; ~0 when the render fits
            in memory the warm-up already took);
  traced    tracemalloc peak of one further render (Python allocations only). tracemalloc slows a
            render 3-10x, so it is never timed, and by default it runs only up to TRACE_UP_TO lines
            (at 10,000 lines it alone would take ~4 minutes); --trace-all measures every size.
Per-line figures show whether memory grows faster than the line count.
Nothing is written to disk unless --pdf-dir is given. The first lines printed say whether
reportlab's optional C accelerator (the rl_accel package) is in use, which changes every figure
(by about a quarter here), and the load average, since other work on the machine inflates times.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

SIZES = [10, 1_000, 10_000]
REPEATS = {10: 3, 1_000: 3, 10_000: 2}
TRACE_UP_TO = 1_000
RENDERERS = ["ours", "table", "longtable"]
LABELS = {"ours": "ours (manifest)", "table": "bare Table", "longtable": "bare LongTable"}
# the manifest's line columns (label, relative width), if documents.py no longer names them
FALLBACK_COLUMNS = [("#", 4.5), ("SKU", 10), ("Item", 24.5), ("HS code", 7.5), ("Lot / expiry", 11),
           ("As entered", 11.5), ("Base quantity", 12.5), ("UN/ECE", 6), ("Mass", 12.5)]

# sku, name, HS code, base unit, unit mass (kg per base unit) or None, packs {unit: base units}
CATALOGUE = [  # 5 of 14 names wrap in the Item column (the Chinese one is a Paragraph anyway)
    ("CV-001", "Coverall Tyvek 500, size L", "6210.10", "piece", "0.35", {"box": 25, "carton": 100}),
    ("GL-220", "Nitrile gloves, size M", "4015.19", "pair", "0.012", {"box": 50}),
    ("MK-310", "医用外科口罩 surgical masks IIR (沧州中国—中东欧中小企业合作区)", "6307.90", "piece", "0.004",
     {"box": 50, "carton": 2000}),
    ("SH-900", "Emergency shelter kit: two reinforced tarpaulins 4 × 6 m, 30 m polypropylene rope, "
               "nails, claw hammer, hand saw, shovel and galvanised steel wire, packed in a reusable "
               "bag with instructions in five languages", "6306.12", "piece", "11.8", {"pallet": 40}),
    ("BF-190", "Dětská výživa – ovocná přesnídávka jablko a hruška, 190 g (Hamé, Uherský Brod)",
     "2007.99", "piece", "0.21", {"carton": 24}),
    ("SB-450", "Śpiwór zimowy z kapturem, komfort −5 °C, żółty", "9404.30", "piece", "1.9", {"carton": 6}),
    ("SK-050", "Ľanové vrecia 50 × 80 cm", "6305.10", "piece", "0.12", {"bundle": 100}),
    ("CH-110", "Čokolada za kuhanje, 200 g", "1806.32", "piece", "0.2", {"carton": 40}),
    ("FL-650", "Wheat flour T650, 25 kg", "1101.00", "kg", None, {"t": 1000}),
    ("WA-150", "Drinking water, 1.5 l", "2201.10", "l", "1.03", {"pack": 9}),
    ("GE-005", "Diesel generator 5 kVA", "8502.11", "piece", None, {"pallet": 1}),
    ("BO-042", "Rubber boots, size 42", "6401.92", "pair", "1.4", {"carton": 10}),
    ("BL-001", "Fleece blanket 150 × 200 cm", "6301.40", "piece", "0.9", {"bale": 20}),
    ("HK-002", "Family hygiene kit (soap, toothpaste, toothbrushes, towels, sanitary pads)",
     "3401.11", "piece", "3.6", {"carton": 4}),
]
LOTS = ["", "", "L2024-0711", "B-88213", "", "CZ-24-118", "", "LOT 5531/2"]
EXPIRIES = ["", "2027-06-30", "", "2026-12-31", "2028-01-15", ""]


def document_data(lines: int):
    """Return a sealed manifest's DocumentData with `lines` synthetic rows."""
    from logistics.domain.documents import (
        DocumentData, HistoryRow, LineRow, Party, format_mass, format_quantity,
    )
    from logistics.units import unece_code

    rows, sums, masses = [], {}, {"exact": Decimal(0), "estimated": Decimal(0), "unweighed": []}
    for n in range(1, lines + 1):
        sku, name, hs, base_unit, unit_mass, packs = CATALOGUE[(n * 5) % len(CATALOGUE)]
        pack, per = list(packs.items())[n % len(packs)]
        count = Decimal((n * 37) % 1500 + 1) if 1 < per <= 25 else Decimal((n * 3) % 40 + 1)
        if base_unit == "kg" and pack == "t":
            count = Decimal((n * 13) % 400 + 5) / 10  # 22.5 t
        base = count * per
        if base_unit == "kg":
            mass, estimated = base, False
        elif unit_mass is not None:
            mass, estimated = base * Decimal(unit_mass), True
        else:
            mass, estimated = None, False
        if mass is None:
            masses["unweighed"].append(n)
        else:
            masses["estimated" if estimated else "exact"] += mass
        sums.setdefault((sku, name, base_unit), Decimal(0))
        sums[(sku, name, base_unit)] += base
        rows.append(LineRow(
            line_no=n, sku=sku, name=name, hs_code=hs, lot=LOTS[n % len(LOTS)], origin="CN",
            expiry=EXPIRIES[n % len(EXPIRIES)], entered=format_quantity(count, pack),
            base=format_quantity(base, base_unit), unece=unece_code(base_unit),
            mass=format_mass(mass, estimated), mass_estimated=estimated))
    gross = masses["exact"] + masses["estimated"]
    note = (f"Includes ≈ {format_quantity(masses['estimated'], 'kg', 3)} estimated from unit masses; "
            f"{format_quantity(masses['exact'], 'kg', 3)} weighed.")
    if masses["unweighed"]:
        shown = ", ".join(str(n) for n in masses["unweighed"][:20])
        more = f" and {len(masses['unweighed']) - 20} more" if len(masses["unweighed"]) > 20 else ""
        note += f" Not included: line(s) {shown}{more}, which could not be weighed (no unit mass)."
    data = DocumentData(
        kind="manifest", reference="OUT-2026-00417", status="in_transit", direction="outbound",
        shipment_kind="donation",
        consignor=Party("Consignor", "Dobrá pomoc, z. ú. & Sons <b>", "CZ", "Czechia",
                        "Náměstí Svobody 12, 602 00 Brno", "Jiří Řezníček, +420 541 000 111"),
        consignee=Party("Consignee", "Fundacja Pomocy Humanitarnej „Łączy nas dobro”", "PL", "Poland",
                        "ul. Źródlana 5, 30-418 Kraków", "Małgorzata Woźniak"),
        carrier="ČD Cargo, a.s.", transport_mode="rail", tracking_number="CDC-7781-2026-55",
        origin="Brno, Czechia (CZ)", destination="Kraków, Poland (PL)",
        planned_departure="2026-03-02", expected_arrival="2026-03-05",
        tracking_url="https://logistics.example.org/track/q8Z2mV1xKc4T",
        rows=rows,
        item_totals=[(sku, name, format_quantity(total, unit)) for (sku, name, unit), total in sums.items()],
        gross_mass=f"≈ {format_quantity(gross, 'kg', 3)}", gross_mass_note=note,
        history=[
            HistoryRow("2026-02-20 09:12:00 UTC", "created (draft)", "Brno", ""),
            HistoryRow("2026-02-26 14:40:00 UTC", "confirmed", "Brno", "approved by M. Nováková"),
            HistoryRow("2026-03-02 06:05:00 UTC", "in transit", "Brno hl. n.", "tracking CDC-7781-2026-55"),
            HistoryRow("2026-03-03 18:30:00 UTC", "checkpoint", "Bohumín / Chałupki", "border crossed"),
        ],
        receipt=[], notes="Fragile: keep the water dry and above 0 °C. Handle with care.")
    data.seal(7, datetime(2026, 3, 3, 18, 30, tzinfo=timezone.utc))
    return data


def bare(data, long: bool) -> tuple[bytes, int]:
    """Render the manifest's line rows as one plain Table or LongTable, nothing else."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, SimpleDocTemplate, Table, TableStyle

    from logistics.pdf.fonts import REGULAR, register

    try:  # the same column widths as the manifest's line table
        from logistics.pdf.documents import LINE_COLUMNS as columns
    except ImportError:
        columns = FALLBACK_COLUMNS
    register()
    margin = 15 * mm
    width = A4[0] - 2 * margin
    total = sum(entry[1] for entry in columns)
    body = [[entry[0] for entry in columns]]
    body += [[str(r.line_no), r.sku, r.name, r.hs_code, " / ".join(p for p in (r.lot, r.expiry) if p),
              r.entered, r.base, r.unece, r.mass] for r in data.rows]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin,
                            topMargin=margin, bottomMargin=18 * mm, invariant=1)
    table = (LongTable if long else Table)(body, colWidths=[width * e[1] / total for e in columns],
                                           repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 7.2)]))
    doc.build([table])
    return buffer.getvalue(), doc.page


def render(renderer: str, data) -> tuple[bytes, int]:
    """Render data with one of RENDERERS; return (PDF bytes, pages)."""
    if renderer == "ours":
        from logistics.pdf.documents import manifest
        return manifest(data, "a4")
    return bare(data, long=renderer == "longtable")


def max_rss() -> int:
    """Return this process's peak resident set size in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_case(renderer: str, lines: int, repeats: int, pdf_dir: str | None, trace: bool) -> dict:
    """Measure one (renderer, size) in this process; return the figures."""
    render(renderer, document_data(10))  # warm-up: imports, font files, glyph caches
    data = document_data(lines)
    rss_before = max_rss()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        pdf, pages = render(renderer, data)
        times.append(time.perf_counter() - start)
    rss_delta = max_rss() - rss_before
    size = len(pdf)
    if pdf_dir:
        Path(pdf_dir, f"{renderer}-{lines}.pdf").write_bytes(pdf)
    del pdf
    traced = None
    if trace:
        tracemalloc.start()
        render(renderer, data)
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"renderer": renderer, "lines": lines, "best": min(times), "times": times, "pages": pages,
            "bytes": size, "rss_delta": rss_delta, "traced": traced}


def spawn(renderer: str, lines: int, pdf_dir: str | None, trace: bool) -> dict:
    """Run one case in a fresh interpreter; return its figures."""
    command = [sys.executable, __file__, "--case", renderer, str(lines)]
    if pdf_dir:
        command += ["--pdf-dir", pdf_dir]
    if trace:
        command.append("--trace-all")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{renderer} {lines}: failed\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def mib(n: float | None) -> str:
    return "n/a" if n is None else f"{n / 2**20:.1f} MiB"


def kib(n: float | None) -> str:
    return "n/a" if n is None else f"{n / 2**10:.1f} KiB"


def growth(a: float | None, b: float | None) -> str:
    """Return b/a as "4.5x", or "n/a" when either is missing or a is too small to divide by."""
    return "n/a" if a is None or b is None or a < 2**20 else f"{b / a:.1f}x"


def report(results: dict[int, dict[str, dict]]) -> None:
    """Print the figures per size, the ratios and the memory per line."""
    for lines, cases in results.items():
        ours, table, longtable = cases["ours"], cases["table"], cases["longtable"]
        print(f"\n{lines:,} lines (best of {REPEATS.get(lines, 1)})")
        print(f"  {'renderer':<16}{'time':>9}{'pages':>7}{'PDF':>12}{'RSS Δ':>11}{'RSS Δ/line':>12}"
              f"{'traced':>11}{'traced/line':>13}")
        for name in RENDERERS:
            c = cases[name]
            traced_line = None if c["traced"] is None else c["traced"] / lines
            print(f"  {LABELS[name]:<16}{c['best']:>8.3f}s{c['pages']:>7}{kib(c['bytes']):>12}"
                  f"{mib(c['rss_delta']):>11}{kib(c['rss_delta'] / lines):>12}"
                  f"{mib(c['traced']):>11}{kib(traced_line):>13}")
        print(f"  ours / bare Table {ours['best'] / table['best']:.2f}x, "
              f"ours / bare LongTable {ours['best'] / longtable['best']:.2f}x")
    sizes = list(results)
    if len(sizes) > 1:
        print("\nmemory growth between sizes: RSS Δ, traced peak (n/a: below 1 MiB or not traced)")
        for small, large in zip(sizes, sizes[1:]):
            for name in RENDERERS:
                a, b = results[small][name], results[large][name]
                print(f"  {LABELS[name]:<16} {small:,} -> {large:,} lines ({large / small:g}x the lines): "
                      f"RSS {growth(a['rss_delta'], b['rss_delta'])}, "
                      f"traced {growth(a['traced'], b['traced'])}")
    print("\ntargets:")
    if 1_000 in results:
        r = results[1_000]["ours"]["best"] / results[1_000]["table"]["best"]
        print(f"  1,000 lines within 1.5x of the bare Table: {r:.2f}x -> {'met' if r <= 1.5 else 'MISSED'}")
    if 10_000 in results:
        r = results[10_000]["ours"]["best"] / results[10_000]["longtable"]["best"]
        verdict = "met" if r <= 1 else "MISSED"
        print(f"  10,000 lines no slower than one bare LongTable: {r:.2f}x -> {verdict}")
    if 1_000 in results and 10_000 in results:
        a, b = results[1_000]["ours"], results[10_000]["ours"]
        key = "traced" if a["traced"] and b["traced"] else "rss_delta"
        g = b[key] / a[key]
        print(f"  memory (ours, {'traced peak' if key == 'traced' else 'RSS Δ'}) 1,000 -> 10,000 lines "
              f"grows {g:.1f}x for 10x the lines -> {'met' if g <= 10 else 'MISSED'}")


def accelerated() -> bool:
    """Say whether reportlab uses its optional C accelerator (the rl_accel package)."""
    from reportlab.lib import rl_accel
    return not rl_accel.fp_str.__name__.startswith("_py_")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=lambda s: int(s.replace(",", "").replace("_", "")),
                        help=f"line counts to run (default {' '.join(map(str, SIZES))})")
    parser.add_argument("--pdf-dir", help="also write each rendered PDF into this directory")
    parser.add_argument("--trace-all", action="store_true",
                        help=f"tracemalloc every size, not only up to {TRACE_UP_TO:,} lines (slow)")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        lines = args.sizes[0]
        trace = args.trace_all or lines <= TRACE_UP_TO
        print(json.dumps(run_case(args.case, lines, REPEATS.get(lines, 1), args.pdf_dir, trace)))
        return
    import reportlab
    sizes = args.sizes or SIZES
    print(f"manifest benchmark, A4; python {sys.version.split()[0]}, reportlab {reportlab.Version}, "
          f"C accelerator (rl_accel) {'in use' if accelerated() else 'NOT installed'}; "
          f"each case in a fresh process")
    load = os.getloadavg()[0]
    print(f"load average (1 min) at start: {load:.2f} on {os.cpu_count()} CPUs"
          + ("  -- other work is running: times are inflated and noisy" if load > 0.5 else ""))
    started = time.perf_counter()
    results = {lines: {name: spawn(name, lines, args.pdf_dir, args.trace_all) for name in RENDERERS}
               for lines in sizes}
    report(results)
    print(f"\n(total wall time {time.perf_counter() - started:.0f} s)")

if __name__ == "__main__":
    main()
