"""Race writers on the real database: threads released together, each on its own session, each outcome kept."""
from __future__ import annotations

import threading
from collections.abc import Callable

from logistics import db

THREADS = 8


def race(app, work: Callable, threads: int = THREADS) -> list:
    """Run work(session, index) in `threads` threads released together; return "done" or the exception, per thread.

    Every exception is kept, not only the expected one, so that the caller's assertion shows it.
    """
    barrier = threading.Barrier(threads)
    outcomes: list = [None] * threads

    def run(index):
        with db.new_session(app) as session:
            barrier.wait()
            try:
                work(session, index)
                outcomes[index] = "done"
            except Exception as error:  # noqa: BLE001 - reported by the caller's assertion
                outcomes[index] = error

    runners = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join(timeout=120)
    return outcomes
