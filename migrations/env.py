"""Alembic environment: runs on the engine the app hands over, against the models' metadata."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from logistics.migrate import include_name
from logistics.models import metadata
from logistics.models.types import UTCDateTime
from logistics.unit_of_work import WRITE_OPTION

config = context.config
MIGRATION_LOCK = 0x6C6F6769  # the advisory lock's key on PostgreSQL ("logi")


def render_item(type_, obj, autogen_context):
    """Render our column types as plain SQLAlchemy ones, so migrations do not import the app."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and type(obj).__name__ == "AutoString":
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def run_migrations_online() -> None:
    """Run migrations on a live connection, one migrator at a time.

    Processes started together (several app processes on the embedded database, or several
    hosts running `logistics db upgrade`) each wait for the one that got the lock, then read
    the revision it left and have nothing to do.
    """
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"),
                                                                  hide_parameters=True)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        postgresql = connection.dialect.name == "postgresql"
        if sqlite:
            # Batch migrations copy and drop tables; with foreign keys on, dropping a parent
            # table cascades deletes into its children. The pragma only works outside a transaction.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            # BEGIN IMMEDIATE before the revision is read, held until every migration is in.
            connection.execution_options(**{WRITE_OPTION: True})
            connection.begin()
        if postgresql:
            # A session lock (kept across the migrations' own transactions) rather than BEGIN:
            # a migration may need to run outside a transaction (autocommit_block).
            connection.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK})")
            connection.commit()
        try:
            context.configure(
                connection=connection,
                target_metadata=metadata,
                render_as_batch=True,
                compare_type=True,
                render_item=render_item,
                include_name=include_name,
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise RuntimeError(f"migration left rows with broken foreign keys: {problems[:5]}")
            if connection.in_transaction():
                connection.commit()
        finally:
            if connection.in_transaction():
                connection.rollback()
            if postgresql:
                connection.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})")
                connection.commit()
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


run_migrations_online()
