"""`logistics worker`: send notifications from the outbox."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


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
