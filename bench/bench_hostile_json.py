"""Benchmark: what hostile JSON bodies cost the service to refuse (CPU time, answer size, memory).

Run: .venv/bin/python bench/bench_hostile_json.py

Sends each body once through the app's test client (in-process, an embedded SQLite database in a
temporary folder, a staff token) and prints the status, the CPU seconds the request took, the
size of the answer, and the tracemalloc peak of the same request sent again (traced, not timed). The cases are those of issue 10: a 16 MB
body of 400,000 lines, 30 MB of unknown keys, and the largest of each that fits under the JSON
limit (so reaches the parser and the schema), plus one 10,000-line body that is read and checked
to its last line, as the cost of the largest accepted request to compare with.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from logistics import create_app  # noqa: E402
from tests.factories import Factories  # noqa: E402

LINE = '{"sku": "PPE-COV", "quantity": "1 piece"}'


def _body_of_lines(count: int, line: str = LINE) -> bytes:
    head = '{"direction": "outbound", "kind": "donation", "counterparty_id": 1, ' \
           '"origin": {"country": "CN"}, "destination": {"country": "SK"}, "lines": ['
    return (head + ", ".join([line] * count) + "]}").encode()


def _unknown_keys(size: int) -> bytes:
    count = size // len('"unknown_key_000000000000_padding": 1, ')
    return ("{" + ", ".join(f'"unknown_key_{n:012d}_padding": 1' for n in range(count)) + "}").encode()


def main() -> None:
    folder = tempfile.mkdtemp(prefix="bench-hostile-")
    app = create_app({"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3", "AUTO_MIGRATE": True,
                      "SECRET_KEY": "bench", "TESTING": True})
    make = Factories(app)
    make.coverall()
    org = make.org()
    shipment = make.shipment(counterparty=org)
    client = make.api("staff")
    limit = app.config["MAX_JSON_BYTES"]
    full = '{"sku": "PPE-COV", "quantity": "1,000 box", "lot": "LOT-2026-000001", "expiry": "2027-12-31", ' \
           '"declared_value": "1234.50", "currency": "EUR"}'
    cases = [
        ("16 MB, 400,000 lines", "POST", "/api/v1/shipments", _body_of_lines(400_000)),
        ("30 MB of unknown keys", "PATCH", f"/api/v1/shipments/{shipment.id}", _unknown_keys(30 * 2**20)),
        ("under the limit: 70,000 empty lines", "POST", "/api/v1/shipments", _body_of_lines(70_000, "{}")),
        ("under the limit: unknown keys", "PATCH", f"/api/v1/shipments/{shipment.id}",
         _unknown_keys(limit - 1024)),
        ("1,000 levels deep", "POST", "/api/v1/shipments", b'{"lines": ' + b"[" * 1000 + b"]" * 1000 + b"}"),
        ("10,000 full lines, the last refused", "POST", "/api/v1/shipments",
         _body_of_lines(9_999, full)[:-2] + b', {"sku": "PPE-COV", "quantity": "5 ton"}]}'),
    ]
    print(f"JSON limit {limit // 1024:,} KB; load average {os.getloadavg()[0]:.1f}")
    print(f"{'case':40} {'body':>10} {'status':>6} {'CPU s':>7} {'answer':>10} {'peak MiB':>9}")
    for name, method, path, body in cases:
        started = time.process_time()
        response = client.request(method, path, data=body, content_type="application/json")
        answer = len(response.get_data())
        spent = time.process_time() - started
        tracemalloc.start()  # a second time, traced (tracemalloc slows Python several times over)
        client.request(method, path, data=body, content_type="application/json")
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"{name:40} {len(body):>10,} {response.status_code:>6} {spent:>7.2f} {answer:>10,} {peak:>9.1f}")
    print(json.dumps(response.get_json())[:200])


if __name__ == "__main__":
    main()
