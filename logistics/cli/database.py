"""`logistics db upgrade/downgrade/current/revision/check-sums`: the database schema through Alembic."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from logistics import db, migrate
from logistics.services import flow_sums


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


@db_group.command("check-sums")
@click.option("--rebuild", is_flag=True, help="compute the sums again from the lines")
@with_appcontext
def db_check_sums(rebuild):
    """Check the flow reports' sums against the lines (PostgreSQL); exit 1 if they disagree.

    A trigger keeps them in every transaction that writes lines; a load that bypasses triggers
    (session_replication_role = replica, pg_restore --disable-triggers) needs --rebuild after it.
    """
    with db.engine_of(current_app).begin() as connection:
        if not flow_sums.kept(connection):
            click.echo("this database keeps no flow sums (reports read the lines)")
            return
        if rebuild:
            flow_sums.rebuild(connection)
            click.echo("flow sums rebuilt from the lines")
            return
        drift = flow_sums.drift(connection)
    if drift:
        for row in drift:
            click.echo(f"differs: {row}", err=True)
        raise click.ClickException("the flow sums disagree with the lines: "
                                   "run `logistics db check-sums --rebuild`")
    click.echo("flow sums match the lines")
