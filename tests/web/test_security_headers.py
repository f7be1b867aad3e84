"""Every kind of response carries the security headers: pages, JSON, errors, files, static, docs."""
from __future__ import annotations

import re

import pytest

from logistics.security_headers import CONTENT_SECURITY_POLICY

API = "/api/v1"
PRIVATE = "private"  # responses that hold a user's data or a secret token: never stored by a cache
PUBLIC = "public"    # static files: cacheable, revalidated


@pytest.fixture
def responses(make, signed_in, browser):
    """Return a function that fetches a named, representative response of each kind."""
    make.coverall()
    shipment = make.shipment(reference="OUT-2020-0001", status="received")
    staff = signed_in("staff")
    manager = make.api("manager")
    api = make.api("staff")

    def tracking_page():
        page = staff.get("/shipments/OUT-2020-0001").get_data(as_text=True)
        link = re.search(r'href="(/track/[^"]+)"', page)
        return browser.get(link.group(1))

    fetch = {
        "sign-in page": lambda: browser.get("/login"),
        "signed-in page": lambda: staff.get("/shipments"),
        "form page": lambda: staff.get("/shipments/new"),
        "dashboard": lambda: staff.get("/dashboard"),
        "page 404": lambda: staff.get("/shipments/OUT-2099-0001"),
        "page 403": lambda: signed_in("partner").get("/dashboard"),
        "page form refused (CSRF)": lambda: staff.post("/shipments/new", data={}),
        "tracking page": tracking_page,
        "tracking page 404": lambda: browser.get("/track/" + "x" * 43),
        "API JSON": lambda: api.get(f"{API}/shipments"),
        "API JSON one": lambda: api.get(f"{API}/shipments/{shipment.id}"),
        "API 401": lambda: make.anonymous().get(f"{API}/shipments"),
        "API 404": lambda: api.get(f"{API}/shipments/999999"),
        "API 405": lambda: api.delete(f"{API}/shipments"),
        "API 422": lambda: api.post(f"{API}/shipments", json={"direction": "sideways"}),
        "API PDF": lambda: api.get(f"{API}/shipments/OUT-2020-0001/manifest.pdf"),
        "page PDF": lambda: staff.get("/shipments/OUT-2020-0001/manifest.pdf"),
        "API report PDF": lambda: manager.get(f"{API}/reports/flows.pdf"),
        "page CSV": lambda: staff.get("/shipments/export.csv"),
        "OpenAPI document": lambda: browser.get(f"{API}/openapi.json"),
        "health check": lambda: browser.get("/healthz"),
        "static stylesheet": lambda: browser.get("/static/app.css"),
        "static script": lambda: browser.get("/static/app.js"),
        "static 404": lambda: browser.get("/static/nothing.js"),
    }
    return fetch


KINDS = [  # name, status, cacheable
    ("sign-in page", 200, PRIVATE), ("signed-in page", 200, PRIVATE), ("form page", 200, PRIVATE),
    ("dashboard", 200, PRIVATE), ("page 404", 404, PRIVATE), ("page 403", 403, PRIVATE),
    ("page form refused (CSRF)", 400, PRIVATE),
    ("tracking page", 200, PRIVATE), ("tracking page 404", 404, PRIVATE),
    ("API JSON", 200, PRIVATE), ("API JSON one", 200, PRIVATE), ("API 401", 401, PRIVATE),
    ("API 404", 404, PRIVATE), ("API 405", 405, PRIVATE), ("API 422", 422, PRIVATE),
    ("API PDF", 200, PRIVATE), ("page PDF", 200, PRIVATE), ("API report PDF", 200, PRIVATE),
    ("page CSV", 200, PRIVATE), ("OpenAPI document", 200, PRIVATE), ("health check", 200, PRIVATE),
    ("static stylesheet", 200, PUBLIC), ("static script", 200, PUBLIC), ("static 404", 404, PRIVATE),
]


@pytest.mark.parametrize("kind, status, cache", KINDS, ids=[k[0] for k in KINDS])
def test_every_kind_of_response_carries_the_security_headers(responses, kind, status, cache):
    response = responses[kind]()
    response.close()  # a static file is sent from an open file

    assert response.status_code == status, response.get_data(as_text=True)[:300]
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer")
    if cache == PRIVATE:
        assert "no-store" in headers["Cache-Control"]
    else:
        assert "no-store" not in headers.get("Cache-Control", "")
    assert "Strict-Transport-Security" not in headers  # served over plain HTTP


def test_the_policy_allows_only_our_own_origin_and_no_inline_code():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))

    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert "*" not in CONTENT_SECURITY_POLICY and "http" not in CONTENT_SECURITY_POLICY


def test_the_tracking_page_never_sends_its_token_as_a_referrer(responses):
    response = responses["tracking page"]()

    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_signed_in_page_is_never_stored_and_other_sites_never_see_its_address(responses):
    response = responses["signed-in page"]()

    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_downloads_keep_their_own_private_no_store(responses):
    for kind in ("API PDF", "page CSV"):
        assert responses[kind]().headers["Cache-Control"] == "private, no-store", kind


@pytest.mark.parametrize("path", ["/login", f"{API}/openapi.json", "/static/app.css"])
def test_a_service_public_over_https_tells_browsers_to_stay_on_https(app, monkeypatch, browser, path):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://logistics.example")

    response = browser.get(path)
    response.close()

    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_templates_hold_no_inline_script_handler_or_style():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    for path in templates.rglob("*.html"):
        html = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE), path
        assert not re.search(r"\sstyle\s*=|<style", html, re.IGNORECASE), path
        assert "javascript:" not in html.lower(), path
