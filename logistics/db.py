"""The Flask glue of the database: an engine per app, one session per request, SQLite pragmas.

A request that only reads (``read_only``) reads through a plain Core connection instead
(``connection``): no ORM session to build, begin and close. Write transactions are the unit of
work's (logistics/unit_of_work.py, which knows no Flask).
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from logistics.unit_of_work import WRITE_OPTION

T = TypeVar("T")

# A pooled PostgreSQL connection idle for longer than this is pinged before use (see make_engine).
PING_IDLE_AFTER = 10.0
# Any connection is replaced after this long, before a server or firewall timeout can drop it.
RECYCLE_AFTER = 1800
# The execution option that makes SQLite run a read without BEGIN (AUTOCOMMIT does that on PostgreSQL).
_PLAIN_READ = "logistics_plain_read"


def default_sqlite_url(instance_path: str) -> str:
    """Return the embedded database's URL: a file in the Flask instance folder."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'logistics.sqlite3'}"


@dataclass(frozen=True)
class Pool:
    """How many connections one process may hold on a database server, and how it prepares statements.

    The defaults let ten processes (5 + 2 each) share a server with PostgreSQL's default
    max_connections of 100, with room for migrations, psql and a worker. Prepared statements
    (psycopg prepares a query on its sixth run on a connection) can be turned off for a
    pooler that cannot keep them: PgBouncer in transaction mode before 1.21, or without
    max_prepared_statements.
    """

    size: int = 5
    max_overflow: int = 2
    timeout: float = 30.0
    prepared_statements: bool = True

    @property
    def most(self) -> int:
        """Return the most connections the pool opens at once."""
        return self.size + self.max_overflow


def pool_of(config: Mapping) -> Pool:
    """Return the pool settings from an app's config (DB_POOL_SIZE and the others, or the defaults)."""
    default = Pool()
    return Pool(size=config.get("DB_POOL_SIZE", default.size),
                max_overflow=config.get("DB_MAX_OVERFLOW", default.max_overflow),
                timeout=config.get("DB_POOL_TIMEOUT", default.timeout),
                prepared_statements=config.get("DB_PREPARED_STATEMENTS", default.prepared_statements))


def make_engine(url: str, pool: Pool | None = None, ping_idle_after: float = PING_IDLE_AFTER) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and locking that queues writers.

    ``hide_parameters``: a database error names its SQL but not the values bound to it, so a
    traceback in the log never shows an attempted email, a password hash or a tracking token.
    A database server gets the pool's limits (SQLite's connections are files: no limit applies).

    PostgreSQL connections are not pinged at every checkout (``pool_pre_ping`` costs a round
    trip per request, a third of a single read's): a connection that has been idle for
    ``ping_idle_after`` seconds is pinged, and replaced if the server has gone away meanwhile;
    one in steady use is not. A server that goes away under load fails the requests that were
    using its connections at that moment; SQLAlchemy then discards every older pooled
    connection, so the next requests get new ones.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               hide_parameters=True)
        _configure_sqlite(engine)
        return engine
    pool = pool or Pool()
    connect_args = {} if pool.prepared_statements else {"prepare_threshold": None}
    engine = create_engine(url, pool_recycle=RECYCLE_AFTER, hide_parameters=True, pool_size=pool.size,
                           max_overflow=pool.max_overflow, pool_timeout=pool.timeout,
                           connect_args=connect_args)
    _ping_idle_connections(engine, ping_idle_after)
    return engine


def _ping_idle_connections(engine: Engine, idle_after: float) -> None:
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy):
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < idle_after:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_connection.rollback()
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and checks out another (a new one if need be).
            raise exc.DisconnectionError(f"a pooled connection had gone away: {error}") from error


def plain_reads(engine: Engine) -> dict:
    """Return the execution options that run a connection's reads without a transaction.

    Each statement then sees the database as of its own start: what PostgreSQL's default READ
    COMMITTED gives inside a transaction anyway, without the BEGIN and ROLLBACK round trips. On
    SQLite it spares the BEGIN statement. Writes never run so: a unit of work opens its own.
    """
    if engine.dialect.name == "sqlite":
        return {_PLAIN_READ: True}
    return {"isolation_level": "AUTOCOMMIT"}


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is too late).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A write takes the lock up front: a deferred read transaction that later
        # writes fails at once (SQLITE_BUSY_SNAPSHOT) when another writer got there first.
        options = connection.get_execution_options()
        if options.get(_PLAIN_READ):
            return  # each read statement is its own transaction (pysqlite's isolation_level is None)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE_OPTION) else "BEGIN")


def init_app(app: Flask, url: str) -> None:
    """Attach an engine and a session factory to the app; close the session after each request."""
    engine = make_engine(url, pool_of(app.config))
    app.extensions["logistics.engine"] = engine
    from logistics.services.notifications import SETTINGS_KEY, NoticeSettings

    # What notifications written on these sessions need of the settings (links, names): services take
    # plain values, and the outbox is written deep inside a status change.
    notices = NoticeSettings(app.config["PUBLIC_URL"], app.config["OPERATOR_NAME"],
                             app.config.get("DIGEST_HOUR", NoticeSettings.digest_hour))
    app.extensions["logistics.sessions"] = sessionmaker(engine, class_=Session, expire_on_commit=False,
                                                        info={SETTINGS_KEY: notices})
    app.teardown_appcontext(_close_session)


def engine_of(app: Flask) -> Engine:
    """Return the app's engine."""
    return app.extensions["logistics.engine"]


def new_session(app: Flask | None = None) -> Session:
    """Open a session outside a request (CLI, tests, background work)."""
    return (app or current_app).extensions["logistics.sessions"]()


def session() -> Session:
    """Return this request's session, opened on first use (without a read transaction if so asked).

    A read-only request's plain connection, if one was opened, is given back first: a request
    holds one pooled connection at a time.
    """
    if "db_session" not in g:
        _close_connection()
        g.db_session = new_session()
        if g.get("db_plain_reads") or g.get("db_read_only"):
            g.db_session.connection(execution_options=plain_reads(engine_of(current_app)))
    return g.db_session


def read_without_transaction() -> None:
    """Run this request's reads without a transaction (see ``plain_reads``); call before its first query.

    For requests that read a few rows by key and write, if at all, through a unit of work: not
    for a streamed result (a PostgreSQL server-side cursor needs a transaction), nor for reads
    that must agree with each other across statements on SQLite.
    """
    g.db_plain_reads = True


def read_only() -> None:
    """Mark this request as one that only reads a few rows by key: ``connection`` is then a plain one.

    Its reads run without a transaction (``plain_reads``), on a Core connection of the request's
    own, opened on first use and closed at teardown; no ORM session is made unless something
    asks for one (``session`` then takes over).
    """
    g.db_read_only = True


def connection() -> Connection:
    """Return the connection this request reads rows through (Core statements, no ORM objects).

    A read-only request's own plain connection, or else the request's session's connection (in
    the session's transaction, if it has one).
    """
    if "db_session" not in g and g.get("db_read_only"):
        reader = g.get("db_connection")
        if reader is None:
            engine = engine_of(current_app)
            reader = g.db_connection = engine.connect().execution_options(**plain_reads(engine))
        return reader
    return session().connection()


def streamed(db_session: Session, chunks: Iterable[T]) -> Iterator[T]:
    """Yield a response's chunks read through their own session, and close it when the stream ends.

    A streamed body is read after the request's teardown has closed the request's session.
    """
    try:
        yield from chunks
    finally:
        db_session.close()


def _close_session(_exc: BaseException | None) -> None:
    _close_connection()
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()


def _close_connection() -> None:
    reader = g.pop("db_connection", None)
    if reader is not None:
        reader.close()

