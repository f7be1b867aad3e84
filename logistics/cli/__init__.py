"""The `logistics` command group (also `flask --app logistics`): a module per noun; commands call services."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from logistics.cli.database import db_group
from logistics.cli.demo import demo
from logistics.cli.documents import donation_certificate, grn, labels, manifest, packing_list
from logistics.cli.packages import packages_group
from logistics.cli.server import serve
from logistics.cli.transfer import export_command, import_command
from logistics.cli.users import token_group, user_group
from logistics.cli.worker import worker


def init_app(app: Flask) -> None:
    """Register the commands on the app (so `flask --app logistics` has them too)."""
    for command in (db_group, demo, user_group, token_group, manifest, grn, donation_certificate,
                    packing_list, labels,
                    import_command, export_command, packages_group, serve, worker):
        app.cli.add_command(command)


def _create_app() -> Flask:
    from logistics import create_app
    from logistics.config import ConfigurationError

    try:
        return create_app()
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None  # the message alone, no traceback


main = FlaskGroup(name="logistics", create_app=_create_app, add_default_commands=False,
                  add_version_option=False, load_dotenv=False,
                  help="The logistics tracker: shipments in and out, exact quantities, manifests.")
