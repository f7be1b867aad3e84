"""Package numbers on the real databases: SSCCs under a company prefix, concurrent allocation, the setting."""
from __future__ import annotations

import pytest
from sqlmodel import select
from stdnum import ean

from logistics import db
from logistics.config import ConfigurationError, from_environment
from logistics.domain.access import SYSTEM
from logistics.domain.packages import AddPackages, ContentSpec, PackageSpec
from logistics.models import Package
from logistics.services import packages
from logistics.units import parse_quantity
from tests.race import THREADS, race

API = "/api/v1"
PREFIX = "4012345"
EACH = 25


def test_with_a_company_prefix_every_package_gets_an_sscc_as_its_number(app, make, monkeypatch):
    make.coverall()
    staff = make.api("staff")
    shipment = make.shipment()
    monkeypatch.setitem(app.config, "GS1_COMPANY_PREFIX", PREFIX)
    body = staff.post(f"{API}/shipments/{shipment.reference}/packages",
                      json={"type": "pallet", "children": [{"type": "carton", "count": 2}]}).get_json()
    numbers = [p["number"] for p in body["packages"]]
    assert numbers == [f"0{PREFIX}00000000{serial}" + ean.calc_check_digit(f"0{PREFIX}00000000{serial}")
                       for serial in (0, 1, 2)]
    assert all(p["sscc"] == p["number"] for p in body["packages"])
    assert staff.get(f"{API}/packages/(00) {numbers[1]}").get_json()["type"] == "carton"


def test_an_sscc_already_on_a_package_is_refused_with_409(make):
    make.coverall()
    staff = make.api("staff")
    shipment = make.shipment()
    url = f"{API}/shipments/{shipment.reference}/packages"
    assert staff.post(url, json={"type": "crate", "sscc": "340123450000000017"}).status_code == 201
    again = staff.post(url, json={"type": "crate", "sscc": "340123450000000017"})
    assert again.status_code == 409 and "sscc" in again.get_json()["errors"]
    assert len(staff.get(url).get_json()["packages"]) == 1


def test_concurrent_bulk_creations_never_share_an_sscc_or_a_serial(app, make):
    make.coverall()
    shipments = [make.shipment() for _ in range(THREADS)]

    def create(session, index):
        packages.add_packages(session, SYSTEM, shipments[index].reference,
                              AddPackages(PackageSpec("carton", EACH)), PREFIX)

    outcomes = race(app, create)
    assert outcomes == ["done"] * THREADS
    with db.new_session(app) as session:
        ssccs = session.exec(select(Package.sscc)).all()
    serials = sorted(int(sscc[8:17]) for sscc in ssccs)
    assert serials == list(range(THREADS * EACH))  # each serial once, none skipped


def test_concurrent_packers_never_overfill_a_line(app, make):
    make.coverall()
    shipment = make.shipment(lines=(("PPE-COV", "10 box"),))

    def pack(session, index):
        packages.add_packages(session, SYSTEM, shipment.reference, AddPackages(
            PackageSpec("carton", 1, contents=(ContentSpec(1, parse_quantity("4 box")),))))

    outcomes = [o if o == "done" else type(o).__name__ for o in race(app, pack)]
    assert outcomes.count("done") == 2, outcomes  # 2 x 4 box of 10; a third would overfill
    assert set(outcomes) == {"done", "Invalid"}


@pytest.mark.parametrize("prefix", ["12345", "12345678901", "40l2345", "４０１２３４５"])
def test_a_bad_company_prefix_stops_the_start_saying_what_is_wanted(prefix):
    with pytest.raises(ConfigurationError, match="7 to 10 digits"):
        from_environment({"LOGISTICS_GS1_COMPANY_PREFIX": prefix})
    assert from_environment({"LOGISTICS_GS1_COMPANY_PREFIX": " 4012345 "})["GS1_COMPANY_PREFIX"] == "4012345"
