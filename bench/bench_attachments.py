"""Benchmark: an attachment upload at the size limit: time and peak memory, on SQLite and PostgreSQL.

Run: .venv/bin/python bench/bench_attachments.py [--postgres URL] [--repeats R]

Uploads through the API (the Flask test client, so no network): a JPEG of noise just under
LOGISTICS_ATTACHMENT_MAX_MB (10 MB by default; noise does not compress, so a 2,600 x 2,600 photo
is that large), a PDF of the same size, and one byte over the limit with its Content-Length (413
before a byte is read). Each upload decodes the file whole, re-encodes an image without EXIF,
makes a thumbnail and stores the bytes in the database. "traced" is tracemalloc's peak during one
upload (Python allocations: Pillow's pixel buffers are its own and not counted), "RSS" the growth
of the process's peak resident set over the runs.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def noise_jpeg(limit: int) -> bytes:
    """Return a JPEG of random pixels just under ``limit`` bytes."""
    from PIL import Image

    side, best = 1_000, b""
    while True:
        image = Image.frombytes("RGB", (side, side), random.randbytes(side * side * 3))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=95)
        if buffer.tell() > limit:
            return best
        best, side = buffer.getvalue(), side + 200


def padded_pdf(limit: int) -> bytes:
    """Return a one-page PDF padded with an incompressible stream to just under ``limit`` bytes."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    stream = DecodedStreamObject()
    stream.set_data(random.randbytes(limit - 4_096))
    writer.pages[0][NameObject("/PieceInfo")] = writer._add_object(stream)  # a blob the page points at
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def run(url: str, repeats: int) -> None:
    """Upload at the limit against one database and print the figures."""
    from logistics import create_app
    from tests.factories import Factories

    app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": True, "SECRET_KEY": "bench", "TESTING": True})
    limit = int(app.config["ATTACHMENT_MAX_BYTES"])
    make = Factories(app)
    make.coverall()
    shipment = make.shipment()
    client = make.api("staff")
    path = f"/api/v1/shipments/{shipment.reference}/attachments"
    files = {"jpeg": noise_jpeg(limit), "pdf": padded_pdf(limit)}
    backend = url.split(":", 1)[0]
    print(f"{backend}: limit {limit / 2**20:.0f} MiB; load average {os.getloadavg()[0]:.1f}")
    for kind, data in files.items():
        def upload(data=data, kind=kind):
            response = client.post(path, data={"file": (io.BytesIO(data), f"at-limit.{kind}")},
                                   content_type="multipart/form-data")
            assert response.status_code == 201, response.get_json()

        upload()  # warm-up
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            upload()
            times.append(time.perf_counter() - start)
        rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        tracemalloc.start()
        upload()
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  {kind:5} {len(data) / 2**20:5.2f} MiB: best {min(times):.3f} s of {repeats}; "
              f"traced peak {traced:.0f} MiB; process peak RSS {peak:.0f} MiB (growth over the runs {rss:.0f})")
    over = b"x" * (limit + 1)
    start = time.perf_counter()
    response = client.post(path, data={"file": (io.BytesIO(over), "over.jpg")}, content_type="multipart/form-data")
    print(f"  one byte over: {response.status_code} in {time.perf_counter() - start:.3f} s "
          "(most of it the test client building the 10 MB body)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL (an empty database) to measure too")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    random.seed(20)
    folder = tempfile.mkdtemp(prefix="bench-attachments-")
    run(f"sqlite:///{folder}/bench.sqlite3", args.repeats)
    if args.postgres:
        run(args.postgres, args.repeats)


if __name__ == "__main__":
    main()
