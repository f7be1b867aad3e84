"""`logistics import` and `logistics export`: shipments with their lines in and out of CSV and XLSX files."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from logistics import db
from logistics.cli.common import actor_for, fail, message_lines
from logistics.domain.access import SYSTEM
from logistics.errors import DomainError


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="check every row, write nothing")
@click.option("--as", "as_email", metavar="EMAIL", help="the staff user to record as the importer")
@with_appcontext
def import_command(file: Path, dry_run: bool, as_email: str | None):
    """Import shipments with their lines from a CSV or XLSX file, all or nothing.

    One row per line; the shipment's columns repeat on each of its lines. Shipments are
    keyed by reference and lines by reference and line_no, so a second import of the
    same file changes nothing. Exits with status 1, listing every refused cell on
    standard error, when any row is refused (nothing is written then).
    """
    from logistics.transfer import import_file, import_limits

    with db.new_session() as session, file.open("rb") as stream, click.progressbar(
            length=file.stat().st_size or 1, label=f"Reading {file.name}", file=sys.stderr,
            show_percent=True) as bar:
        done = {"at": 0}

        def advance(position: int, total: int | None) -> None:
            if total and total != bar.length:  # an XLSX is counted in rows, not bytes
                bar.length, done["at"] = total, 0
            bar.update(max(position - done["at"], 0))
            done["at"] = max(position, done["at"])

        try:
            report = import_file(session, actor_for(session, as_email), stream, file.name, dry_run=dry_run,
                                 progress=advance, limits=import_limits(current_app.config),
                                 company_prefix=current_app.config.get("GS1_COMPANY_PREFIX"))
        except DomainError as error:
            fail(error)
    if not report.accepted:
        click.echo(f"error: {report.summary()}", err=True)
        for refusal in report.refusals:
            click.echo(f"  {refusal}", err=True)
        if report.unlisted:
            click.echo(f"  … and {report.unlisted:,} more", err=True)
        sys.exit(1)
    if report.ignored_columns:
        more = report.ignored_column_count - len(report.ignored_columns)
        click.echo(f"note: columns ignored: {', '.join(report.ignored_columns)}"
                   + (f" and {more:,} more" if more else ""), err=True)
    click.echo(report.summary())


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--direction", type=click.Choice(["inbound", "outbound"]))
@click.option("--status", multiple=True, help="a status to include (repeat for more)")
@click.option("--kind")
@click.option("--country", help="origin or destination country (ISO code)")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="planned departure on or after")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="planned departure on or before")
@with_appcontext
def export_command(file: Path, **options):
    """Export shipments with their lines to FILE: .csv or .xlsx (the shape `import` reads back)."""
    from marshmallow import ValidationError

    from logistics.schemas.shipments import ShipmentQuerySchema
    from logistics.services import exports
    from logistics.services.spreadsheets import format_of

    kind = format_of(file.name)
    if kind is None:
        click.echo(f"error: {file.name}: give a file name ending in .csv or .xlsx", err=True)
        sys.exit(1)
    raw = {"direction": options["direction"], "status": list(options["status"]) or None,
           "kind": options["kind"], "country": options["country"],
           "from": options["date_from"] and options["date_from"].date().isoformat(),
           "to": options["date_to"] and options["date_to"].date().isoformat()}
    try:
        filters = ShipmentQuerySchema().load({k: v for k, v in raw.items() if v is not None})
    except ValidationError as error:
        click.echo("error: the filters were not understood", err=True)
        for line in message_lines(error.messages):
            click.echo(f"  {line}", err=True)
        sys.exit(1)
    partial = file.with_name(file.name + ".part")
    with db.new_session() as session:
        if kind == "csv":
            with partial.open("w", encoding="utf-8", newline="") as out:
                for chunk in exports.export_csv(session, SYSTEM, filters):
                    out.write(chunk)
        else:
            with partial.open("wb") as out:
                exports.export_xlsx(session, SYSTEM, filters, out)
    partial.replace(file)  # never leave half a file under the name asked for
    click.echo(f"{file} written", err=True)
