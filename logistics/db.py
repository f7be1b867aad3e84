"""The Flask glue of the database: an engine per app, one session per request, SQLite pragmas.

Write transactions are the unit of work's (logistics/unit_of_work.py, which knows no Flask).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from logistics.unit_of_work import WRITE_OPTION

T = TypeVar("T")


def default_sqlite_url(instance_path: str) -> str:
    """Return the embedded database's URL: a file in the Flask instance folder."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'logistics.sqlite3'}"


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and locking that queues writers.

    ``hide_parameters``: a database error names its SQL but not the values bound to it, so a
    traceback in the log never shows an attempted email, a password hash or a tracking token.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               hide_parameters=True)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


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
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def init_app(app: Flask, url: str) -> None:
    """Attach an engine and a session factory to the app; close the session after each request."""
    engine = make_engine(url)
    app.extensions["logistics.engine"] = engine
    app.extensions["logistics.sessions"] = sessionmaker(engine, class_=Session, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def engine_of(app: Flask) -> Engine:
    """Return the app's engine."""
    return app.extensions["logistics.engine"]


def new_session(app: Flask | None = None) -> Session:
    """Open a session outside a request (CLI, tests, background work)."""
    return (app or current_app).extensions["logistics.sessions"]()


def session() -> Session:
    """Return this request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = new_session()
    return g.db_session


def streamed(db_session: Session, chunks: Iterable[T]) -> Iterator[T]:
    """Yield a response's chunks read through their own session, and close it when the stream ends.

    A streamed body is read after the request's teardown has closed the request's session.
    """
    try:
        yield from chunks
    finally:
        db_session.close()


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()

