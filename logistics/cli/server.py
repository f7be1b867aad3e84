"""`logistics serve`: the app under waitress, or gunicorn's workers; and the start-up warning it prints."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from logistics import db
from logistics.config import DEFAULT_PUBLIC_URL


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
