"""`logistics demo`: load the demo story and print the demo users' credentials."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from logistics import db
from logistics.cli.common import fail
from logistics.errors import DomainError


@click.command("demo")
@with_appcontext
def demo():
    """Load the demo story (idempotent) and print the demo users' credentials."""
    from logistics.services.demo import load_demo

    with db.new_session() as session:
        try:
            accounts = load_demo(session, current_app.config["SECRET_KEY"],
                                 current_app.config.get("GS1_COMPANY_PREFIX"))
        except DomainError as error:
            fail(error)
    click.echo("Demo data loaded: 6 organisations, 4 items, 5 shipments.\n")
    click.echo("Demo users (credentials derived from this instance's secret key; only hashes are stored):")
    for account in accounts:
        org = f" ({account['organization']})" if account["organization"] else ""
        click.echo(f"  {account['role']:<8} {account['email']}{org}")
        click.echo(f"           password: {account['password']}")
        click.echo(f"           token:    {account['token']}")
