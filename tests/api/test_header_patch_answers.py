"""A header PATCH answers with the shipment as it now stands, not as it was read before the change."""
from __future__ import annotations

API = "/api/v1"


def test_a_patched_counterparty_is_the_one_in_the_answer(make):
    make.coverall()
    staff = make.api("staff")
    nitra = make.org(name="Nitra Hospital")
    lodz = make.org(name="Lodz Hospital", country="PL")
    made = make.shipment(counterparty=nitra, lines=[("PPE-COV", "4 box")])
    read = staff.get(f"{API}/shipments/{made.id}")

    response = staff.patch(f"{API}/shipments/{made.id}", json={"counterparty_id": lodz.id},
                           headers={"If-Match": read.headers["ETag"]})

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["counterparty"] == {"id": lodz.id, "name": "Lodz Hospital", "country": "PL"}
    assert staff.get(f"{API}/shipments/{made.id}").get_json()["counterparty"]["id"] == lodz.id
