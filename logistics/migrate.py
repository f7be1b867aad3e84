"""Alembic, driven from the app: find the migrations, upgrade, and compare with the models."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

# Objects the migrations create outside the models' metadata: the search (0009: pg_trgm indexes on
# PostgreSQL, an FTS5 table and the shadow tables SQLite makes for it on SQLite) and the flow
# reports' summaries kept by triggers on PostgreSQL (0023, services/flow_sums.py).
DATABASE_ONLY = frozenset({"ix_shipments_reference_trgm", "ix_shipments_tracking_number_trgm"})
DATABASE_ONLY_TABLE_PREFIXES = ("shipments_search", "flow_sums_")


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Tell autogenerate to leave the database-only objects alone: they live in the migrations only."""
    if type_ == "table" and name and name.startswith(DATABASE_ONLY_TABLE_PREFIXES):
        return False
    return not (type_ == "index" and name in DATABASE_ONLY)


def migrations_path() -> str:
    """Return the migrations folder: the repository's top-level one, or the installed copy."""
    source_tree = Path(__file__).resolve().parent.parent / "migrations"
    if (source_tree / "env.py").is_file():
        return str(source_tree)
    return str(Path(__file__).resolve().parent / "migrations")


def alembic_config(engine: Engine) -> Config:
    """Return an Alembic config that runs on this engine (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", migrations_path())
    config.attributes["engine"] = engine
    return config


def head_revision(engine: Engine) -> str | None:
    """Return the newest migration's revision."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision``."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Undo migrations down to ``revision``."""
    command.downgrade(alembic_config(engine), revision)


def upgrade_if_needed(engine: Engine) -> bool:
    """Bring the database to the newest revision if it is behind; say whether it was."""
    if current_revision(engine) == head_revision(engine):
        return False
    upgrade(engine)
    return True


def pending_changes(engine: Engine) -> list:
    """Return the differences autogenerate finds between the models and the database."""
    from alembic.autogenerate import compare_metadata

    from logistics.models import metadata

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "render_as_batch": True,
                                                               "include_name": include_name})
        return compare_metadata(context, metadata)


def revision(engine: Engine, message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    command.revision(alembic_config(engine), message=message, autogenerate=True)
