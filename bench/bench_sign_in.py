"""Benchmark: how long a refused sign-in takes for a known email (wrong password) and an unknown one.

Run: .venv/bin/python bench/bench_sign_in.py [N]
Signs in N times each way through POST /login (real scrypt hashes, SQLite), interleaved, with
the throttle's counters emptied between attempts, and prints the medians and their ratio
(1.0x: the answer's timing does not tell which emails exist).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from throwaway import ThrowawayDatabase
from logistics import create_app, db
from logistics.domain.access import SYSTEM
from logistics.domain.roles import Role
from logistics.domain.users import CreateUser
from logistics.services import passwords, users


def main(n: int) -> None:
    """Time n refused sign-ins of each kind and print medians and the ratio."""
    with tempfile.TemporaryDirectory() as folder:
        database = ThrowawayDatabase("sqlite", Path(folder))
        app = create_app({"DATABASE_URL": database.url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "AUTO_MIGRATE": False})
        with app.app_context(), db.new_session(app) as session:
            users.create_user(session, SYSTEM, CreateUser(email="clerk@example.org", role=Role.STAFF,
                                                          password="correct horse 1"))
        client = app.test_client()
        times: dict[str, list[float]] = {"known email, wrong password": [], "unknown email": []}
        checks = passwords.checks_made()
        for i in range(n):
            for label, email in (("known email, wrong password", "clerk@example.org"),
                                 ("unknown email", f"nobody{i}@example.org")):
                with db.engine_of(app).begin() as connection:
                    connection.execute(text("DELETE FROM login_throttle"))
                start = time.perf_counter()
                response = client.post("/login", data={"email": email, "password": "wrong guess"},
                                       environ_base={"REMOTE_ADDR": f"10.0.{i // 250}.{i % 250}"})
                times[label].append(time.perf_counter() - start)
                assert response.status_code == 401, response.status_code
        medians = {label: statistics.median(values) for label, values in times.items()}
        for label, median in medians.items():
            print(f"{label:30} median {median * 1000:7.1f} ms over {n}")
        print(f"unknown / known: {medians['unknown email'] / medians['known email, wrong password']:.2f}x; "
              f"password checks made: {passwords.checks_made() - checks} for {2 * n} sign-ins")
        db.engine_of(app).dispose()
        database.drop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
