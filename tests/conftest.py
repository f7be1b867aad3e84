"""Fixtures: every database test runs on a real SQLite file and on a real PostgreSQL server.

PostgreSQL comes from LOGISTICS_TEST_POSTGRES_URL (default: the local server's `test`
database). Without a server the PostgreSQL half is skipped, except in CI (CI=true),
where a missing server is a failure.
"""
from __future__ import annotations

import os
import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from logistics import create_app, db, migrate
from tests.ci import skip_or_fail
from tests.factories import Factories

POSTGRES_URL = os.environ.get("LOGISTICS_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = [b for b in os.environ.get("LOGISTICS_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """Return a migrated SQLite file that each test copies (migrations run once)."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database():
    """Create a throw-away PostgreSQL database for this run, migrate it, drop it at the end."""
    admin_url = make_url(POSTGRES_URL)
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect():
            pass
    except Exception as error:  # noqa: BLE001 - any failure to connect means "no server"
        message = f"PostgreSQL not reachable at {admin_url.render_as_string(hide_password=True)}: {error}"
        skip_or_fail(message)
    name = f"logistics_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name)
    engine = db.make_engine(url.render_as_string(hide_password=False))
    migrate.upgrade(engine)
    engine.dispose()
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_postgres(url: str) -> None:
    from logistics.models import metadata

    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    """Return the URL of an empty, migrated database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "logistics.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_database")
    _truncate_postgres(url)
    return url


@pytest.fixture
def backend(database_url) -> str:
    """Return the name of the database backend under test."""
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


@pytest.fixture
def app(database_url, tmp_path):
    """Return an app on a fresh database."""
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                      "AUTO_MIGRATE": False})
    app.instance_path = str(tmp_path / "instance")
    yield app
    db.engine_of(app).dispose()


@pytest.fixture
def client(app):
    """Return a test client for the app."""
    return app.test_client()


@pytest.fixture
def session(app):
    """Return a database session on the app's database."""
    with app.app_context():
        with db.new_session(app) as db_session:
            yield db_session


@pytest.fixture
def make(app):
    """Return factories that create organisations, items, users and shipments through the services."""
    return Factories(app)


@pytest.fixture
def runner(app):
    """Return a CLI runner for the app."""
    return app.test_cli_runner()
