"""`logistics db upgrade/downgrade/current/revision`: the database schema through Alembic."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from logistics import db, migrate


@click.group("db")
def db_group():
    """Manage the database schema (Alembic migrations)."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def db_upgrade(revision):
    """Apply migrations up to a revision."""
    migrate.upgrade(db.engine_of(current_app), revision)
    click.echo(f"database at {migrate.current_revision(db.engine_of(current_app))}")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision):
    """Undo migrations down to a revision ('base' empties the database)."""
    migrate.downgrade(db.engine_of(current_app), revision)
    click.echo(f"database at {migrate.current_revision(db.engine_of(current_app))}")


@db_group.command("current")
@with_appcontext
def db_current():
    """Print the database's revision and the newest one."""
    engine = db.engine_of(current_app)
    click.echo(f"current: {migrate.current_revision(engine)}  head: {migrate.head_revision(engine)}")


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def db_revision(message):
    """Write a new migration from the models (for developers)."""
    migrate.revision(db.engine_of(current_app), message)
