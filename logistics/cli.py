"""The `logistics` command group (also `flask --app logistics`): commands call services."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from logistics import db, migrate
from logistics.config import DEFAULT_PUBLIC_URL
from logistics.document_language import DOCUMENT_LANGUAGES
from logistics.domain.access import SYSTEM
from logistics.domain.roles import Role
from logistics.domain.users import CreateUser, IssueToken
from logistics.errors import DomainError


def _lines(messages, path: str = "") -> list[str]:
    """Turn marshmallow-shaped messages (nested dicts and lists of text) into `field: message` lines."""
    if isinstance(messages, dict):
        return [line for key, value in messages.items()
                for line in _lines(value, f"{path}.{key}" if path else str(key))]
    if isinstance(messages, list | tuple):
        return [line for value in messages for line in _lines(value, path)]
    return [f"{path}: {messages}" if path else str(messages)]


def _fail(error: DomainError) -> None:
    click.echo(f"error: {error.message}", err=True)
    for line in _lines(error.fields or {}):
        click.echo(f"  {line}", err=True)
    sys.exit(1)


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
            _fail(error)
    click.echo("Demo data loaded: 6 organisations, 4 items, 5 shipments.\n")
    click.echo("Demo users (credentials derived from this instance's secret key; only hashes are stored):")
    for account in accounts:
        org = f" ({account['organization']})" if account["organization"] else ""
        click.echo(f"  {account['role']:<8} {account['email']}{org}")
        click.echo(f"           password: {account['password']}")
        click.echo(f"           token:    {account['token']}")


@click.group("user")
def user_group():
    """Manage users."""


@user_group.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--org", "org", help="organisation id or exact name (partners only)")
@click.option("--name")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@with_appcontext
def user_add(email, role, org, name, password_stdin):
    """Add a user; the password comes from a prompt or standard input."""
    from logistics.services import organizations, users

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with db.new_session() as session:
        try:
            org_id = organizations.find_organization(session, org).id if org else None
            user = users.create_user(session, SYSTEM, CreateUser(
                email=email, role=Role(role), name=name, organization_id=org_id, password=password))
        except DomainError as error:
            _fail(error)
        click.echo(f"user {user.id} {user.email} ({user.role}) added")


@click.group("token")
def token_group():
    """Manage API tokens."""


@token_group.command("issue")
@click.argument("email")
@click.option("--label")
@with_appcontext
def token_issue(email, label):
    """Print a new API token for a user, alone on its line."""
    from logistics.services import users
    from logistics.services.common import stored_id

    with db.new_session() as session:
        try:
            user = users.find_user(session, email)
            _, raw = users.issue_token(session, SYSTEM, stored_id(user.id), IssueToken(label))
        except DomainError as error:
            _fail(error)
    click.echo(raw)


@token_group.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def token_revoke(token_id):
    """Revoke an API token by its id."""
    from logistics.services import users

    with db.new_session() as session:
        try:
            users.revoke_token(session, SYSTEM, token_id)
        except DomainError as error:
            _fail(error)
    click.echo(f"token {token_id} revoked")


def _document_command(name: str, kind: str, what: str, papers: tuple[str, ...] = ("a4", "letter")):
    @click.command(name, help=f"Write a shipment's {what} as PDF.")
    @click.argument("reference")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                  help="file to write (default: a name made from the reference); - for stdout")
    @click.option("--paper", type=click.Choice(list(papers)), default=papers[0], show_default=True,
                  help="labels: label (100 x 150 mm a page) or a4 (four to a sheet)" if kind == "labels"
                  else None)
    @click.option("--lang", type=click.Choice(DOCUMENT_LANGUAGES),
                  help="the document's language (default: the organisation's document language, else its "
                       "own language, else en)")
    @click.option("--bilingual/--no-bilingual", default=None,
                  help="English headings with the document language's under each (default: the "
                       "organisation's setting)")
    @with_appcontext
    def command(reference, output, paper, lang, bilingual):
        from logistics.services.documents import operator_from, render_document

        with db.new_session() as session:
            try:
                document = render_document(session, SYSTEM, reference, kind,
                                           operator_from(current_app.config), paper, lang, bilingual)
            except DomainError as error:
                _fail(error)
        if output == "-":
            with click.open_file("-", "wb") as stdout:  # get_binary_stream is deprecated (Click 8.5)
                stdout.write(document.content)
            return
        path = Path(output or document.file_name)
        path.write_bytes(document.content)
        click.echo(f"{path} ({document.pages} page(s), revision {document.revision})", err=True)

    return command


manifest = _document_command("manifest", "manifest", "cargo manifest")
grn = _document_command("grn", "grn", "goods received note")
donation_certificate = _document_command("donation-certificate", "donation_certificate",
                                         "certificate of donation")
packing_list = _document_command("packing-list", "packing_list", "packing list")
labels = _document_command("labels", "labels", "shipping labels", ("label", "a4"))


def _actor(session, email: str | None):
    """Return who a command acts for: a user named by --as (recorded in the audit trail), or the system."""
    from logistics.services.users import actor_of, find_user

    return actor_of(find_user(session, email)) if email else SYSTEM


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
            report = import_file(session, _actor(session, as_email), stream, file.name, dry_run=dry_run,
                                 progress=advance, limits=import_limits(current_app.config),
                                 company_prefix=current_app.config.get("GS1_COMPANY_PREFIX"))
        except DomainError as error:
            _fail(error)
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
        for line in _lines(error.messages):
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


def public_url_warning(config) -> str | None:
    """Return what to warn about at start when no public URL is configured (links would name the default)."""
    if config["PUBLIC_URL"] != DEFAULT_PUBLIC_URL:
        return None
    return (f"no public URL is configured: tracking links and QR codes on documents point to "
            f"{DEFAULT_PUBLIC_URL}; set LOGISTICS_PUBLIC_URL to the address users reach "
            "(make run sets it from HOST and PORT)")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 64),
              help="worker processes (more than 1: gunicorn, POSIX only); each has its own pool")
@click.option("--threads", type=click.IntRange(1, 256),
              help="threads per process  [default: the pool's most connections, 7]")
@click.option("--worker/--no-worker", "with_worker", default=None,
              help="send notifications from a thread of this process  [default: with the embedded "
                   "database only; otherwise run `logistics worker`]")
@with_appcontext
def serve(host, port, processes, threads, with_worker):
    """Serve the app: waitress in one process, or gunicorn's threaded workers in several."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app itself, not the proxy
    threads = threads or db.pool_of(app.config).most  # a thread never waits for a connection
    if with_worker is None:
        with_worker = not app.config.get("DATABASE_URL")
    if with_worker and processes == 1:
        from logistics.worker import start_thread

        start_thread(app)
        click.echo("sending notifications from this process (a thread; `logistics worker` does it apart)")
    click.echo(f"serving on http://{host}:{port} ({processes} process(es) of {threads} threads)")
    if warning := public_url_warning(app.config):
        app.logger.warning("%s", warning)
    if processes == 1:
        from waitress import serve as waitress_serve

        waitress_serve(app, host=host, port=port, threads=threads, ident="logistics")
        return
    from logistics.server import serve_processes

    # Each worker builds its own app (and pool) after the fork; this one was only a check.
    db.engine_of(app).dispose()
    serve_processes(host, port, processes, threads)


@click.command("worker")
@click.option("--once", is_flag=True, help="one pass over the outbox, then exit")
@click.option("--interval", default=5.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="seconds between passes")
@click.option("--batch", default=10, show_default=True, type=click.IntRange(1, 1000),
              help="messages claimed at a time")
@with_appcontext
def worker(once, interval, batch):
    """Send notifications from the outbox (run several, on any host: none sends a message twice)."""
    from logistics.worker import postman_of, run

    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app itself, not the proxy
    postman = postman_of(app)
    where = (postman.server.describe() if postman.server
             else "nowhere: kept in the outbox (no LOGISTICS_SMTP_URL)")
    click.echo(f"notifications worker: sending to {where}", err=True)
    done = run(app, interval, once=once, batch=batch)
    if once:
        click.echo(f"{done.events} event(s) fanned out, {done.handled} message(s) handled {done.results}, "
                   f"{done.digests} digest(s), "
                   f"{done.overdue} overdue shipment(s) told", err=True)


def init_app(app: Flask) -> None:
    """Register the commands on the app (so `flask --app logistics` has them too)."""
    from logistics.cli_packages import packages_group

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
