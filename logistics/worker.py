"""The notifications worker (`logistics worker`, or a thread of `logistics serve`): a loop over the outbox.

Each pass writes the messages of recorded events still pending (the fan-out), finds overdue
shipments (at most every OVERDUE_EVERY), gathers due digests, then claims and sends due messages
until none is left; between passes it waits ``interval``
seconds. Retries are not this loop's: a failed message is put back in the outbox with its
back-off (services/outbox.py), and a later pass claims it when it is due again.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from flask import Flask

from logistics import db
from logistics.models.types import utcnow
from logistics.services.delivery import Postman, deliver
from logistics.services.documents import operator_from
from logistics.services.fan_out import fan_out
from logistics.services.notice_jobs import compose_digests, notice_overdue
from logistics.services.outbox import claim_due

log = logging.getLogger(__name__)
OVERDUE_EVERY = 600.0  # seconds between two looks for overdue shipments
DEFAULT_SENDER = "logistics@localhost"


@dataclass
class Pass:
    """What one pass did: events fanned out, messages by the status they ended in, digests, overdue told."""

    results: dict[str, int] = field(default_factory=dict)
    events: int = 0
    digests: int = 0
    overdue: int = 0

    @property
    def handled(self) -> int:
        """Return how many messages this pass claimed."""
        return sum(self.results.values())


def postman_of(app: Flask) -> Postman:
    """Return how this app's messages go out (SMTP from LOGISTICS_SMTP_URL, or kept)."""
    return Postman(app.config.get("SMTP_SERVER"), app.config.get("MAIL_FROM") or DEFAULT_SENDER,
                   operator_from(app.config))


def run_pass(app: Flask, batch: int = 10, overdue: bool = True) -> Pass:
    """Do one pass: pending events' messages written, overdue shipments, digests, every due message sent."""
    done = Pass()
    postman = postman_of(app)
    with app.app_context(), db.new_session(app) as session:
        done.events = fan_out(session)
        if overdue:
            done.overdue = notice_overdue(session, utcnow().date())
        done.digests = compose_digests(session)
        while claims := claim_due(session, batch):
            for claim in claims:
                status = deliver(session, claim, postman)
                done.results[status.value] = done.results.get(status.value, 0) + 1
    return done


def run(app: Flask, interval: float = 5.0, stop: threading.Event | None = None, once: bool = False,
        batch: int = 10) -> Pass:
    """Run passes until stopped (or one, with ``once``); return the last pass."""
    stop = stop or threading.Event()
    last_overdue = float("-inf")
    while True:
        look = time.monotonic() - last_overdue >= OVERDUE_EVERY
        try:
            done = run_pass(app, batch, overdue=look)
        except Exception:
            log.exception("the notifications worker's pass failed")
            done = Pass()
        else:
            if look:
                last_overdue = time.monotonic()
            if done.handled or done.digests or done.overdue or done.events:
                log.info("notifications: %s event(s) fanned out, %s, %s digest(s), %s overdue", done.events,
                         done.results, done.digests, done.overdue)
        if once or stop.wait(interval):
            return done


def start_thread(app: Flask, interval: float = 5.0) -> tuple[threading.Thread, threading.Event]:
    """Run the worker in a daemon thread of this process (the embedded default's `logistics serve`)."""
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(app, interval, stop), name="notifications-worker",
                              daemon=True)
    thread.start()
    return thread, stop

