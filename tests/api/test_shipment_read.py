"""Reading one shipment: a plain connection of its own, and answers kept by their rows never go stale.

The API keeps the JSON answer of a read by the rows it was made of, the reader and the public
address (api/shipments.py). Here every kind of change a reader could see is made between two
reads, through the API as a client would, and the second read must show it; readers of
different kinds reading the same rows get their own answers. Both backends.
"""
from __future__ import annotations

from sqlalchemy import event

from logistics import db

API = "/api/v1"


def _ok(response, status: int = 200) -> dict:
    body = response.get_json(silent=True)
    assert response.status_code == status, (response.status_code, body)
    return body


def test_a_read_answers_what_changed_since_the_last_read_of_the_same_shipment(app, make):
    make.coverall()
    partner_org = make.org(name="Nemocnica Nitra")
    shipment = make.shipment(counterparty=partner_org, lines=[("PPE-COV", "2 carton")])
    staff = make.api("staff")
    path = f"{API}/shipments/{shipment.reference}"
    first = _ok(staff.get(path))
    assert _ok(staff.get(path)) == first  # read twice, the same answer

    item_id = first["lines"][0]["item_id"]
    _ok(staff.patch(f"{API}/items/{item_id}", json={"name": "Coverall, type 4"}))
    renamed = _ok(staff.get(path))
    assert renamed["lines"][0]["name"] == "Coverall, type 4"
    assert renamed["totals"]["items"][0]["name"] == "Coverall, type 4"
    assert renamed["version"] == first["version"]  # the item changed, not the shipment

    _ok(staff.patch(f"{API}/organizations/{partner_org.id}", json={"name": "Fakultná nemocnica Nitra"}))
    assert _ok(staff.get(path))["counterparty"]["name"] == "Fakultná nemocnica Nitra"

    response = staff.patch(path, json={"carrier": "DHL"}, headers={"If-Match": f'"{first["version"]}"'})
    edited = _ok(response)
    again = staff.get(path)
    assert _ok(again) == edited and again.headers["ETag"] == f'"{edited["version"]}"'
    assert edited["carrier"] == "DHL" and edited["version"] == first["version"] + 1

    line = edited["lines"][0]
    _ok(staff.patch(f"{path}/lines/{line['id']}", json={"quantity": "3 carton"},
                    headers={"If-Match": f'"{edited["version"]}"'}))
    assert _ok(staff.get(path))["lines"][0]["quantity"] == {"value": "3", "unit": "carton"}

    moved = _ok(staff.post(f"{path}/events", json={"status": "confirmed"},
                           headers={"If-Match": f'"{edited["version"] + 1}"'}), 201)["shipment"]
    read = _ok(staff.get(path))
    assert read["status"] == "confirmed" and read["allowed_next"] == moved["allowed_next"]


def test_readers_of_the_same_shipment_get_their_own_answers(app, make):
    make.coverall()
    partner_org = make.org()
    shipment = make.shipment(counterparty=partner_org, status="confirmed")
    staff, partner = make.api("staff"), make.api("partner", partner_org)
    path = f"{API}/shipments/{shipment.reference}"
    for _ in range(2):  # whichever reads first, each keeps its own answer
        by_staff, by_partner = _ok(staff.get(path)), _ok(partner.get(path))
        assert by_staff["tracking_url"] and by_partner["tracking_url"] is None
        assert by_staff["allowed_next"] != by_partner["allowed_next"]
        assert {key: value for key, value in by_staff.items() if key not in ("tracking_url", "allowed_next")} == \
            {key: value for key, value in by_partner.items() if key not in ("tracking_url", "allowed_next")}
    # Another partner reads the same reference: not found, whatever was kept for the first.
    _ok(make.api("partner", make.org()).get(path), 404)


def test_a_read_goes_through_one_plain_connection_and_makes_no_session(app, make):
    make.coverall()
    shipment = make.shipment()
    staff = make.api("staff")
    checkouts, sessions = [], []
    engine, factory = db.engine_of(app), app.extensions["logistics.sessions"]

    def count_checkout(*_args):
        checkouts.append(1)

    def count_session(*args, **kwargs):  # the app's own session factory, counted
        sessions.append(1)
        return factory(*args, **kwargs)

    event.listen(engine, "checkout", count_checkout)
    app.extensions["logistics.sessions"] = count_session  # the app fixture restores its extensions
    try:
        _ok(staff.get(f"{API}/shipments/{shipment.reference}"))
        _ok(staff.get(f"{API}/shipments/{shipment.reference}"))  # a kept answer: the same path
        assert (len(checkouts), len(sessions)) == (2, 0)  # the token check and the read share one
        _ok(staff.get(f"{API}/shipments/{shipment.reference}/events"))  # other views: a session
        assert len(sessions) == 1
    finally:
        event.remove(engine, "checkout", count_checkout)
        app.extensions["logistics.sessions"] = factory


def test_a_large_shipment_is_read_afresh_and_the_same(app, make):
    from logistics.api.shipments import ANSWER_MOST_ROWS

    make.coverall()
    shipment = make.shipment(lines=[("PPE-COV", f"{n} piece") for n in range(1, ANSWER_MOST_ROWS + 3)])
    staff = make.api("staff")
    path = f"{API}/shipments/{shipment.reference}"
    first = _ok(staff.get(path))
    assert len(first["lines"]) == ANSWER_MOST_ROWS + 2
    assert _ok(staff.get(path)) == first
