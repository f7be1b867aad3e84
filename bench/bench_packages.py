"""Benchmark: one bulk request of 10,000 packages (200 pallets of 49 cartons), against the bare inserts.

Run: .venv/bin/python bench/bench_packages.py [--backend sqlite,postgresql] [--rounds 3]

For each backend a fresh migrated database gets the demo's coverall, a partner and a staff token.
Each round makes a new draft shipment of one line (200 x 49 x 4 box of coveralls) and times:
  ours   POST /api/v1/shipments/<ref>/packages through the app (test client): the schema, the
         shipment's lock, contents measured and checked against the line, 10,000 numbers (SSCCs
         with --prefix), the rows and their audit entries written in bulk, the answer listing all
         10,000 packages with contents, unpacked lines, counts and totals;
  floor  the same 10,000 package rows and 9,800 content rows written by two bare executemany
         INSERTs in one transaction (no checks, no numbers taken, no audit, no answer);
  list   GET of the same shipment's packages (read and serialised).
The best round of each counts; ratio = ours / floor.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from throwaway import ThrowawayDatabase, postgres_reachable

PALLETS, CARTONS = 200, 49
BODY = {"type": "pallet", "count": PALLETS, "gross_mass": "740 kg", "dimensions_mm": [1200, 800, 2000],
        "children": [{"type": "carton", "count": CARTONS, "gross_mass": "14.6 kg",
                      "contents": [{"line_no": 1, "quantity": "4 box"}]}]}


def run(backend: str, rounds: int, prefix: str | None) -> None:
    """Time ours, the floor and the list on one backend; print the best of each and the ratio."""
    from logistics import create_app, db
    from logistics.domain.access import SYSTEM
    from logistics.domain.items import CreateItem, PackSpec
    from logistics.domain.organizations import CreateOrganization, OrgKind
    from logistics.domain.roles import Role
    from logistics.domain.shipments import AddLine, CreateShipment, Place
    from logistics.domain.users import CreateUser, IssueToken
    from logistics.domain.workflow import Direction, Kind
    from logistics.models import Package, PackageContent
    from logistics.models.types import utcnow
    from logistics.services import items, organizations, shipments, users
    from logistics.services.bulk import new_ids
    from logistics.units import parse_quantity

    database = ThrowawayDatabase(backend, Path(tempfile.mkdtemp()))
    try:
        app = create_app({"DATABASE_URL": database.url, "SECRET_KEY": "bench" * 8, "AUTO_MIGRATE": False,
                          "GS1_COMPANY_PREFIX": prefix})
        with app.app_context(), db.new_session(app) as session:
            items.create_item(session, SYSTEM, CreateItem(
                sku="PPE-COV", name="Coverall", base_unit="piece", unit_mass=parse_quantity("0.35 kg"),
                packs=(PackSpec("box", parse_quantity("25 piece")), PackSpec("carton", parse_quantity("4 box")))))
            partner = organizations.create_organization(session, SYSTEM, CreateOrganization(
                name="Nemocnica Nitra", country="SK", kind=OrgKind.RECIPIENT))
            staff = users.create_user(session, SYSTEM, CreateUser(email="staff@example.org", role=Role.STAFF))
            _, token = users.issue_token(session, SYSTEM, staff.id, IssueToken())

            def shipment():
                return shipments.create_shipment(session, SYSTEM, CreateShipment(
                    direction=Direction.OUTBOUND, kind=Kind.DONATION, counterparty_id=partner.id,
                    origin=Place("CN"), destination=Place("SK"),
                    lines=(AddLine(sku="PPE-COV", quantity=parse_quantity(f"{PALLETS * CARTONS * 4} box")),)))

            client = app.test_client()
            headers = {"Authorization": f"Bearer {token}"}
            best = {"ours": float("inf"), "floor": float("inf"), "list": float("inf")}
            for _ in range(rounds):
                reference = shipment().reference
                start = time.perf_counter()
                response = client.post(f"/api/v1/shipments/{reference}/packages", json=BODY, headers=headers)
                best["ours"] = min(best["ours"], time.perf_counter() - start)
                assert response.status_code == 201, response.get_json()
                assert len(response.get_json()["packages"]) == PALLETS * (1 + CARTONS)
                start = time.perf_counter()
                listed = client.get(f"/api/v1/shipments/{reference}/packages", headers=headers)
                best["list"] = min(best["list"], time.perf_counter() - start)
                assert listed.status_code == 200

                floor = shipment()
                line_id, now = floor.lines[0].id, utcnow()
                start = time.perf_counter()
                ids = new_ids(session, Package, PALLETS * (1 + CARTONS))
                rows, contents, position = [], [], 0
                for _pallet in range(PALLETS):
                    pallet_id = ids[position]
                    rows.append({"id": pallet_id, "shipment_id": floor.id, "parent_id": None, "type_id": 1,
                                 "number": f"F-{pallet_id}", "created_at": now})
                    position += 1
                    for _carton in range(CARTONS):
                        carton_id = ids[position]
                        position += 1
                        rows.append({"id": carton_id, "shipment_id": floor.id, "parent_id": pallet_id,
                                     "type_id": 2, "number": f"F-{carton_id}", "created_at": now})
                        contents.append({"package_id": carton_id, "shipment_id": floor.id, "line_id": line_id,
                                         "quantity_value": "4", "quantity_unit": "box", "base_micro": 100 * 10**6})
                connection = session.connection()
                connection.execute(insert(Package.__table__), rows)
                connection.execute(insert(PackageContent.__table__), contents)
                session.commit()
                best["floor"] = min(best["floor"], time.perf_counter() - start)
        db.engine_of(app).dispose()
        print(f"{backend:10} ours {best['ours']:.2f} s  floor {best['floor']:.2f} s  "
              f"ratio {best['ours'] / best['floor']:.1f}  list {best['list']:.2f} s"
              f"  ({PALLETS * (1 + CARTONS):,} packages{', SSCCs' if prefix else ''})")
    finally:
        database.drop()


def main() -> None:
    """Parse the options and run each backend."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite,postgresql")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--prefix", help="a GS1 company prefix: number the packages with SSCCs")
    args = parser.parse_args()
    for backend in args.backend.split(","):
        if backend == "postgresql" and (why := postgres_reachable()):
            print(f"postgresql skipped: {why}")
            continue
        run(backend, args.rounds, args.prefix)


if __name__ == "__main__":
    main()
