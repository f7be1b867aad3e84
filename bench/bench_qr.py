"""Benchmark: one label's QR code drawn on a canvas, reportlab's encoder against segno's, interleaved.

Run: .venv/bin/python bench/bench_qr.py [--codes N] [--rounds R]

CPU time of this process (time.process_time). Both draw the same code (level M, a 4-module
quiet zone, dark runs as one path, as ``layout.draw_qr`` does) of a tracking link of the length
labels carry, N codes a round, the two encoders taking turns R times in one process, so the load
of the machine falls on both alike.
Run it once more with reportlab's C accelerator hidden (a ``_rl_accel`` module that raises
ImportError, first on PYTHONPATH) to see what rl_accel adds: it formats the path's numbers.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

URL = "https://logistics.example.org/track/{token}?package=3401234500000{n:05d}"
TOKEN = "Zq8Yp0cH3kLw7uV2bXnR5tJ9mA1sD4fG6hK8jL0qW2e"  # secrets.token_urlsafe(32) is 43 characters


def reportlab_qr(canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw a QR code as the labels did before segno: reportlab's encoder, dark runs as one path."""
    from reportlab.graphics.barcode import qrencoder

    from logistics.pdf.layout import draw_matrix

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    draw_matrix(canvas, code.modules, x, y, size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from reportlab.lib import rl_accel
    from reportlab.pdfgen.canvas import Canvas

    from logistics.pdf.layout import draw_qr

    accel = "built-in" in repr(rl_accel.fp_str)
    cases = {"reportlab": reportlab_qr, "segno": draw_qr}
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, draw in cases.items():
            canvas = Canvas(io.BytesIO(), invariant=1)
            start = time.process_time()  # CPU time: the machine's other load counts less
            for n in range(args.codes):
                draw(canvas, URL.format(token=TOKEN, n=n), 100, 100, 88)
                canvas.showPage()
            canvas.save()
            best[name] = min(best.get(name, float("inf")), (time.process_time() - start) / args.codes)
    print(f"rl_accel {'on' if accel else 'off'}; load average {os.getloadavg()[0]:.1f}; "
          f"best of {args.rounds} rounds of {args.codes} codes")
    for name, seconds in best.items():
        print(f"  {name:10} {seconds * 1000:6.2f} ms a code")
    print(f"  segno / reportlab: {best['segno'] / best['reportlab']:.2f}x")


if __name__ == "__main__":
    main()
