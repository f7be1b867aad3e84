"""Throw-away databases for the benchmarks: a migrated SQLite file, or a new PostgreSQL database.

PostgreSQL comes from LOGISTICS_TEST_POSTGRES_URL (default: the local server's `test`
database, used only to create and drop the benchmark's own), as in the test suite.
"""
from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from logistics import db, migrate

POSTGRES_URL = os.environ.get("LOGISTICS_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")


class ThrowawayDatabase:
    """A freshly migrated database on one backend; ``drop()`` removes it."""

    def __init__(self, backend: str, folder: Path, prefix: str = "bench"):
        self.backend = backend
        if backend == "sqlite":
            self.path = Path(folder) / f"{prefix}-{uuid.uuid4().hex[:8]}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"logistics_bench_{uuid.uuid4().hex[:10]}"
            with _admin() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
            self.url = make_url(POSTGRES_URL).set(database=self.name).render_as_string(hide_password=False)
        engine = db.make_engine(self.url)
        migrate.upgrade(engine)
        engine.dispose()

    def drop(self) -> None:
        """Remove the database (its file and SQLite's journal files, or the PostgreSQL database)."""
        if self.backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        else:
            with _admin() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _admin():
    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT").connect()


def postgres_reachable() -> str | None:
    """Return why PostgreSQL cannot be used, or None when it answers."""
    try:
        with create_engine(POSTGRES_URL).connect():
            return None
    except Exception as error:  # noqa: BLE001 - any failure to connect means "no server"
        return str(error).splitlines()[0]


def each_backend(backends: str, prefix: str) -> Iterator[tuple[str, ThrowawayDatabase, Path]]:
    """Yield (backend, database, folder) for each backend named (comma-separated), dropping each after.

    An unreachable PostgreSQL is said on stderr and passed over; the folder (for SQLite's file and
    anything else the benchmark writes) is removed with the database.
    """
    for backend in backends.split(","):
        if backend == "postgresql" and (reason := postgres_reachable()):
            print(f"postgresql: skipped ({reason})", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory() as folder:
            database = ThrowawayDatabase(backend, Path(folder), prefix=prefix)
            try:
                yield backend, database, Path(folder)
            finally:
                database.drop()
