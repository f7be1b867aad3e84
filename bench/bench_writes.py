"""Benchmark: what a status change costs now that the worker writes its notifications from the event.

Run: .venv/bin/python bench/bench_writes.py [--backend sqlite,postgresql] [--shipments 200]

For each backend it migrates a fresh database, makes SHIPMENTS draft shipments of three lines to a
hospital with two partner contacts and its own address, followed by a manager (each confirmation
tells four people), then confirms them through the app (POST /api/v1/shipments/<ref>/events with
a staff token, Flask's test client, in this process), alternating:
  change            the request alone (what the caller waits for now; its event is left pending)
  change + fan-out  the request, then the worker's fan-out of its event in this process (who is
                    concerned, four messages composed and written): the work the request itself
                    did when the outbox was written in its transaction
Figures: median wall milliseconds and mean CPU milliseconds of each, and the ratio change /
(change + fan-out), both measured in the same run.
"""
from __future__ import annotations

import argparse
import statistics
import time

from throwaway import each_backend


def fill(url: str, count: int) -> tuple[str, list[tuple[str, int]]]:
    """Create the people and the shipments; return (a staff token, [(reference, version)])."""
    from logistics import create_app, db
    from logistics.domain.access import SYSTEM, Actor
    from logistics.domain.items import CreateItem, PackSpec
    from logistics.domain.organizations import CreateOrganization, OrgKind
    from logistics.domain.roles import Role
    from logistics.domain.shipments import AddLine, CreateShipment, Place
    from logistics.domain.users import CreateUser, IssueToken
    from logistics.domain.workflow import Direction, Kind
    from logistics.services import follows, items, organizations, shipments, users
    from logistics.units import parse_quantity

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "AUTO_MIGRATE": False})
    made = []
    with app.app_context(), db.new_session(app) as session:
        items.create_item(session, SYSTEM, CreateItem(
            sku="PPE-COV", name="Medical protective coverall", base_unit="piece",
            unit_mass=parse_quantity("0.35 kg"),
            packs=(PackSpec("box", parse_quantity("25 piece")), PackSpec("carton", parse_quantity("4 box")))))
        hospital = organizations.create_organization(session, SYSTEM, CreateOrganization(
            name="Nemocnica Košice", country="SK", kind=OrgKind.RECIPIENT, email="sklad@nemocnica.example"))
        for name in ("anna", "jan"):
            users.create_user(session, SYSTEM, CreateUser(email=f"{name}@nemocnica.example", role=Role.PARTNER,
                                                          organization_id=hospital.id))
        staff = users.create_user(session, SYSTEM, CreateUser(email="staff@example.org", role=Role.STAFF))
        manager = users.create_user(session, SYSTEM, CreateUser(email="manager@example.org", role=Role.MANAGER))
        follower = Actor(manager.id, Role.MANAGER, None, manager.email)
        _, token = users.issue_token(session, SYSTEM, staff.id, IssueToken())
        for _ in range(count):
            shipment = shipments.create_shipment(session, SYSTEM, CreateShipment(
                direction=Direction.OUTBOUND, kind=Kind.DONATION, counterparty_id=hospital.id,
                origin=Place("CN", "Cangzhou"), destination=Place("SK", "Košice"),
                lines=tuple(AddLine(sku="PPE-COV", quantity=parse_quantity(q))
                            for q in ("12 carton", "2400 piece", "350 kg"))))
            follows.set_following(session, follower, shipment.reference, True)
            made.append((shipment.reference, shipment.version))
    db.engine_of(app).dispose()
    return token, made


def measure(url: str, token: str, shipments: list[tuple[str, int]]) -> dict[str, tuple[float, float]]:
    """Confirm the shipments, alternating the two cases; return (median wall ms, mean CPU ms) of each."""
    from sqlalchemy import func, select

    from logistics import create_app, db
    from logistics.models import Notification
    from logistics.services.fan_out import fan_out_one

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "AUTO_MIGRATE": False, "LOG_LEVEL": "WARNING"})
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    wall: dict[str, list[float]] = {"change": [], "change + fan-out": []}
    cpu: dict[str, list[float]] = {"change": [], "change + fan-out": []}
    with app.app_context(), db.new_session(app) as session:
        for number, (reference, version) in enumerate(shipments):
            case = "change" if number % 2 else "change + fan-out"
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.post(f"/api/v1/shipments/{reference}/events", json={"status": "confirmed"},
                                   headers={**headers, "If-Match": f'"{version}"'})
            if case != "change":
                assert fan_out_one(session)
            wall[case].append((time.perf_counter() - start) * 1000)
            cpu[case].append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 201, response.get_json()
            if case == "change":
                assert fan_out_one(session)  # outside the timing: the next case starts with none pending
        written = session.execute(select(func.count()).select_from(Notification)).scalar_one()
    assert written == 4 * len(shipments), written
    db.engine_of(app).dispose()
    return {case: (statistics.median(wall[case]), statistics.fmean(cpu[case])) for case in wall}


def main() -> None:
    """Run the benchmark on each backend asked for and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", default="sqlite,postgresql")
    parser.add_argument("--shipments", type=int, default=200)
    args = parser.parse_args()
    for backend, database, _folder in each_backend(args.backend, "bench-writes"):
        token, shipments = fill(database.url, args.shipments)
        result = measure(database.url, token, shipments)
        print(f"{backend}, {args.shipments} confirmations, four people told of each:")
        for case, (wall, cpu) in result.items():
            print(f"  {case:18} {wall:7.2f} ms wall (median), {cpu:7.2f} ms CPU (mean)")
        ratio_wall = result["change"][0] / result["change + fan-out"][0]
        ratio_cpu = result["change"][1] / result["change + fan-out"][1]
        print(f"  ratio change / (change + fan-out): {ratio_wall:.2f} wall, {ratio_cpu:.2f} CPU")


if __name__ == "__main__":
    main()
