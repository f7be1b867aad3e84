"""Each process holds at most the connections its pool allows, and can leave statements unprepared for a pooler."""
from __future__ import annotations

from contextlib import ExitStack

import pytest
from sqlalchemy import exc, text

from logistics import config, db
from tests.conftest import BACKENDS, build_app


@pytest.fixture
def postgres_url(request):
    if "postgresql" not in BACKENDS:
        pytest.skip("LOGISTICS_TEST_BACKENDS leaves PostgreSQL out")
    return request.getfixturevalue("postgres_database")


def _server_connections(engine, marker: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :m"),
                                  {"m": marker}).scalar_one()


def test_the_default_pool_lets_ten_processes_share_a_default_postgresql():
    pool = db.Pool()
    assert (pool.size, pool.max_overflow) == (5, 2)
    assert 10 * pool.most <= 100 - 20  # max_connections 100, room left for migrations, psql, a worker


def test_a_process_opens_no_more_connections_than_its_pool_and_overflow(postgres_url, tmp_path):
    marker = "logistics-pool-test"
    url = f"{postgres_url}?application_name={marker}"
    app = build_app(url, tmp_path, DB_POOL_SIZE=2, DB_MAX_OVERFLOW=1, DB_POOL_TIMEOUT=1)
    engine = db.engine_of(app)
    watcher = db.make_engine(postgres_url)
    try:
        with ExitStack() as held:
            for _ in range(3):
                held.enter_context(engine.connect()).execute(text("SELECT 1"))
            with pytest.raises(exc.TimeoutError):
                engine.connect()  # the fourth waits DB_POOL_TIMEOUT, then gives up
            assert _server_connections(watcher, marker) == 3
        assert _server_connections(watcher, marker) == 2  # the overflow is closed, the pool kept
    finally:
        engine.dispose()
        watcher.dispose()


@pytest.mark.parametrize(("prepared", "expected"), [(True, True), (False, False)], ids=["default", "pooler"])
def test_statements_are_prepared_on_the_server_unless_turned_off(postgres_url, tmp_path, prepared, expected):
    app = build_app(postgres_url, tmp_path, DB_PREPARED_STATEMENTS=prepared)
    engine = db.engine_of(app)
    try:
        with engine.connect() as connection:
            for _ in range(8):  # psycopg prepares a query on its sixth run on a connection
                connection.execute(text("SELECT count(*) FROM shipments WHERE id > :n"), {"n": 0})
            statements = connection.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one()
        assert (statements > 0) is expected
    finally:
        engine.dispose()


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("LOGISTICS_DB_POOL_SIZE", "0", "LOGISTICS_DB_POOL_SIZE is '0': give a whole number, at least 1"),
    ("LOGISTICS_DB_MAX_OVERFLOW", "-1", "LOGISTICS_DB_MAX_OVERFLOW is '-1': give a whole number, at least 0"),
    ("LOGISTICS_DB_POOL_TIMEOUT", "ten", "LOGISTICS_DB_POOL_TIMEOUT is 'ten': give a whole number"),
    ("LOGISTICS_DB_PREPARED_STATEMENTS", "maybe", "LOGISTICS_DB_PREPARED_STATEMENTS is 'maybe': give on or off"),
])
def test_a_pool_setting_that_is_not_a_number_stops_the_start_with_what_is_wanted(variable, value, message):
    with pytest.raises(config.ConfigurationError) as raised:
        config.from_environment({variable: value})
    assert str(raised.value) == message or str(raised.value).startswith(message)


def test_pool_settings_are_read_from_the_environment():
    settings = config.from_environment({"LOGISTICS_DB_POOL_SIZE": "3", "LOGISTICS_DB_MAX_OVERFLOW": "0",
                                        "LOGISTICS_DB_POOL_TIMEOUT": "5",
                                        "LOGISTICS_DB_PREPARED_STATEMENTS": "off"})
    assert db.pool_of(settings) == db.Pool(size=3, max_overflow=0, timeout=5, prepared_statements=False)
