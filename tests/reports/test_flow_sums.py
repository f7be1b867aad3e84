"""Flow sums (PostgreSQL): every way lines are written keeps the reports' summaries exact.

Besides these tests, every test on PostgreSQL ends by comparing the sums with the lines
(tests/conftest.py, ``check_flow_sums``), whatever it wrote.
"""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from logistics import db, migrate
from logistics.domain.access import Actor
from logistics.domain.roles import Role
from logistics.domain.workflow import MOVED, Status
from logistics.services import flow_sums
from logistics.services.flow_queries import flow_query
from logistics.transfer import import_file
from tests.transfer.files import csv_bytes, row

API = "/api/v1"
postgresql_only = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def _sums(app) -> tuple[list, list]:
    """Return the sums by item and by unit, keyed by reference and SKU, after checking they match the lines."""
    with db.engine_of(app).connect() as connection:
        by_item = connection.execute(text(
            "SELECT s.reference, i.sku, f.dimension, f.base_unit, f.whole, f.micro, f.lines"
            " FROM flow_sums_by_item f JOIN shipments s ON s.id = f.shipment_id"
            " JOIN items i ON i.id = f.item_id ORDER BY 1, 2, 3, 4")).all()
        by_unit = connection.execute(text(
            "SELECT s.reference, f.dimension, f.base_unit, f.items FROM flow_sums_by_unit f"
            " JOIN shipments s ON s.id = f.shipment_id ORDER BY 1, 2, 3")).all()
        assert flow_sums.drift(connection) == []
    return [tuple(found) for found in by_item], [tuple(found) for found in by_unit]


def test_only_postgresql_keeps_flow_sums(app, backend):
    with db.engine_of(app).connect() as connection:
        assert flow_sums.kept(connection) is (backend == "postgresql")


@postgresql_only
def test_lines_added_changed_and_removed_through_the_api_keep_the_sums(app, make):
    make.coverall()
    make.mask()
    staff = make.api("staff")
    body = {"direction": "outbound", "kind": "donation", "counterparty_id": make.org().id,
            "reference": "SUM-1", "origin": {"country": "CN"}, "destination": {"country": "SK"},
            "lines": [{"sku": "PPE-COV", "quantity": "1,000 piece"}, {"sku": "PPE-COV", "quantity": "2.5 kg"},
                      {"sku": "PPE-N95", "quantity": "2 box"}, {"sku": "PPE-COV", "quantity": "3 box"}]}
    created = staff.post(f"{API}/shipments", json=body)
    assert created.status_code == 201, created.get_json()
    shipment = created.get_json()
    assert _sums(app) == (
        [("SUM-1", "PPE-COV", "count", "piece", 1075, 0, 2), ("SUM-1", "PPE-COV", "mass", "kg", 2, 500_000, 1),
         ("SUM-1", "PPE-N95", "count", "piece", 40, 0, 1)],
        [("SUM-1", "count", "piece", 2), ("SUM-1", "mass", "kg", 1)])

    lines = {line["line_no"]: line["id"] for line in shipment["lines"]}
    url = f"{API}/shipments/{shipment['id']}/lines"
    version = shipment["version"]

    def patch(line_no: int, change: dict) -> None:
        nonlocal version
        answer = staff.patch(f"{url}/{lines[line_no]}", json={**change, "version": version})
        assert answer.status_code == 200, answer.get_json()
        version = answer.get_json()["version"]

    patch(2, {"quantity": "0.75 t"})  # the amount
    patch(3, {"sku": "PPE-COV"})  # the item: 2 box of coveralls are 50 pieces
    patch(1, {"lot": "L-7"})  # a column the sums do not hold
    assert _sums(app) == (
        [("SUM-1", "PPE-COV", "count", "piece", 1125, 0, 3), ("SUM-1", "PPE-COV", "mass", "kg", 750, 0, 1)],
        [("SUM-1", "count", "piece", 1), ("SUM-1", "mass", "kg", 1)])

    patch(4, {"quantity": "0.5 kg"})  # counted goods now weighed: another dimension and base unit
    removed = staff.delete(f"{url}/{lines[2]}?version={version}")
    assert removed.status_code == 200, removed.get_json()
    assert _sums(app) == (
        [("SUM-1", "PPE-COV", "count", "piece", 1050, 0, 2), ("SUM-1", "PPE-COV", "mass", "kg", 0, 500_000, 1)],
        [("SUM-1", "count", "piece", 1), ("SUM-1", "mass", "kg", 1)])

    version = staff.get(f"{API}/shipments/{shipment['id']}").get_json()["version"]
    removed = staff.delete(f"{url}/{lines[4]}?version={version}")
    assert removed.status_code == 200, removed.get_json()
    assert _sums(app) == ([("SUM-1", "PPE-COV", "count", "piece", 1050, 0, 2)], [("SUM-1", "count", "piece", 1)])


@postgresql_only
def test_an_import_a_cascade_and_a_truncate_keep_the_sums(app, make):
    make.coverall()
    make.mask()
    make.org(name="Bratislava Hospital", country="SK")
    user, _ = make.user("staff")
    rows = [row(reference="IMP-1", line_no="1", sku="PPE-COV", quantity="1,000", unit="piece"),
            row(reference="IMP-1", line_no="2", sku="PPE-COV", quantity="0.001", unit="kg"),
            row(reference="IMP-1", line_no="3", sku="PPE-COV", quantity="1", unit="carton"),
            row(reference="IMP-2", line_no="1", sku="PPE-N95", quantity="7", unit="piece")]
    with app.app_context(), db.new_session(app) as session:
        report = import_file(session, Actor(user.id, Role.STAFF, None, user.email), io.BytesIO(csv_bytes(rows)),
                             "shipments.csv")
    assert report.shipments_created == 2, report
    assert _sums(app) == (
        [("IMP-1", "PPE-COV", "count", "piece", 1100, 0, 2), ("IMP-1", "PPE-COV", "mass", "kg", 0, 1000, 1),
         ("IMP-2", "PPE-N95", "count", "piece", 7, 0, 1)],
        [("IMP-1", "count", "piece", 1), ("IMP-1", "mass", "kg", 1), ("IMP-2", "count", "piece", 1)])

    with db.engine_of(app).begin() as connection:  # a shipment deleted: its lines go by cascade
        connection.execute(text("DELETE FROM shipments WHERE reference = 'IMP-1'"))
    assert _sums(app) == ([("IMP-2", "PPE-N95", "count", "piece", 7, 0, 1)], [("IMP-2", "count", "piece", 1)])

    with db.engine_of(app).begin() as connection:
        connection.execute(text("TRUNCATE shipment_lines CASCADE"))
    assert _sums(app) == ([], [])


@postgresql_only
def test_a_load_that_bypasses_the_triggers_shows_as_drift_until_rebuilt(app, make, runner):
    make.coverall()
    shipment = make.shipment(make.org(), [("PPE-COV", "10 piece")])
    assert runner.invoke(args=["db", "check-sums"]).output == "flow sums match the lines\n"
    engine = db.engine_of(app)
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(
            "INSERT INTO shipment_lines (shipment_id, line_no, item_id, quantity_value, quantity_unit,"
            " dimension, base_micro, base_unit, rounded) SELECT shipment_id, 2, item_id, '5', 'piece',"
            " dimension, 5000000, base_unit, false FROM shipment_lines WHERE shipment_id = :id"),
            {"id": shipment.id})
    with engine.connect() as connection:
        drift = flow_sums.drift(connection)
    assert drift == [("flow_sums_by_item", shipment.id, shipment.lines[0].item_id, "count", "piece",
                      ("10", "0", "1"), ("15", "0", "2"))]
    checked = runner.invoke(args=["db", "check-sums"])
    assert checked.exit_code == 1 and "run `logistics db check-sums --rebuild`" in checked.output, checked.output
    assert runner.invoke(args=["db", "check-sums", "--rebuild"]).output == "flow sums rebuilt from the lines\n"
    assert _sums(app) == ([(shipment.reference, "PPE-COV", "count", "piece", 15, 0, 2)],
                          [(shipment.reference, "count", "piece", 1)])


def test_checking_the_sums_on_sqlite_says_there_are_none(app, backend, runner):
    if backend == "sqlite":
        assert runner.invoke(args=["db", "check-sums"]).output == (
            "this database keeps no flow sums (reports read the lines)\n")
    else:
        assert runner.invoke(args=["db", "check-sums"]).output == "flow sums match the lines\n"


def _rows(session, actor: Actor, keys: list[str], dialect: str, **filters) -> list[dict]:
    """Return a report's rows by column name from the query one dialect's reports run (here, on PostgreSQL)."""
    arguments = {"period": None, "date_from": None, "date_to": None, "statuses": list(MOVED),
                 "date_basis": "planned", **filters}
    query = flow_query(actor, keys, arguments.pop("period"), arguments.pop("date_from"),
                       arguments.pop("date_to"), arguments.pop("statuses"), arguments.pop("date_basis"), dialect)
    return [{name: int(value) if isinstance(value, Decimal) else value for name, value in found._mapping.items()}
            for found in session.execute(query).all()]


GROUPINGS = [
    (["direction", "country"], None), (["kind"], None), (["counterparty"], None), (["period"], "quarter"),
    (["item"], None), (["category"], None), (["direction", "item", "period"], "month"),
    (["counterparty", "category", "period"], "year"), (["item", "category"], None),
]


@postgresql_only
@pytest.mark.parametrize("keys, period", GROUPINGS, ids=lambda value: ",".join(value) if isinstance(value, list) else (value or "-"))
def test_the_report_from_the_sums_equals_the_report_from_every_line(app, session, make, flow_data, keys, period):
    # more lines of the same items, units and shipments, so that sums hold several lines
    make.shipment(flow_data["brat"], [("COV", "5 piece"), ("COV", "7 piece"), ("COV", "0.5 kg"), ("GEL", "1 L"),
                                      ("N95", "3 piece")], "outbound", "received",
                  reference="REP-S11", planned_departure=date(2020, 4, 9))
    staff = Actor(1, Role.STAFF, None, "staff@example.org")
    partner = Actor(2, Role.PARTNER, flow_data["brat"].id, "brat@example.org")
    for actor, filters in ((staff, {}), (partner, {}),
                           (staff, {"date_from": date(2020, 2, 1), "date_to": date(2020, 11, 30)}),
                           (staff, {"date_basis": "actual", "statuses": [Status.RECEIVED.value]})):
        ours = _rows(session, actor, keys, "postgresql", period=period, **filters)
        every_line = _rows(session, actor, keys, "sqlite", period=period, **filters)
        assert ours == every_line, (actor.role, filters)
        assert ours or filters  # the data set gives every grouping rows


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_migration_fills_the_sums_from_the_lines_and_its_downgrade_removes_them(own_app, runner):
    app = own_app()
    engine = db.engine_of(app)
    migrate.downgrade(engine, "0022")
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0  # lines written without the trigger
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert flow_sums.drift(connection) == []
        filled = connection.execute(text("SELECT sum(lines) FROM flow_sums_by_item")).scalar_one()
        assert filled == connection.execute(text("SELECT count(*) FROM shipment_lines")).scalar_one() > 0
    migrate.downgrade(engine, "0022")
    with engine.connect() as connection:
        assert connection.execute(text(
            "SELECT to_regclass('flow_sums_by_item'), to_regclass('flow_sums_by_unit'),"
            " to_regprocedure('flow_sums_keep()'), to_regprocedure('flow_sums_clear()')")).one() == (
            None, None, None, None)
        assert connection.execute(text(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'flow_sums%'")).scalar_one() == 0
    migrate.upgrade(engine)


@postgresql_only
@pytest.mark.parametrize("round_", range(3))
def test_concurrent_writers_of_one_shipment_keep_the_sums(app, make, round_):
    # Half the writers remove an item's only line while the others add that item's first line again
    # (or another item's): the summary rows are deleted and made anew under each other's feet.
    from tests.race import THREADS, race

    make.coverall()
    make.mask()
    shipment = make.shipment(lines=(("PPE-COV", "1 piece"), ("PPE-N95", "1 piece")))
    with db.engine_of(app).connect() as connection:
        items = dict(connection.execute(text("SELECT sku, id FROM items")).all())

    def work(session, index):
        if index % 2 == 0:
            session.execute(text("DELETE FROM shipment_lines WHERE shipment_id = :s AND line_no = :n"),
                            {"s": shipment.id, "n": 1 + index % 4 // 2})
        else:
            session.execute(text(
                "INSERT INTO shipment_lines (shipment_id, line_no, item_id, quantity_value, quantity_unit,"
                " dimension, base_micro, base_unit, rounded)"
                " VALUES (:s, :n, :i, '3', 'piece', 'count', 3000000, 'piece', false)"),
                {"s": shipment.id, "n": 10 + index, "i": items["PPE-COV" if index % 4 == 1 else "PPE-N95"]})
        session.commit()

    outcomes = race(app, work, THREADS)

    assert outcomes == ["done"] * THREADS, outcomes
    _sums(app)  # checks the sums against the lines


@postgresql_only
def test_a_line_removed_while_the_sums_are_rebuilt_is_not_lost(app, make):
    # The rebuild counts the lines it sees; a line removed after that, before the rebuild commits,
    # must still come off the rebuilt sums (it waits for the rebuild, then takes itself off).
    import threading

    make.coverall()
    shipment = make.shipment(lines=(("PPE-COV", "1 piece"), ("PPE-COV", "2 piece")))
    engine = db.engine_of(app)
    outcome: list = []

    def remove():
        try:
            with engine.begin() as connection:
                connection.execute(text("DELETE FROM shipment_lines WHERE shipment_id = :s AND line_no = 1"),
                                   {"s": shipment.id})
            outcome.append("done")
        except Exception as error:  # noqa: BLE001 - shown by the assertion
            outcome.append(error)

    with engine.connect() as rebuilding:
        transaction = rebuilding.begin()
        flow_sums.rebuild(rebuilding)
        remover = threading.Thread(target=remove)
        remover.start()
        remover.join(0.5)  # it waits for the rebuild's transaction
        transaction.commit()
    remover.join(30)

    assert outcome == ["done"], outcome
    by_item, _ = _sums(app)  # checks the sums against the lines
    assert [found[4:] for found in by_item] == [(2, 0, 1)]
