"""Database engine, one session per request, SQLite pragmas and write transactions."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

if TYPE_CHECKING:
    from logistics.domain.access import Actor

T = TypeVar("T")
_WRITE = "logistics_write"
ACTOR = "logistics_actor"  # session.info key: who the current write is for (the audit trail reads it)


def default_sqlite_url(instance_path: str) -> str:
    """Return the embedded database's URL: a file in the Flask instance folder."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'logistics.sqlite3'}"


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and locking that queues writers."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


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
        immediate = connection.get_execution_options().get(_WRITE)
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


@contextmanager
def writing(db_session: Session, actor: Actor | None = None) -> Iterator[Session]:
    """Run a unit of work that writes for ``actor`` (None: the system); commit, or roll back on error."""
    if db_session.in_transaction() and not db_session.info.get(_WRITE):
        # End the read-only transaction (nothing is pending) so the write starts fresh.
        db_session.commit()
    if not db_session.in_transaction():
        db_session.connection(execution_options={_WRITE: True})
        db_session.info[_WRITE] = True
    previous = db_session.info.get(ACTOR)
    db_session.info[ACTOR] = actor
    try:
        yield db_session
        db_session.commit()
    except BaseException:
        db_session.rollback()
        raise
    finally:
        db_session.info.pop(_WRITE, None)
        db_session.info[ACTOR] = previous
