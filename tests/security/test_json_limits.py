"""JSON bodies' own limits: their size (by Content-Length and as read), list lengths, error sizes."""
from __future__ import annotations

import io
import json

from logistics.entry import DEFAULT_MAX_JSON_BYTES

API = "/api/v1"


def _full_line(n: int) -> dict:
    """A line with every field filled, at the longest values the contract allows for most of them."""
    return {"sku": "PPE-COV", "quantity": "1,000,000.04 box", "lot": f"LOT-2026-{n:06d}",
            "expiry": "2027-12-31", "value": {"amount": "1234567.89", "currency": "EUR"}}


def _shipment(org_id: int, lines: list) -> dict:
    return {"direction": "outbound", "kind": "donation", "counterparty_id": org_id,
            "origin": {"country": "CN", "place": "Cangzhou"}, "destination": {"country": "SK", "place": "Nitra"},
            "lines": lines}


def test_ten_thousand_full_lines_fit_the_default_json_limit_even_pretty_printed():
    body = json.dumps(_shipment(3, [_full_line(n) for n in range(10000)]), indent=2)

    assert len(body.encode()) < DEFAULT_MAX_JSON_BYTES


def test_a_bulk_body_of_ten_thousand_lines_is_read_and_checked_line_by_line(make):
    org = make.org()
    make.coverall()
    lines = [_full_line(n) for n in range(9999)] + [{"sku": "PPE-COV", "quantity": "5 ton"}]
    body = json.dumps(_shipment(org.id, lines), indent=2)

    response = make.api("staff").post(API + "/shipments", data=body, content_type="application/json")

    # Read whole and checked to its last line (which is refused): the size limit let it through.
    assert response.status_code == 422, response.get_data()[:300]
    assert "lines.9999.quantity" in response.get_json()["message"]
    assert make.api("staff").get(API + "/shipments").get_json() == []


def test_a_json_body_over_the_limit_is_refused_before_it_is_read(app, make, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_JSON_BYTES", 1024)
    body = json.dumps({"note": "x" * 2000})

    response = make.api("staff").post(API + "/shipments", data=body, content_type="application/json")

    assert response.status_code == 413
    assert "1 KB" in response.get_json()["message"] and "LOGISTICS_MAX_JSON_KB" in response.get_json()["message"]


def test_a_chunked_json_body_without_length_is_cut_at_the_limit(app, make, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_JSON_BYTES", 1024)
    _, token = make.user("staff")
    body = json.dumps({"note": "x" * 5000}).encode()

    response = app.test_client().post(
        API + "/shipments", input_stream=io.BytesIO(body),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                 "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True})  # as a server that ends chunked bodies says

    assert response.status_code == 413, response.get_data()[:300]
    assert "LOGISTICS_MAX_JSON_KB" in response.get_json()["message"]


def test_the_json_limit_is_set_by_its_variable(own_app, monkeypatch):
    monkeypatch.setenv("LOGISTICS_MAX_JSON_KB", "64")

    assert own_app().config["MAX_JSON_BYTES"] == 64 * 1024


def test_uploads_keep_their_own_larger_limit(app):
    assert app.config["MAX_CONTENT_LENGTH"] > app.config["MAX_JSON_BYTES"]


def test_an_error_with_many_fields_reports_the_first_twenty_and_counts_the_rest(make):
    make.coverall()
    shipment = make.shipment()
    body = {f"unknown_{n}_" + "k" * 200: "v" for n in range(5000)}

    response = make.api("staff").patch(f"{API}/shipments/{shipment.id}", json={**body, "version": 1})

    errors = response.get_json()["errors"]
    assert response.status_code == 422
    assert len(errors["json"]) == 20 and errors["_more"] == ["4,980 more field(s) with errors not shown"]
    assert all(len(key) < 120 for key in errors["json"])
    assert len(response.get_data()) < 8 * 1024


def test_a_body_sent_as_another_content_type_is_a_415_asking_for_json_not_read_as_empty(make):
    make.coverall()
    staff = make.api("staff")
    made = make.shipment(counterparty=make.org(), carrier="DHL")
    etag = staff.get(f"{API}/shipments/{made.id}").headers["ETag"]

    patched = staff.patch(f"{API}/shipments/{made.id}", data=json.dumps({"carrier": "UPS"}),
                          content_type="text/plain", headers={"If-Match": etag})
    posted = staff.post(f"{API}/shipments", data=json.dumps(_shipment(made.counterparty_id, [])),
                        content_type="application/x-www-form-urlencoded")

    # Before: the PATCH answered 200 having changed nothing, the POST named every field as missing;
    # then both answered 422, as if the JSON had been read and found wrong.
    for response, sent in ((patched, "text/plain"), (posted, "application/x-www-form-urlencoded")):
        assert response.status_code == 415, response.get_data()[:300]
        body = response.get_json()
        assert (body["code"], body["status"]) == (415, "Unsupported Media Type")
        assert "Content-Type: application/json" in body["message"] and sent in body["message"]
        assert sent in str(body["errors"]["json"])
    assert staff.get(f"{API}/shipments/{made.id}").get_json()["carrier"] == "DHL"
