"""Benchmark: one page of the audit trail as user actions, against the same page row by row.

Run: .venv/bin/python bench/bench_audit.py [--backend sqlite,postgresql] [--entries 200000] [--reps 15]

For each backend it migrates a fresh database and writes ENTRIES audit entries straight into the
table (five to an action, a tenth of them naming one of 2,000 shipments), then times, in this
process, the first page of 50 through the services: ``audit.entries_page`` (rows) and
``audit_actions.actions_page`` (actions), unfiltered and filtered by one shipment, interleaved,
the median of REPS runs each. Ratio = actions / rows.
"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime
from uuid import uuid4

from throwaway import each_backend

PER_ACTION = 5


def fill(url: str, entries: int) -> None:
    """Write the entries in batches of 10,000 (no shipments behind them: references read '#id')."""
    from logistics import db
    from logistics.models import AuditEntry

    engine = db.make_engine(url)
    table = AuditEntry.__table__  # type: ignore[attr-defined]
    at = datetime(2020, 4, 1, tzinfo=UTC)
    with engine.begin() as connection:
        batch = []
        for number in range(entries):
            if number % PER_ACTION == 0:
                action = uuid4().hex
            batch.append({"at": at, "actor_id": None, "actor_email": "system", "action": "update",
                          "entity": "shipment_lines", "entity_id": number, "action_id": action,
                          "shipment_id": (number // PER_ACTION) % 2000 + 1 if number % 10 == 0 else None,
                          "before": '{"lot": "A"}', "after": '{"lot": "B"}'})
            if len(batch) == 10_000:
                connection.execute(table.insert(), batch)
                batch = []
        if batch:
            connection.execute(table.insert(), batch)
    engine.dispose()


def measure(url: str, reps: int) -> dict[str, float]:
    """Return the median seconds of each page read."""
    from logistics import db
    from logistics.domain.access import Actor, Role
    from logistics.services import audit, audit_actions

    engine = db.make_engine(url)
    manager = Actor(user_id=1, role=Role.MANAGER, email="manager@bench")
    cases = {
        "rows, unfiltered": lambda s: audit.entries_page(s, manager, {}, 1, 50),
        "actions, unfiltered": lambda s: audit_actions.actions_page(s, manager, {}, 1, 50),
        "rows, one shipment": lambda s: audit.entries_page(s, manager, {"shipment": "7"}, 1, 50),
        "actions, one shipment": lambda s: audit_actions.actions_page(s, manager, {"shipment": "7"}, 1, 50),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    from sqlmodel import Session
    for _ in range(reps):
        for name, read in cases.items():
            with Session(engine) as session:
                start = time.perf_counter()
                read(session)
                times[name].append(time.perf_counter() - start)
    engine.dispose()
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    """Run the benchmark on each backend asked for and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", default="sqlite,postgresql")
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args()
    for backend, database, _folder in each_backend(args.backend, "bench-audit"):
        fill(database.url, args.entries)
        result = measure(database.url, args.reps)
        print(f"{backend}, {args.entries:,} entries ({args.entries // PER_ACTION:,} actions):")
        for name, seconds in result.items():
            print(f"  {name:24} {seconds * 1000:9.1f} ms")
        for scope in ("unfiltered", "one shipment"):
            ratio = result[f"actions, {scope}"] / result[f"rows, {scope}"]
            print(f"  ratio actions/rows, {scope}: {ratio:.1f}x")


if __name__ == "__main__":
    main()
