"""Reading the trail: managers and admins only, with filters, pages, one shipment's trail and a CSV export."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest

from tests.audit.trail import API, expect
from tests.factories import ApiClient

PATHS = ["/audit", "/audit.csv", "/shipments/{key}/audit"]


@pytest.fixture
def story(make):
    """Return two shipments, changed by a staff user; the trail also holds their catalogue."""
    make.coverall()
    staff_user, token = make.user("staff")
    first, second = make.shipment(), make.shipment()
    staff = ApiClient(make.app, token)
    expect(staff.patch(f"{API}/shipments/{first.id}", json={"carrier": "DHL"},
                       headers={"If-Match": '"1"'}), 200)
    expect(staff.post(f"{API}/shipments/{first.id}/events", json={"status": "confirmed"},
                      headers={"If-Match": '"2"'}), 201)
    return {"first": first, "second": second, "staff": staff_user}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("role", ["staff", "partner"])
def test_staff_and_partners_may_not_read_the_trail(make, path, role):
    org = make.org()
    make.coverall()
    shipment = make.shipment(counterparty=org)
    client = make.api(role, org if role == "partner" else None)

    body = expect(client.get(API + path.format(key=shipment.reference)), 403)

    assert body["message"] == f"a {role} user may not do this"


@pytest.mark.parametrize("path", PATHS)
def test_reading_the_trail_needs_a_token(make, path):
    response = make.anonymous().get(API + path.format(key="OUT-2020-0001"))

    assert expect(response, 401)["code"] == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_read_the_whole_trail_newest_first(make, story, role):
    entries = expect(make.api(role).get(f"{API}/audit?page_size=100"), 200)

    assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)
    newest = entries[0]  # the reader's own token, issued by the test factories as the system
    assert (newest["action"], newest["entity"], newest["actor_id"], newest["actor_email"]) == (
        "create", "api_tokens", None, "system")
    header = next(e for e in entries if e["entity"] == "shipments" and e["action"] == "update")
    assert header["before"]["status"] == "draft" and header["after"]["status"] == "confirmed"
    assert header["actor_id"] == story["staff"].id and header["actor_email"] == story["staff"].email
    assert datetime.fromisoformat(header["at"]).utcoffset() == timedelta(0)
    assert set(header) == {"id", "at", "actor_id", "actor_email", "action", "entity", "entity_id",
                           "shipment_id", "before", "after", "action_id"}


def _ids(api, query: str) -> set[tuple[str, str, int]]:
    entries = expect(api.get(f"{API}/audit?page_size=100&{query}"), 200)
    return {(e["action"], e["entity"], e["entity_id"]) for e in entries}


def test_the_trail_filters_by_entity_record_shipment_actor_and_action(make, story):
    manager = make.api("manager")
    first, second, staff = story["first"], story["second"], story["staff"]
    first_lines = {("create", "shipment_lines", line.id) for line in first.lines}

    assert _ids(manager, "entity=shipments") == {("create", "shipments", first.id),
                                                 ("create", "shipments", second.id),
                                                 ("update", "shipments", first.id)}
    assert _ids(manager, f"entity=shipments&entity_id={second.id}") == {("create", "shipments", second.id)}
    by_id = _ids(manager, f"shipment={first.id}")
    assert by_id == _ids(manager, f"shipment={first.reference.lower()}")
    assert first_lines <= by_id and ("create", "shipments", second.id) not in by_id
    assert {entity for _, entity, _ in by_id} == {"shipments", "shipment_lines", "shipment_events"}
    confirmed = ("create", "shipment_events", _confirmed_event(manager, first))
    assert _ids(manager, f"actor_id={staff.id}") == {("update", "shipments", first.id), confirmed}
    assert _ids(manager, f"actor_id={staff.id}&action=create") == {confirmed}
    assert _ids(manager, "shipment=OUT-1999-0001") == set()
    assert _ids(manager, "shipment=99999") == set()


def _confirmed_event(api, shipment) -> int:
    events = expect(api.get(f"{API}/shipments/{shipment.id}/events"), 200)
    return next(e["id"] for e in events if e["to_status"] == "confirmed")


def test_the_trail_filters_by_time(make, story):
    manager = make.api("manager")
    entries = expect(manager.get(f"{API}/audit?page_size=100"), 200)
    middle = sorted(e["at"] for e in entries)[len(entries) // 2]
    later = [e["id"] for e in entries if e["at"] >= middle]
    earlier = [e["id"] for e in entries if e["at"] <= middle]

    from_middle = expect(manager.get(f"{API}/audit", query_string={"from": middle, "page_size": 100}), 200)
    to_middle = expect(manager.get(f"{API}/audit", query_string={"to": middle, "page_size": 100}), 200)
    future = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()

    assert [e["id"] for e in from_middle] == later
    assert [e["id"] for e in to_middle] == earlier
    assert expect(manager.get(f"{API}/audit", query_string={"from": future}), 200) == []
    naive = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(hours=1)  # read as UTC
    assert len(expect(manager.get(f"{API}/audit", query_string={"to": naive.isoformat(), "page_size": 100}),
                      200)) == len(entries)


@pytest.mark.parametrize("query, field", [
    ("entity=warehouses", "entity"), ("action=erase", "action"), ("entity_id=0", "entity_id"),
    ("actor_id=abc", "actor_id"), ("from=yesterday", "from"), ("to=9999-12-31T23:59:59-14:00", "to"),
    ("shipment=" + "X" * 41, "shipment"),
])
def test_a_wrong_filter_is_422_naming_it(make, query, field):
    body = expect(make.api("manager").get(f"{API}/audit?{query}"), 422)

    assert field in body["errors"]["query"]


def test_the_trail_comes_in_pages(make, story):
    manager = make.api("manager")
    everything = expect(manager.get(f"{API}/audit?page_size=100"), 200)

    first = manager.get(f"{API}/audit?page_size=3")
    second = manager.get(f"{API}/audit?page_size=3&page=2")

    assert json.loads(first.headers["X-Pagination"])["total"] == len(everything)
    assert [e["id"] for e in expect(first, 200) + expect(second, 200)] == [e["id"] for e in everything[:6]]


def test_one_shipments_trail_holds_its_header_lines_and_events_only(make, story):
    manager = make.api("manager")
    first = story["first"]

    by_reference = expect(manager.get(f"{API}/shipments/{first.reference}/audit"), 200)
    by_id = expect(manager.get(f"{API}/shipments/{first.id}/audit?action=update"), 200)

    assert {e["shipment_id"] for e in by_reference} == {first.id}
    assert [(e["action"], e["entity"]) for e in reversed(by_reference)] == [
        ("create", "shipments"), ("create", "shipment_events"), ("create", "shipment_lines"),
        ("update", "shipments"), ("update", "shipments"), ("create", "shipment_events")]
    assert [e["id"] for e in by_id] == [e["id"] for e in by_reference if e["action"] == "update"]
    assert expect(manager.get(f"{API}/shipments/OUT-1999-0001/audit"), 404)["code"] == 404


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="audit.csv"'
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_export_holds_the_same_entries_as_the_list_with_the_same_filters(make, story):
    manager = make.api("manager")
    first = story["first"]

    everything = _csv(manager.get(f"{API}/audit.csv"))
    listed = expect(manager.get(f"{API}/audit?page_size=100"), 200)
    filtered = _csv(manager.get(f"{API}/audit.csv?shipment={first.reference}&action=update"))

    assert [int(row["id"]) for row in everything] == [e["id"] for e in listed]
    assert list(everything[0]) == ["id", "at", "actor_id", "actor_email", "action", "entity", "entity_id",
                                   "shipment_id", "before", "after", "action_id"]
    row, entry = everything[-1], listed[-1]
    assert (row["action"], row["entity"], int(row["entity_id"]), row["actor_email"]) == (
        entry["action"], entry["entity"], entry["entity_id"], entry["actor_email"])
    assert json.loads(row["after"]) == entry["after"] and row["before"] == ""
    assert datetime.fromisoformat(row["at"]) == datetime.fromisoformat(entry["at"])
    assert [int(row["id"]) for row in filtered] == [
        e["id"] for e in listed if e["shipment_id"] == first.id and e["action"] == "update"]
    assert {json.loads(row["after"])["version"] for row in filtered} == {2, 3}


def test_the_csv_export_streams_a_long_trail_in_chunks(make):
    make.coverall()
    for _ in range(12):
        make.shipment(lines=[("PPE-COV", f"{n} piece") for n in range(1, 30)])
    manager = make.api("manager")

    response = manager.get(f"{API}/audit.csv", buffered=False)
    chunks = list(response.iter_encoded())
    response.close()
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))

    assert response.is_streamed and len(chunks) > 1
    assert len(rows) > 12 * 30
    assert len({row["id"] for row in rows}) == len(rows)


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(make):
    # An email may start with "+" or "=": the export must not hand a spreadsheet a formula.
    _, token = make.user("staff", email="+420=cmd@example.org")
    expect(ApiClient(make.app, token).post(f"{API}/organizations", json={
        "name": "Nitra Depot", "country": "SK", "kind": "recipient"}), 201)

    rows = _csv(make.api("manager").get(f"{API}/audit.csv?entity=organizations"))

    assert [row["actor_email"] for row in rows] == ["'+420=cmd@example.org"]
