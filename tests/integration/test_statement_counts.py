"""What one request costs the database: statements on both backends, round trips on PostgreSQL's wire.

Statements are counted with SQLAlchemy's ``before_cursor_execute`` on the app's real engine
(SQLite's BEGIN is one of them). On PostgreSQL the driver also sends BEGIN, COMMIT and ROLLBACK
by itself, and a pool may ping: libpq's own trace of the connection counts every round trip
(one ReadyForQuery from the server ends each), so none of those can hide either.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import OperationalError

from logistics import db
from logistics.models import ShipmentEvent
from logistics.services import follows
from tests.factories import Factories
from tests.notifications.conftest import Outbox, actor_of

API = "/api/v1"


@dataclass
class Cost:
    """What the requests inside one ``measure`` block sent to the database."""

    statements: list[str] = field(default_factory=list)
    round_trips: int | None = None  # PostgreSQL only


class Meter:
    """Counts statements on an engine, and on PostgreSQL the round trips libpq traces."""

    def __init__(self, engine, trace_path):
        self.engine = engine
        self.current: Cost | None = None
        self.trace_path = trace_path
        self.trace = None
        event.listen(engine, "before_cursor_execute", self._statement)
        if engine.dialect.name == "postgresql":
            import psycopg

            self.trace = open(trace_path, "w")  # noqa: SIM115 - open while the engine's connections live

            def _trace(dbapi_connection, _record):
                dbapi_connection.pgconn.trace(self.trace.fileno())
                dbapi_connection.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)

            event.listen(engine, "connect", _trace)

    def _statement(self, _connection, _cursor, statement, _parameters, _context, _many):
        if self.current is not None:
            self.current.statements.append(" ".join(statement.split())[:120])

    def _ready_for_query(self) -> int:
        with open(self.trace_path) as trace:
            return sum(1 for line in trace if "\tReadyForQuery" in line and line.startswith("B\t"))

    @contextmanager
    def measure(self):
        cost = self.current = Cost()
        before = self._ready_for_query() if self.trace else 0
        try:
            yield cost
        finally:
            self.current = None
            if self.trace:
                cost.round_trips = self._ready_for_query() - before

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._statement)
        self.engine.dispose()  # before the trace file closes: no traced connection outlives it
        if self.trace:
            self.trace.close()


@pytest.fixture
def meter(own_app, tmp_path):
    """Return (app, factories, meter) on an app of the test's own, its every connection traced."""
    app = own_app()
    meter = Meter(db.engine_of(app), tmp_path / "libpq-trace.txt")
    yield app, Factories(app), meter
    meter.close()


@pytest.fixture
def story(meter):
    """A staff client and a draft shipment of three lines over two items with packs, with people to tell.

    Its counterparty has a contact and an address, and a manager follows it: every move causes
    notifications (which the worker writes from the event, see ``_told``).
    """
    app, make, meter = meter
    make.coverall()
    make.mask()
    org = make.org(email="store@hospital.example")
    make.user("partner", org, email="contact@hospital.example")
    shipment = make.shipment(counterparty=org,
                             lines=[("PPE-COV", "100 piece"), ("PPE-N95", "2 carton"), ("PPE-COV", "1 t")])
    follower, _ = make.user("manager", email="follower@zone.example")
    with app.app_context(), db.new_session(app) as session:
        follows.set_following(session, actor_of(follower), shipment.reference, True)
    return make.api("staff"), shipment, meter, make


def _pending(make, shipment) -> list[str | None]:
    """Return the statuses of the shipment's events whose notifications are still to be written."""
    with make.app.app_context(), db.new_session(make.app) as session:
        return list(session.scalars(select(ShipmentEvent.to_status).where(
            ShipmentEvent.shipment_id == shipment.id, ShipmentEvent.notify_pending)))


def _told(make, meter) -> set[tuple[str, str]]:
    """Return (recipient, kind) of the messages the worker writes from the pending events (outside the count)."""
    outbox = Outbox(make.app)
    return {(row.email, row.kind) for row in outbox.rows()}


def _report(cost: Cost) -> str:
    return f"{len(cost.statements)} statements, {cost.round_trips} round trips:\n  " + \
        "\n  ".join(cost.statements)


def test_reading_a_shipment_takes_at_most_three_statements_and_no_transaction(story):
    staff, shipment, meter, _ = story
    staff.get(f"{API}/shipments/{shipment.reference}")  # a warm pool: the connection is made
    with meter.measure() as cost:
        response = staff.get(f"{API}/shipments/{shipment.reference}")
    assert response.status_code == 200
    body = response.get_json()
    assert [(line["quantity"]["value"], line["quantity"]["unit"]) for line in body["lines"]] == \
        [("100", "piece"), ("2", "carton"), ("1", "t")]
    assert len(cost.statements) <= 3, _report(cost)  # the token, the shipment with lines and items
    assert not any(s.startswith(("BEGIN", "COMMIT", "ROLLBACK")) for s in cost.statements), _report(cost)
    if cost.round_trips is not None:  # no BEGIN, ROLLBACK or ping on the wire either
        assert cost.round_trips == len(cost.statements), _report(cost)


def test_a_refused_read_costs_no_more_than_a_read(story):
    _, shipment, meter, make = story
    partner = make.api("partner", make.org())
    with meter.measure() as cost:
        response = partner.get(f"{API}/shipments/{shipment.reference}")
    assert response.status_code == 404
    assert len(cost.statements) <= 2, _report(cost)


def test_a_status_change_takes_at_most_six_statements_with_its_notifications(story):
    staff, shipment, meter, make = story
    staff.get(f"{API}/shipments/{shipment.reference}")
    with meter.measure() as cost:
        response = staff.post(f"{API}/shipments/{shipment.reference}/events", json={"status": "confirmed"},
                              headers={"If-Match": f'"{shipment.version}"'})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["shipment"]["status"] == "confirmed"
    assert response.headers["ETag"] == f'"{shipment.version + 1}"'
    # The token; the shipment with lines; when its previous event happened; one UPDATE of the
    # shipment (status and version together); the event, which is also the outbox's entry for its
    # notifications (notify_pending, in this same transaction: issue 14); its audit entries.
    # Nothing is read again after. SQLite adds its BEGIN IMMEDIATE (in-process: the write lock).
    statements = [s for s in cost.statements if s != "BEGIN IMMEDIATE"]
    assert len(statements) <= 6, _report(cost)
    assert sum(s.startswith("UPDATE shipments") for s in cost.statements) == 1, _report(cost)
    assert sum(s.startswith("INSERT INTO shipment_events") for s in cost.statements) == 1, _report(cost)
    assert _pending(make, shipment) == ["confirmed"]  # the event carries its notifications, committed
    if cost.round_trips is not None:  # the statements, BEGIN and COMMIT
        assert cost.round_trips <= len(cost.statements) + 2, _report(cost)
    assert _told(make, meter) == {("contact@hospital.example", "shipment_confirmed"),
                                  ("store@hospital.example", "shipment_confirmed"),
                                  ("follower@zone.example", "shipment_changed")}


def test_a_receipt_in_packs_reads_the_packs_once(story):
    staff, shipment, meter, make = story
    version = shipment.version
    for status in ("confirmed", "in_transit", "delivered"):
        response = staff.post(f"{API}/shipments/{shipment.reference}/events", json={"status": status},
                              headers={"If-Match": f'"{version}"'})
        version = response.get_json()["shipment"]["version"]
    line = response.get_json()["shipment"]["lines"][1]
    with meter.measure() as cost:
        response = staff.post(f"{API}/shipments/{shipment.reference}/events", headers={"If-Match": f'"{version}"'},
                              json={"status": "received", "received": [
                                  {"line_id": line["id"], "quantity": "1 carton", "reason": "short"}]})
    assert response.status_code == 201, response.get_json()
    received = response.get_json()["shipment"]["lines"][1]["received"]
    assert (received["value"], received["unit"], received["normalized"]["value"]) == ("1", "carton", "480")
    # The status change's statements and the packs of the lines' items, then the lines' receipt
    # columns: one executemany per run of lines that change the same columns (three here).
    assert sum("item_packs" in s for s in cost.statements) == 1, _report(cost)
    line_updates = sum(s.startswith("UPDATE shipment_lines") for s in cost.statements)
    others = [s for s in cost.statements if s != "BEGIN IMMEDIATE" and not s.startswith("UPDATE shipment_lines")]
    # 7 of them the status change's, 1 the read of the shipment's packages (whose states the receipt
    # settles); the notifications are the worker's, from the event (none of them here)
    assert line_updates <= 3 and len(others) <= 8, _report(cost)
    assert ("follower@zone.example", "goods_received") in _told(make, meter)


def test_an_idle_pooled_connection_that_died_is_replaced_before_use(backend, own_database_url, postgres_server):
    if backend != "postgresql":
        pytest.skip("a SQLite file has no connection to lose")
    for idle_after, survives in ((0.0, True), (3600.0, False)):
        engine = db.make_engine(own_database_url, ping_idle_after=idle_after)
        try:
            with engine.connect() as connection:
                pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
            with postgres_server.connect() as admin:
                admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            if survives:
                with engine.connect() as connection:
                    assert connection.execute(text("SELECT 1")).scalar_one() == 1
            else:  # without the ping, the dead connection is handed out and the request fails
                with pytest.raises(OperationalError), engine.connect() as connection:
                    connection.execute(text("SELECT 1"))
        finally:
            engine.dispose()
