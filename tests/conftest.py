"""Fixtures: every database test runs on a real SQLite file and on a real PostgreSQL server.

One app per backend serves the whole session, each on one migrated database (building an app
and emptying PostgreSQL with TRUNCATE cost more than most tests). Every test starts from empty
tables: every row is deleted and the ids start again at 1, on the app's own engine (`Emptier`);
alembic_version is never emptied. After each test the app's config, instance folder and
extensions are put back as they were (change the config with ``monkeypatch.setitem`` all the
same), and an app context left pushed fails the test. The instance folder is one per app: with
SECRET_KEY and DATABASE_URL given nothing is written there, and the demo credentials (derived
from the secret key) are the same in every test.

A test that needs an app of its own (a setting read only when the app is built, migrations run
down and up) builds one with ``own_app``, on a database that no other app uses.

PostgreSQL comes from LOGISTICS_TEST_POSTGRES_URL (default: the local server's `test`
database), used only to create and drop throw-away databases. Without a server the PostgreSQL
half is skipped, except in CI (CI=true), where a missing server is a failure.
LOGISTICS_TEST_BACKENDS=sqlite runs one backend only.
"""
from __future__ import annotations

import functools
import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.globals import _cv_app
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url
from werkzeug import security

from logistics import create_app, db, migrate
from logistics.services import flow_sums
from logistics.unit_of_work import WRITE_OPTION
from tests.ci import skip_or_fail
from tests.factories import Factories

POSTGRES_URL = os.environ.get("LOGISTICS_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = [b for b in os.environ.get("LOGISTICS_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]
TEST_CONFIG = {"TESTING": True, "SECRET_KEY": "test-secret", "AUTO_MIGRATE": False}
KEPT = {"alembic_version"}  # never emptied between tests: it says which migrations have run


def build_app(database_url: str, instance_path: Path, **config) -> Flask:
    """Build an app as the fixtures do (test settings, this instance folder), with ``config`` on top."""
    app = create_app({**TEST_CONFIG, "DATABASE_URL": database_url, **config})
    app.instance_path = str(instance_path)
    return app


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes():
    """Hash the tests' passwords with one round of PBKDF2 instead of scrypt.

    scrypt takes 0.12-0.18 s a hash here, a quarter of the page tests' time (every signed-in
    browser hashes a password and checks it). Checking reads the method from the stored hash,
    so signing in works the same; the end-to-end journeys run the real command, with scrypt.
    """
    # Import the modules that hash passwords, so that the scan below finds them.
    import logistics.services.auth  # noqa: F401
    import logistics.services.users  # noqa: F401

    quick = functools.partial(security.generate_password_hash, method="pbkdf2:sha256:1")
    patch = pytest.MonkeyPatch()
    for name, module in list(sys.modules.items()):
        if name.startswith("logistics.") and \
                getattr(module, "generate_password_hash", None) is security.generate_password_hash:
            patch.setattr(module, "generate_password_hash", quick)
    yield
    patch.undo()


# --- the databases ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """Return a migrated SQLite file to copy (migrations run once)."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_server():
    """Return an AUTOCOMMIT engine on the server's maintenance database (to create and drop databases)."""
    admin_url = make_url(POSTGRES_URL)
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect():
            pass
    except Exception as error:  # noqa: BLE001 - any failure to connect means "no server"
        message = f"PostgreSQL not reachable at {admin_url.render_as_string(hide_password=True)}: {error}"
        skip_or_fail(message)
    yield admin
    admin.dispose()


def _throwaway_postgres(admin: Engine, suffix: str = "") -> Iterator[str]:
    """Create a migrated PostgreSQL database, yield its URL, drop it."""
    name = f"logistics_test_{uuid.uuid4().hex[:10]}{suffix}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        engine = db.make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_database(postgres_server):
    """Create the session's throw-away PostgreSQL database, migrate it, drop it at the end."""
    yield from _throwaway_postgres(postgres_server)


@pytest.fixture(scope="session")
def postgres_scratch_database(postgres_server):
    """A second throw-away PostgreSQL database, for the apps that tests build of their own."""
    yield from _throwaway_postgres(postgres_server, "_own")


class Emptier:
    """Empties every table of a database but alembic_version, on the engine of the app that uses it.

    DELETE, children before parents, then the id counters start again at 1. On PostgreSQL this
    takes a few milliseconds where TRUNCATE takes a few hundred (it makes new files for every
    table and index), and rows left locked would make it wait (30 s at most), not hang.
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        order = inspect(engine).get_sorted_table_and_fkc_names()  # parents first
        # The search index (FTS5 on SQLite) is not emptied by hand: the shipments' triggers keep it.
        self.tables = [name for name, _ in reversed(order) if name is not None and name not in KEPT
                       and migrate.include_name(name, "table", {})]
        with engine.connect() as connection:
            if self.postgres:
                sequences = connection.exec_driver_sql(
                    "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) FROM pg_sequences"
                    " WHERE schemaname = current_schema()").scalars().all()
                self.restart = "SELECT " + ", ".join(f"setval('{s}', 1, false)" for s in sequences) \
                    if sequences else None
            else:
                exists = connection.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").first()
                self.restart = "DELETE FROM sqlite_sequence" if exists else None  # AUTOINCREMENT counters

    def __call__(self) -> None:
        """Empty the tables (ids start again at 1)."""
        if self.engine.pool.checkedout():
            # A test left a session open: let the garbage collector give its connection back.
            import gc

            gc.collect()
        # On SQLite the app's write transaction (BEGIN IMMEDIATE), as any writer would take.
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as connection:
            with connection.begin():
                if self.postgres:
                    connection.exec_driver_sql("SET LOCAL lock_timeout = '30s'")
                for table in self.tables:
                    connection.exec_driver_sql(f'DELETE FROM "{table}"')
                if self.restart:
                    connection.exec_driver_sql(self.restart)


class Shared:
    """The session's app on one backend, its database's URL and how to empty that database."""

    def __init__(self, url: str, instance_path: Path):
        self.url = url
        self.app = build_app(url, instance_path)
        self.empty = Emptier(db.engine_of(self.app))

    def close(self) -> None:
        db.engine_of(self.app).dispose()

    def check_flow_sums(self) -> None:
        """Fail the test if the flow sums (PostgreSQL's report summaries) no longer match the lines.

        Run after every test on PostgreSQL: whatever the test wrote lines with (the API, a form,
        an import, the demo, a cascade), the triggers must have kept the sums right.
        """
        with db.engine_of(self.app).connect() as connection:
            drift = flow_sums.drift(connection)
        if drift:
            pytest.fail(f"the flow sums disagree with the lines (table, keys, kept, expected): {drift}",
                        pytrace=False)


@pytest.fixture(scope="session")
def shared_sqlite(sqlite_template, tmp_path_factory):
    """The session's SQLite app, on a copy of the migrated template."""
    folder = tmp_path_factory.mktemp("shared-sqlite")
    path = folder / "logistics.sqlite3"
    shutil.copy(sqlite_template, path)
    shared = Shared(f"sqlite:///{path}", folder / "instance")
    yield shared
    shared.close()


@pytest.fixture(scope="session")
def shared_postgresql(postgres_database, tmp_path_factory):
    """The session's PostgreSQL app, on the session's throw-away database."""
    shared = Shared(postgres_database, tmp_path_factory.mktemp("shared-postgresql") / "instance")
    yield shared
    shared.close()


@pytest.fixture(params=BACKENDS)
def database_url(request):
    """Return the URL of an empty, migrated database on each backend (the session's app uses it)."""
    shared = request.getfixturevalue(f"shared_{request.param}")
    shared.empty()
    yield shared.url
    if request.param == "postgresql":
        shared.check_flow_sums()


@pytest.fixture
def backend(database_url) -> str:
    """Return the name of the database backend under test."""
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


# --- the app ---------------------------------------------------------------------------------

@pytest.fixture
def app(request, backend):
    """Return the session's app on this backend, its database empty; its state is restored after the test."""
    app = request.getfixturevalue(f"shared_{backend}").app
    config, instance_path, extensions = dict(app.config), app.instance_path, dict(app.extensions)
    yield app
    left_open = []
    while (context := _cv_app.get(None)) is not None and context.app is app:
        left_open.append(context)
        context.pop()
    if app.config != config:
        app.config.clear()
        app.config.update(config)
    app.instance_path = instance_path
    if app.extensions != extensions:
        app.extensions.clear()
        app.extensions.update(extensions)
    if left_open:
        pytest.fail(f"the test left {len(left_open)} app context(s) pushed (its `g` would leak into the "
                    "next test): use `with app.app_context():`", pytrace=False)


@pytest.fixture
def own_database_url(request, backend, tmp_path):
    """Return an empty, migrated database on this test's backend that the session's app does not use."""
    if backend == "sqlite":
        path = tmp_path / "own.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_scratch_database")
    engine = db.make_engine(url)
    try:
        migrate.upgrade_if_needed(engine)  # a test that failed half-way may have left it lower
        Emptier(engine)()
    finally:
        engine.dispose()
    return url


@pytest.fixture
def own_app(own_database_url, tmp_path):
    """Return a callable that builds an app of the test's own, with config on top of the test settings.

    For what the session's app cannot show: settings read only when an app is built, or changes
    to the schema. Its database is one that no other app uses; it is closed after the test.
    """
    built = []

    def build(**config) -> Flask:
        app = build_app(own_database_url, tmp_path / "instance", **config)
        built.append(app)
        return app

    yield build
    for app in built:
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
