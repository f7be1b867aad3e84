"""Who may call what: tokens, roles, and a partner's view limited to its own shipments."""
from __future__ import annotations

import re

import pytest

from tests.answers import expect
from tests.factories import ApiClient

API = "/api/v1"


def _if_match(shipment: dict) -> dict:
    return {"If-Match": f'"{shipment["version"]}"'}


def _shipment_body(counterparty_id: int) -> dict:
    return {"direction": "outbound", "kind": "donation", "counterparty_id": counterparty_id,
            "origin": {"country": "CN", "place": "Cangzhou"}, "destination": {"country": "SK"},
            "lines": [{"sku": "PPE-COV", "quantity": "100 piece"}]}


def _token_id(make, user_id: int) -> int:
    tokens = expect(make.api("admin").get(f"{API}/users/{user_id}/tokens"), 200)
    return tokens[0]["id"]


# --- authentication -------------------------------------------------------------------------

def _revoked(make) -> dict:
    user, token = make.user("staff")
    expect(make.api("admin").delete(f"{API}/tokens/{_token_id(make, user.id)}"), 200)
    return {"Authorization": f"Bearer {token}"}


BAD_CREDENTIALS = [
    ("no Authorization header", lambda make: {}),
    ("Basic scheme", lambda make: {"Authorization": "Basic c3RhZmY6c2VjcmV0cGFzcw=="}),
    ("Bearer without a token", lambda make: {"Authorization": "Bearer "}),
    ("token without a scheme", lambda make: {"Authorization": "lgx_" + "a" * 43}),
    ("unknown token", lambda make: {"Authorization": "Bearer lgx_" + "a" * 43}),
    ("token not of ours", lambda make: {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"}),
    ("overlong token", lambda make: {"Authorization": "Bearer lgx_" + "a" * 500}),
    ("revoked token", _revoked),
]


@pytest.mark.parametrize("headers", [case[1] for case in BAD_CREDENTIALS],
                         ids=[case[0] for case in BAD_CREDENTIALS])
@pytest.mark.parametrize("path", ["/shipments", "/me"])
def test_a_request_without_valid_credentials_gets_401_json_with_a_message(make, headers, path):
    make.coverall()
    make.shipment()
    response = make.anonymous().get(API + path, headers=headers(make))
    body = expect(response, 401)
    assert body["code"] == 401
    assert body["message"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "reference" not in response.get_data(as_text=True)


def test_every_api_endpoint_refuses_a_request_without_a_token(app, client):
    checked, failures = set(), []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API + "/") or rule.rule.endswith("openapi.json"):
            continue
        # an "any(...)" parameter takes its first choice; every other parameter takes 1
        path = re.sub(r"<any\(([^,)]+)[^>]*>", lambda m: m.group(1).strip("' "), rule.rule)
        path = re.sub(r"<[^>]+>", "1", path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method, json={})
            body = response.get_json(silent=True) or {}
            checked.add(f"{method} {path}")
            if response.status_code != 401 or not body.get("message"):
                failures.append((method, path, response.status_code, body))
    assert not failures
    assert {f"GET {API}/organizations", f"POST {API}/items", f"PATCH {API}/shipments/1",
            f"POST {API}/shipments/1/events", f"DELETE {API}/shipments/1/lines/1",
            f"GET {API}/users", f"POST {API}/users/1/tokens", f"DELETE {API}/tokens/1",
            f"GET {API}/me", f"GET {API}/shipments/1/manifest.pdf"} <= checked


@pytest.mark.parametrize("role", ["admin", "manager", "staff", "partner"])
def test_me_returns_the_caller(make, role):
    org = make.org() if role == "partner" else None
    user, token = make.user(role, org)
    body = expect(ApiClient(make.app, token).get(f"{API}/me"), 200)
    assert body == {"id": user.id, "email": user.email, "name": None, "role": role,
                    "organization_id": org.id if org else None, "language": None}


# --- roles ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["staff", "manager", "admin"])
def test_staff_and_managers_create_and_read_organizations_items_and_shipments(make, role):
    api = make.api(role)
    org = expect(api.post(f"{API}/organizations",
                           json={"name": "Fakultná nemocnica Nitra", "country": "SK",
                                 "kind": "recipient"}), 201)
    item = expect(api.post(f"{API}/items", json={
        "sku": "PPE-COV", "name": "Medical protective coverall", "base_unit": "piece",
        "unit_mass": "0.35 kg", "packs": [{"name": "box", "quantity": "25 piece"}]}), 201)
    shipment = expect(api.post(f"{API}/shipments", json=_shipment_body(org["id"])), 201)

    assert [o["id"] for o in expect(api.get(f"{API}/organizations"), 200)] == [org["id"]]
    assert expect(api.get(f"{API}/organizations/{org['id']}"), 200)["name"] == org["name"]
    assert [i["sku"] for i in expect(api.get(f"{API}/items"), 200)] == ["PPE-COV"]
    assert expect(api.get(f"{API}/items/{item['id']}"), 200)["packs"][0]["name"] == "box"
    assert [s["id"] for s in expect(api.get(f"{API}/shipments"), 200)] == [shipment["id"]]
    assert expect(api.get(f"{API}/shipments/{shipment['id']}"), 200)["lines"][0]["sku"] == "PPE-COV"


PARTNER_FORBIDDEN = [
    ("GET", "/organizations", None),
    ("POST", "/organizations", {"name": "Made by a partner", "country": "SK", "kind": "recipient"}),
    ("PATCH", "/organizations/{org}", {"name": "Renamed by a partner"}),
    ("GET", "/items", None),
    ("GET", "/items/{item}", None),
    ("POST", "/items", {"sku": "NEW-1", "name": "New item", "base_unit": "piece"}),
    ("PATCH", "/items/{item}", {"name": "Renamed"}),
    ("GET", "/users", None),
    ("POST", "/users", {"email": "new@example.org", "role": "staff"}),
    ("GET", "/users/{user}", None),
    ("PATCH", "/users/{user}", {"name": "Renamed"}),
    ("GET", "/users/{user}/tokens", None),
    ("POST", "/users/{user}/tokens", {}),
    ("DELETE", "/tokens/{token}", None),
    ("POST", "/shipments", "shipment"),
    ("PATCH", "/shipments/{shipment}", {"notes": "changed by a partner", "version": 1}),
    ("POST", "/shipments/{shipment}/lines", {"sku": "PPE-COV", "quantity": "5 piece", "version": 1}),
    ("PATCH", "/shipments/{shipment}/lines/{line}", {"quantity": "5 piece", "version": 1}),
    ("DELETE", "/shipments/{shipment}/lines/{line}?version=1", None),
]


def _everything(admin, shipment_id: int, user_id: int) -> dict:
    """Return what an admin sees, to show that a refused request changed nothing."""
    return {path: admin.get(API + path).get_json() for path in (
        "/organizations", "/items", "/users", "/shipments", f"/shipments/{shipment_id}",
        f"/shipments/{shipment_id}/events", f"/users/{user_id}/tokens")}


@pytest.mark.parametrize("method, path, body", PARTNER_FORBIDDEN,
                         ids=[f"{m} {p}" for m, p, _ in PARTNER_FORBIDDEN])
def test_partner_gets_403_outside_its_shipments_and_changes_nothing(make, method, path, body):
    org = make.org()
    item = make.coverall()
    shipment = make.shipment(counterparty=org)
    user, _ = make.user("staff")
    partner = make.api("partner", org)
    admin = make.api("admin")
    url = API + path.format(org=org.id, item=item.id, user=user.id, token=_token_id(make, user.id),
                            shipment=shipment.id, line=shipment.lines[0].id)
    before = _everything(admin, shipment.id, user.id)
    response = partner.request(method, url, json=_shipment_body(org.id) if body == "shipment" else body)
    assert expect(response, 403)["message"]
    assert _everything(admin, shipment.id, user.id) == before


ADMIN_ONLY = [
    ("GET", "/users", None, 200),
    ("POST", "/users", {"email": "new.user@example.org", "role": "staff"}, 201),
    ("POST", "/users/{user}/tokens", {"label": "laptop"}, 201),
    ("DELETE", "/tokens/{token}", None, 200),
]


@pytest.mark.parametrize("role", ["admin", "manager", "staff", "partner"])
@pytest.mark.parametrize("method, path, body, admin_status", ADMIN_ONLY,
                         ids=[f"{m} {p}" for m, p, _, _ in ADMIN_ONLY])
def test_only_admin_lists_and_creates_users_and_issues_and_revokes_tokens(
        make, role, method, path, body, admin_status):
    user, token = make.user("staff")
    caller = make.api(role, make.org() if role == "partner" else None)
    url = API + path.format(user=user.id, token=_token_id(make, user.id))
    response = caller.request(method, url, json=body)
    if role == "admin":
        expect(response, admin_status)
    else:
        assert expect(response, 403)["message"]
        assert expect(ApiClient(make.app, token).get(f"{API}/me"), 200)["id"] == user.id
        assert len(expect(make.api("admin").get(f"{API}/users/{user.id}/tokens"), 200)) == 1


def test_admin_issues_a_token_that_works_until_it_is_revoked(make):
    admin = make.api("admin")
    org = make.org()
    user = expect(admin.post(f"{API}/users", json={"email": "Partner@Nitra.example",
                                                     "role": "partner", "organization_id": org.id}), 201)
    assert user["email"] == "partner@nitra.example"
    issued = expect(admin.post(f"{API}/users/{user['id']}/tokens", json={"label": "hospital"}), 201)
    assert issued["token"].startswith("lgx_") and issued["label"] == "hospital"
    assert "token_hash" not in issued and issued["created_at"].endswith("+00:00")
    client = ApiClient(make.app, issued["token"])
    assert expect(client.get(f"{API}/me"), 200)["id"] == user["id"]
    listed = expect(admin.get(f"{API}/users/{user['id']}/tokens"), 200)
    assert [t["id"] for t in listed] == [issued["id"]]
    assert "token" not in listed[0] and listed[0]["revoked_at"] is None

    revoked = expect(admin.delete(f"{API}/tokens/{issued['id']}"), 200)
    assert revoked["revoked_at"] is not None
    assert expect(client.get(f"{API}/me"), 401)["message"]
    assert expect(client.get(f"{API}/shipments"), 401)["message"]


# --- a partner's view -----------------------------------------------------------------------

def test_partner_lists_only_shipments_whose_counterparty_is_its_organization(make):
    make.coverall()
    a, b = make.org(), make.org()
    own = [make.shipment(counterparty=a, status="confirmed"),
           make.shipment(counterparty=a, direction="inbound", status="confirmed")]
    other = make.shipment(counterparty=b)
    partner = make.api("partner", a)

    listed = expect(partner.get(f"{API}/shipments"), 200)
    assert sorted(s["reference"] for s in listed) == sorted(s.reference for s in own)
    assert {s["counterparty"]["id"] for s in listed} == {a.id}
    assert expect(partner.get(f"{API}/shipments?counterparty_id={b.id}"), 200) == []
    assert expect(partner.get(f"{API}/shipments?q={other.reference}"), 200) == []
    assert len(expect(make.api("staff").get(f"{API}/shipments"), 200)) == 3


SCOPED_READS = ["/shipments/{id}", "/shipments/{reference}", "/shipments/{reference_lower}",
                "/shipments/{id}/events", "/shipments/{reference}/events"]


@pytest.mark.parametrize("whose, status", [("own", 200), ("other", 404)])
@pytest.mark.parametrize("path", SCOPED_READS)
def test_partner_reads_its_own_shipment_and_another_partners_is_not_found(make, path, whose, status):
    make.coverall()
    a, b = make.org(), make.org()
    shipments = {"own": make.shipment(counterparty=a, status="confirmed"),
                 "other": make.shipment(counterparty=b, status="confirmed")}
    target = shipments[whose]
    partner = make.api("partner", a)
    url = API + path.format(id=target.id, reference=target.reference,
                            reference_lower=target.reference.lower())
    body = expect(partner.get(url), status)
    if status == 404:
        assert body["message"]
        assert b.name not in str(body) and str(target.lines[0].id) not in str(body.get("errors", ""))


@pytest.mark.parametrize("whose, status", [("own", 201), ("other", 404)])
@pytest.mark.parametrize("key", ["id", "reference"])
def test_partner_posts_events_on_its_own_shipment_only(make, key, whose, status):
    make.coverall()
    a, b = make.org(), make.org()
    shipments = {"own": make.shipment(counterparty=a, status="delivered"),
                 "other": make.shipment(counterparty=b, status="delivered")}
    target = shipments[whose]
    partner, staff = make.api("partner", a), make.api("staff")
    before = expect(staff.get(f"{API}/shipments/{target.id}"), 200)
    response = partner.post(f"{API}/shipments/{getattr(target, key)}/events",
                            json={"status": "received", "version": target.version})
    expect(response, status)
    after = expect(staff.get(f"{API}/shipments/{target.id}"), 200)
    assert after["status"] == ("received" if whose == "own" else "delivered")
    if whose == "other":
        assert after == before


def _received_all_but_ten(shipment: dict) -> dict:
    line = shipment["lines"][0]
    return {"status": "received",
            "received": [{"line_id": line["id"], "quantity": "90 piece", "note": "10 torn",
                          "reason": "damaged"}]}


PARTNER_EVENTS = [
    ("receipt of a delivered outbound shipment", "outbound", "delivered", _received_all_but_ten, 201),
    ("receipt without quantities", "outbound", "delivered", {"status": "received"}, 201),
    ("dispatch of a confirmed inbound shipment", "inbound", "confirmed",
     {"status": "in_transit", "tracking_number": "CZE0001-0302"}, 201),
    ("dispatch without a tracking number", "inbound", "confirmed", {"status": "in_transit"}, 422),
    ("dispatch with a blank tracking number", "inbound", "confirmed",
     {"status": "in_transit", "tracking_number": "  "}, 422),
    ("receipt before delivery", "outbound", "in_transit", {"status": "received"}, 409),
    # A draft is not shown to the partner at all (never confirmed): not found.
    ("confirm an outbound draft", "outbound", "draft", {"status": "confirmed"}, 404),
    ("confirm an inbound draft", "inbound", "draft", {"status": "confirmed"}, 404),
    ("cancel an outbound draft", "outbound", "draft", {"status": "cancelled"}, 404),
    ("cancel a confirmed inbound shipment", "inbound", "confirmed", {"status": "cancelled"}, 403),
    ("checkpoint on an outbound shipment", "outbound", "in_transit", {"location": "Vienna"}, 403),
    ("checkpoint on an inbound shipment", "inbound", "in_transit", {"note": "at the border"}, 403),
    ("say an outbound shipment arrived", "outbound", "in_transit", {"status": "delivered"}, 201),
    ("say an outbound shipment arrived before dispatch", "outbound", "confirmed", {"status": "delivered"}, 409),
    ("deliver an inbound shipment", "inbound", "in_transit", {"status": "delivered"}, 403),
    ("receive an inbound shipment", "inbound", "delivered", {"status": "received"}, 403),
    ("dispatch an outbound shipment", "outbound", "confirmed",
     {"status": "in_transit", "tracking_number": "X1"}, 403),
]


@pytest.mark.parametrize("direction, status, body, expected",
                         [case[1:] for case in PARTNER_EVENTS], ids=[case[0] for case in PARTNER_EVENTS])
def test_partner_may_only_confirm_receipt_or_report_dispatch(make, direction, status, body, expected):
    make.coverall()
    org = make.org()
    shipment = make.shipment(counterparty=org, direction=direction, status=status)
    partner, staff = make.api("partner", org), make.api("staff")
    before = expect(staff.get(f"{API}/shipments/{shipment.id}"), 200)
    events_before = expect(staff.get(f"{API}/shipments/{shipment.id}/events"), 200)
    payload = body(before) if callable(body) else body
    response = partner.post(f"{API}/shipments/{shipment.id}/events", json=payload,
                            headers=_if_match(before))
    result = expect(response, expected)
    after = expect(staff.get(f"{API}/shipments/{shipment.id}"), 200)
    events = expect(staff.get(f"{API}/shipments/{shipment.id}/events"), 200)
    if expected == 201:
        me = expect(partner.get(f"{API}/me"), 200)
        assert after["status"] == payload["status"] == result["shipment"]["status"]
        assert after["version"] == before["version"] + 1
        assert events[-1]["actor_id"] == me["id"]
        assert (events[-1]["from_status"], events[-1]["to_status"]) == (status, payload["status"])
        if payload.get("tracking_number"):
            assert after["tracking_number"] == payload["tracking_number"]
        if payload.get("received"):
            assert after["lines"][0]["discrepancy"] == {"value": "-10", "unit": "piece"}
            assert after["lines"][0]["received_note"] == "10 torn"
    else:
        assert result["message"]
        assert (after, events) == (before, events_before)
