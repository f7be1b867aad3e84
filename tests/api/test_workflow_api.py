"""The status workflow through the API: transitions, checkpoints, receipt, line edits, references."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.answers import expect

API = "/api/v1"
STATUSES = ["draft", "confirmed", "in_transit", "delivered", "received", "cancelled"]
NEXT = {"draft": ["confirmed", "cancelled"], "confirmed": ["in_transit", "cancelled"],
        "in_transit": ["delivered"], "delivered": ["received"], "received": [], "cancelled": []}
ALLOWED = [(current, target) for current, targets in NEXT.items() for target in targets]
REFUSED = [(current, target) for current in STATUSES for target in STATUSES
           if target not in NEXT[current]]


def _version(how: str, version: int) -> dict:
    """Return request keyword arguments that state the version one way or the other."""
    if how == "if-match":
        return {"headers": {"If-Match": f'"{version}"'}, "body": {}}
    return {"headers": {}, "body": {"version": version}}


def _post_event(api, key, body: dict, version: int, how: str = "if-match"):
    given = _version(how, version)
    return api.post(f"{API}/shipments/{key}/events", json={**body, **given["body"]},
                    headers=given["headers"])


def _state(api, key) -> tuple[dict, list]:
    """Return the shipment and its history, to show that a refused request changed nothing."""
    return (expect(api.get(f"{API}/shipments/{key}"), 200),
            expect(api.get(f"{API}/shipments/{key}/events"), 200))


def _aware(timestamp: str) -> datetime:
    moment = datetime.fromisoformat(timestamp)
    assert moment.tzinfo is not None and moment.utcoffset() == timedelta(0), timestamp
    return moment


@pytest.fixture
def staff(make):
    """Return a staff client, with the demo's coverall and mask in the catalogue."""
    make.coverall()
    make.mask()
    return make.api("staff")


# --- transitions ----------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["if-match", "body"])
@pytest.mark.parametrize("current, target", ALLOWED)
def test_every_allowed_transition_moves_the_shipment_and_appends_an_event(
        make, staff, current, target, how):
    shipment = make.shipment(status=current)
    me = expect(staff.get(f"{API}/me"), 200)
    before, history = _state(staff, shipment.id)
    assert before["allowed_next"] == NEXT[current]

    result = expect(_post_event(staff, shipment.id, {"status": target}, before["version"], how), 201)
    assert result["shipment"]["status"] == target
    assert result["shipment"]["version"] == before["version"] + 1
    assert result["shipment"]["allowed_next"] == NEXT[target]
    after, events = _state(staff, shipment.id)
    assert after == result["shipment"]
    assert len(events) == len(history) + 1
    event = events[-1]
    assert event == result["event"]
    assert (event["kind"], event["from_status"], event["to_status"]) == ("transition", current, target)
    assert event["actor_id"] == me["id"]
    assert _aware(event["occurred_at"]) >= _aware(history[-1]["occurred_at"])


def test_a_shipment_walks_from_draft_to_received_and_its_history_lists_every_step(make, staff):
    shipment = make.shipment()
    version = 1
    for target in ["confirmed", "in_transit", "delivered", "received"]:
        version = expect(_post_event(staff, shipment.reference, {"status": target}, version),
                          201)["shipment"]["version"]
    events = expect(staff.get(f"{API}/shipments/{shipment.reference}/events"), 200)
    assert [(e["kind"], e["from_status"], e["to_status"]) for e in events] == [
        ("created", None, "draft"), ("transition", "draft", "confirmed"),
        ("transition", "confirmed", "in_transit"), ("transition", "in_transit", "delivered"),
        ("transition", "delivered", "received")]
    moments = [_aware(e["occurred_at"]) for e in events]
    assert moments == sorted(moments)
    assert version == 5


@pytest.mark.parametrize("current, target", REFUSED)
def test_every_refused_transition_is_a_409_naming_the_allowed_statuses_and_changes_nothing(
        make, staff, current, target):
    shipment = make.shipment(status=current)
    before = _state(staff, shipment.id)
    body = expect(_post_event(staff, shipment.id, {"status": target}, before[0]["version"]), 409)
    message = body["message"]
    assert current in message
    for allowed in NEXT[current]:
        assert allowed in message
    if not NEXT[current]:
        assert "final" in message or "none" in message
    assert "status" in body["errors"]
    assert _state(staff, shipment.id) == before


@pytest.mark.parametrize("current", STATUSES)
def test_cancel_is_allowed_from_draft_and_confirmed_only(make, staff, current):
    shipment = make.shipment(status=current)
    before = _state(staff, shipment.id)
    response = _post_event(staff, shipment.id, {"status": "cancelled", "note": "donor withdrew"},
                           before[0]["version"])
    if current in ("draft", "confirmed"):
        result = expect(response, 201)
        assert result["shipment"]["status"] == "cancelled"
        assert result["shipment"]["allowed_next"] == []
        assert result["event"]["note"] == "donor withdrew"
    else:
        expect(response, 409)
        assert _state(staff, shipment.id) == before


def test_a_shipment_without_lines_cannot_be_confirmed(make, staff):
    shipment = make.shipment(lines=())
    before = _state(staff, shipment.id)
    body = expect(_post_event(staff, shipment.id, {"status": "confirmed"}, 1), 422)
    assert body["message"] and "status" in body["errors"]
    assert _state(staff, shipment.id) == before


# --- checkpoints ----------------------------------------------------------------------------

CHECKPOINTS = [
    {"location": "Małaszewicze border crossing"},
    {"note": "customs inspection passed"},
    {"location": "Vienna", "note": "reloaded to truck", "tracking_number": "AT-77"},
]


@pytest.mark.parametrize("status", ["draft", "in_transit", "delivered"])
@pytest.mark.parametrize("checkpoint", CHECKPOINTS)
def test_a_checkpoint_is_recorded_without_changing_the_status(make, staff, status, checkpoint):
    shipment = make.shipment(status=status)
    before, history = _state(staff, shipment.id)
    result = expect(_post_event(staff, shipment.id, checkpoint, before["version"]), 201)
    event = result["event"]
    assert (event["kind"], event["from_status"], event["to_status"]) == ("checkpoint", None, None)
    assert event["location"] == checkpoint.get("location")
    assert event["note"] == checkpoint.get("note")
    after, events = _state(staff, shipment.id)
    assert after["status"] == status
    assert after["version"] == before["version"] + 1
    assert events == history + [event]
    if "tracking_number" in checkpoint:
        assert after["tracking_number"] == checkpoint["tracking_number"]


@pytest.mark.parametrize("checkpoint", [
    {}, {"tracking_number": "AT-77"}, {"location": "   "}, {"note": ""}, {"location": None, "note": None},
])
def test_a_checkpoint_without_location_or_note_is_422_and_changes_nothing(make, staff, checkpoint):
    shipment = make.shipment(status="in_transit")
    before = _state(staff, shipment.id)
    body = expect(_post_event(staff, shipment.id, checkpoint, before[0]["version"]), 422)
    assert body["message"]
    assert _state(staff, shipment.id) == before


# --- receipt --------------------------------------------------------------------------------

RECEIPTS = [
    ("90 piece", "10 torn in transit", {"value": "90", "unit": "piece"}, "90", "-10"),
    ("0 piece", "lost", {"value": "0", "unit": "piece"}, "0", "-100"),
    ("4 box", None, {"value": "4", "unit": "box"}, "100", "0"),
    ("110 pcs", "extra box", {"value": "110", "unit": "piece"}, "110", "10"),
    ({"value": "99", "unit": "piece"}, None, {"value": "99", "unit": "piece"}, "99", "-1"),
]
REASONS = {"-10": "damaged", "-100": "other", "0": None, "10": "over", "-1": "short"}


@pytest.mark.parametrize("quantity, note, received, normalized, discrepancy", RECEIPTS)
def test_receiving_records_each_lines_quantity_and_discrepancy(
        make, staff, quantity, note, received, normalized, discrepancy):
    shipment = make.shipment(lines=[("PPE-COV", "100 piece"), ("PPE-N95", "2 box")], status="delivered")
    before = expect(staff.get(f"{API}/shipments/{shipment.id}"), 200)
    coverall, mask = before["lines"]
    entry = {"line_id": coverall["id"], "quantity": quantity, **({"note": note} if note else {}),
             "reason": REASONS[discrepancy]}
    result = expect(_post_event(staff, shipment.id, {"status": "received", "received": [entry]},
                                 before["version"]), 201)
    after = expect(staff.get(f"{API}/shipments/{shipment.id}"), 200)
    assert after == result["shipment"] and after["status"] == "received"
    line = after["lines"][0]
    assert line["received"] == {**received, "normalized": {"value": normalized, "unit": "piece"}}
    assert line["discrepancy"] == {"value": discrepancy, "unit": "piece"}
    assert line["received_note"] == note
    assert line["received_reason"] == REASONS[discrepancy]
    assert line["over_receipt"] is (discrepancy == "10")
    assert line["quantity"] == coverall["quantity"]
    unlisted = after["lines"][1]
    assert unlisted["received"] == {"value": "2", "unit": "box",
                                    "normalized": {"value": "40", "unit": "piece"}}
    assert unlisted["discrepancy"] == {"value": "0", "unit": "piece"}


def test_receiving_without_quantities_counts_every_line_as_received_in_full(make, staff):
    shipment = make.shipment(lines=[("PPE-COV", "14.5 t"), ("PPE-N95", "400 piece")], status="delivered")
    result = expect(_post_event(staff, shipment.id, {"status": "received"}, shipment.version), 201)
    assert [line["discrepancy"] for line in result["shipment"]["lines"]] == [
        {"value": "0", "unit": "kg"}, {"value": "0", "unit": "piece"}]
    assert result["shipment"]["lines"][0]["received"]["normalized"] == {"value": "14500", "unit": "kg"}


def test_a_line_sent_by_mass_is_received_by_mass(make, staff):
    shipment = make.shipment(lines=[("PPE-COV", "14.5 t")], status="delivered")
    line_id = shipment.lines[0].id
    result = expect(_post_event(staff, shipment.id, {"status": "received", "received": [
        {"line_id": line_id, "quantity": "14000 kg", "reason": "short"}]}, shipment.version), 201)
    assert result["shipment"]["lines"][0]["discrepancy"] == {"value": "-500", "unit": "kg"}


def _one(line: int, quantity):
    """Return a receipt of one entry for the shipment's line at this position."""
    return lambda ids: [{"line_id": ids[line], "quantity": quantity}]


QUANTITY_0, LINE_ID_0 = ("received", "0", "quantity"), ("received", "0", "line_id")
REFUSED_RECEIPTS = [
    ("kg for a piece line", _one(0, "35 kg"), QUANTITY_0),
    ("litres for a piece line", _one(0, "2 L"), QUANTITY_0),
    ("pieces for a mass line", _one(1, "100 piece"), QUANTITY_0),
    ("unknown line", lambda ids: [{"line_id": 987654, "quantity": "90 piece"}], LINE_ID_0),
    ("line listed twice", lambda ids: _one(0, "90 piece")(ids) + _one(0, "10 piece")(ids),
     ("received", "1", "line_id")),
    ("negative", _one(0, "-5 piece"), QUANTITY_0),
    ("half a piece", _one(0, "89.5 piece"), QUANTITY_0),
    ("not a quantity", _one(0, "abc"), QUANTITY_0),
    ("a float", _one(0, 90.0), QUANTITY_0),
    ("no quantity", lambda ids: [{"line_id": ids[0]}], QUANTITY_0),
    ("line id as a string", lambda ids: [{"line_id": str(ids[0]), "quantity": "9 piece"}], LINE_ID_0),
    ("received with another status", None, ("received",)),
]


def _field_error(body: dict, path: tuple) -> list:
    """Return the messages at a field path, whether marshmallow (under "json") or a service said it."""
    errors = body["errors"].get("json", body["errors"])
    for key in path:
        errors = errors[key]
    return errors


@pytest.mark.parametrize("received, path", [case[1:] for case in REFUSED_RECEIPTS],
                         ids=[case[0] for case in REFUSED_RECEIPTS])
def test_a_refused_receipt_is_422_naming_the_field_and_changes_nothing(make, staff, received, path):
    status = "in_transit" if received is None else "delivered"
    shipment = make.shipment(lines=[("PPE-COV", "100 piece"), ("PPE-COV", "1 t")], status=status)
    before = _state(staff, shipment.id)
    if received is None:
        body = {"status": "delivered",
                "received": [{"line_id": shipment.lines[0].id, "quantity": "1 piece"}]}
    else:
        body = {"status": "received", "received": received([line.id for line in shipment.lines])}
    error = expect(_post_event(staff, shipment.id, body, before[0]["version"]), 422)
    assert error["message"]
    assert _field_error(error, path)
    assert _state(staff, shipment.id) == before


# --- lines ----------------------------------------------------------------------------------

def _line_request(api, operation: str, shipment: dict):
    key, line, version = shipment["id"], shipment["lines"][0]["id"], shipment["version"]
    if operation == "add":
        return api.post(f"{API}/shipments/{key}/lines",
                        json={"sku": "PPE-N95", "quantity": "3 box", "lot": "L-7", "version": version})
    if operation == "change":
        return api.patch(f"{API}/shipments/{key}/lines/{line}",
                         json={"quantity": "4 box", "lot": "L-8"}, headers={"If-Match": f'"{version}"'})
    return api.delete(f"{API}/shipments/{key}/lines/{line}?version={version}")


@pytest.mark.parametrize("status", ["draft", "confirmed"])
@pytest.mark.parametrize("operation, code", [("add", 201), ("change", 200), ("remove", 200)])
def test_lines_are_added_changed_and_removed_while_draft_or_confirmed(make, staff, status, operation, code):
    shipment = make.shipment(lines=[("PPE-COV", "100 piece"), ("PPE-COV", "1 t")], status=status)
    before = expect(staff.get(f"{API}/shipments/{shipment.id}"), 200)
    result = expect(_line_request(staff, operation, before), code)
    after = expect(staff.get(f"{API}/shipments/{shipment.id}"), 200)
    assert after == result and after["version"] == before["version"] + 1
    lines = after["lines"]
    if operation == "add":
        assert [line["line_no"] for line in lines] == [1, 2, 3]
        added = lines[2]
        assert (added["sku"], added["quantity"], added["normalized"]["value"], added["lot"]) == (
            "PPE-N95", {"value": "3", "unit": "box"}, "60", "L-7")
    elif operation == "change":
        assert (lines[0]["quantity"], lines[0]["normalized"]["value"], lines[0]["lot"]) == (
            {"value": "4", "unit": "box"}, "100", "L-8")
    else:
        assert [line["line_no"] for line in lines] == [2]
    assert after["totals"]["line_count"] == len(lines)


@pytest.mark.parametrize("status", ["in_transit", "delivered", "received", "cancelled"])
@pytest.mark.parametrize("operation", ["add", "change", "remove"])
def test_lines_cannot_change_once_the_shipment_has_left_and_nothing_changes(make, staff, status, operation):
    shipment = make.shipment(lines=[("PPE-COV", "100 piece")], status=status)
    before = _state(staff, shipment.id)
    body = expect(_line_request(staff, operation, before[0]), 409)
    assert status in body["message"]
    assert _state(staff, shipment.id) == before


# --- references -----------------------------------------------------------------------------

def _create_by_api(api, make) -> dict:
    org = make.org(name="Fakultná nemocnica Nitra")
    return expect(api.post(f"{API}/shipments", json={
        "direction": "outbound", "kind": "donation", "counterparty_id": org.id,
        "origin": {"country": "CN", "place": "Cangzhou"}, "destination": {"country": "SK", "place": "Nitra"},
        "planned_departure": "2020-04-02", "expected_arrival": "2020-04-04",
        "lines": [{"sku": "PPE-N95", "quantity": "120000 piece"},
                  {"sku": "PPE-COV", "quantity": "1,200 box"}],
    }), 201)


BY_REFERENCE = [
    ("GET", "", None, 200),
    ("PATCH", "", {"notes": "urgent", "version": 1}, 200),
    ("GET", "/events", None, 200),
    ("POST", "/events", {"status": "confirmed", "version": 1}, 201),
    ("POST", "/lines", {"sku": "PPE-COV", "quantity": "5 box", "version": 1}, 201),
    ("PATCH", "/lines/{line}", {"quantity": "1,000 box", "version": 1}, 200),
    ("DELETE", "/lines/{line}?version=1", None, 200),
]


@pytest.mark.parametrize("spelling", ["OUT-2020-0001", "out-2020-0001"])
@pytest.mark.parametrize("method, suffix, body, code", BY_REFERENCE,
                         ids=[f"{m} {s or '/'}" for m, s, _, _ in BY_REFERENCE])
def test_a_shipment_is_addressable_by_its_reference(make, staff, spelling, method, suffix, body, code):
    created = _create_by_api(staff, make)
    assert created["reference"] == "OUT-2020-0001"
    path = f"{API}/shipments/{spelling}" + suffix.format(line=created["lines"][1]["id"])
    result = expect(staff.request(method, path, json=body), code)
    by_id = expect(staff.get(f"{API}/shipments/{created['id']}"), 200)
    if method == "GET" and not suffix:
        assert result == by_id
    elif method != "GET":
        assert by_id["version"] == 2


@pytest.mark.parametrize(("status", "body"), [
    ("received", {"note": "late scan", "tracking_number": "CHANGED"}),
    ("cancelled", {"note": "x", "tracking_number": "CHANGED"}),
    ("delivered", {"status": "received", "tracking_number": "FAKE"}),
])
def test_events_cannot_change_the_tracking_number_once_it_is_frozen(make, staff, status, body):
    shipment = make.shipment(status=status, tracking_number="ORIGINAL")
    before, history = _state(staff, shipment.id)
    response = _post_event(staff, shipment.id, body, before["version"])
    assert response.status_code == 422
    assert "tracking_number" in response.get_json()["errors"]
    after, events = _state(staff, shipment.id)
    assert (after["tracking_number"], after["version"], events) == ("ORIGINAL", before["version"], history)
