"""Benchmark: the demo's /audit page as a manager sees it, its size and render time.

Run: PYTHONPATH=. .venv/bin/python bench/bench_audit_page.py [--backend sqlite,postgresql] [--reps 7]

For each backend a fresh migrated database gets the demo story (``load_demo``); a manager signs
in through the real sign-in form of a Flask test client, then the first page of /audit (actions,
English and Czech) and /audit?view=rows are fetched REPS times, interleaved, the median wall time
and the body size printed. Run it against two checkouts (PYTHONPATH) in one sitting to compare.
"""
from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from throwaway import each_backend

SECRET = "bench-audit-page-secret-0123456789"
PAGES = {"/audit (en)": ("/audit", "en"), "/audit (cs)": ("/audit", "cs"),
         "/audit?view=rows (en)": ("/audit?view=rows", "en")}


def measure(url: str, folder: Path, reps: int) -> dict[str, tuple[float, int]]:
    """Return each page's median seconds and body bytes."""
    from logistics import create_app, db
    from logistics.services.demo import load_demo

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "AUTO_MIGRATE": False})
    app.instance_path = str(folder)
    with app.app_context(), db.new_session(app) as session:
        accounts = load_demo(session, SECRET)
    manager = next(account for account in accounts if account["role"] == "manager")
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login)
    assert token, "no CSRF token on the sign-in page"
    signed = client.post("/login", data={"csrf_token": token.group(1), "email": manager["email"],
                                          "password": manager["password"]})
    assert signed.status_code == 302, signed.status_code
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    sizes: dict[str, int] = {}
    for _ in range(reps):
        for name, (path, language) in PAGES.items():
            start = time.perf_counter()
            response = client.get(path, headers={"Accept-Language": language})
            body = response.get_data()
            times[name].append(time.perf_counter() - start)
            assert response.status_code == 200, (path, response.status_code)
            sizes[name] = len(body)
    db.engine_of(app).dispose()
    return {name: (statistics.median(times[name]), sizes[name]) for name in PAGES}


def main() -> None:
    """Run the benchmark on each backend asked for and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", default="sqlite,postgresql")
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    for backend, database, folder in each_backend(args.backend, "bench-audit-page"):
        result = measure(database.url, folder, args.reps)
        print(f"{backend}, demo data, median of {args.reps}:")
        for name, (seconds, size) in result.items():
            print(f"  {name:24} {seconds * 1000:9.1f} ms {size / 1024:10.1f} KiB")


if __name__ == "__main__":
    main()
