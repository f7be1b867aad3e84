"""Hostile inputs, against the API and the pages alike, on both backends: each is refused cleanly.

Every case must get a 4xx (never a 500), say what was wrong in its message, answer in a
bounded size (it never echoes more than an excerpt of what was sent) and write nothing (every
table's row count and every shipment's version are the same before and after).

To add a case, add a ``Case`` to one of the tables below: who sends it (an API token of a role,
"anonymous", or a signed-in page browser: "staff page", "partner page", "anonymous page"), the
method and path, and the body. Paths and bodies may name the world's rows: ``{draft}`` (a draft
shipment's reference), ``{delivered}`` (a delivered one's, to the partner), ``{line}`` (the
delivered shipment's line id), ``{token}`` (a tracking token's first 20 characters).
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import inspect, text

from logistics import db
from tests.factories import ApiClient
from tests.transfer.files import csv_bytes, row
from tests.web.conftest import PASSWORD

API = "/api/v1"
NINES = "9" * 5000          # isdigit() is true, int() refuses it (more than 4,300 digits)
DEEP = "[" * 1000 + "]" * 1000
MAX_JSON_ANSWER = 16 * 1024  # bytes of a JSON refusal, whatever was sent
MAX_PAGE_ANSWER = 96 * 1024  # bytes of a page refusal (a whole page with its form, re-shown)


@dataclass(frozen=True)
class Case:
    """One hostile request and what its refusal must say."""

    name: str
    who: str
    method: str
    path: str
    json: Any = None           # a body sent as JSON; a str is sent as it is, as application/json
    form: dict | None = None   # a page form (its CSRF token is added)
    upload: bytes | None = None  # a CSV file sent to the import
    headers: dict = field(default_factory=dict)
    status: int | tuple[int, ...] = 422
    says: str = ""             # part of the message (case-insensitive)


def _deep(key: str = "location") -> str:
    return '{"%s": %s}' % (key, DEEP)


# --- NUL and characters outside the expected alphabet, before any query ------------------------

TEXT_CASES = [
    Case("tracking token with NUL", "anonymous page", "GET", "/track/{token}%00abc", status=404, says="NUL"),
    Case("tracking token outside its alphabet", "anonymous page", "GET", "/track/{token}\u00e9\u00e9",
         status=404, says="no shipment"),
    Case("tracking token of 5,000 characters", "anonymous page", "GET", "/track/" + "a" * 5000,
         status=404, says="no shipment"),
    Case("sign-in email with NUL", "anonymous page", "POST", "/login",
         form={"email": "staff\x00@demo.example", "password": "wrong password"}, says="NUL"),
    Case("sign-in password with a control character", "anonymous page", "POST", "/login",
         form={"email": "staff@demo.example", "password": "pass\x07word"}, says="control character"),
    Case("bearer token with NUL", "anonymous", "GET", API + "/me",
         headers={"Authorization": "Bearer lgx_" + "a" * 20 + "\x00"}, status=401, says="token"),
    Case("bearer token outside its alphabet", "anonymous", "GET", API + "/me",
         headers={"Authorization": "Bearer lgx_" + "\u00e9" * 43}, status=401, says="token"),
    Case("bearer token of 10,000 characters", "anonymous", "GET", API + "/shipments",
         headers={"Authorization": "Bearer lgx_" + "a" * 10000}, status=401, says="token"),
    Case("shipment key with NUL", "staff", "GET", API + "/shipments/OUT%00", status=404, says="NUL"),
    Case("shipment key outside the alphabet", "partner", "GET", API + "/shipments/OUT-\u00e9",
         status=404, says="not found"),
    Case("list filter q with NUL", "staff", "GET", API + "/shipments?q=a%00b", says="NUL"),
    Case("list filter status with NUL", "partner", "GET", API + "/shipments?status=%00", says="NUL"),
    Case("list filter from with a control character", "staff", "GET", API + "/shipments?from=%1b",
         says="control character"),
    Case("query parameter name with NUL", "staff", "GET", API + "/shipments?a%00=1", says="NUL"),
    Case("audit filter shipment with NUL", "manager", "GET", API + "/audit?shipment=%00", says="NUL"),
    Case("flow report filter with NUL", "manager", "GET", API + "/reports/flows?country=S%00", says="NUL"),
    Case("export filter with NUL", "partner", "GET", API + "/shipments/export.csv?q=%00", says="NUL"),
    Case("page filter with NUL", "staff page", "GET", "/shipments?q=%00", says="NUL"),
    Case("page path with NUL", "staff page", "GET", "/shipments/OUT%00", status=404, says="NUL"),
    Case("JSON text with NUL", "staff", "POST", API + "/shipments/{draft}/events",
         json={"location": "Brno\u0000", "version": 1}, says="NUL"),
    Case("JSON text with an unpaired surrogate", "staff", "POST", API + "/shipments/{draft}/events",
         json='{"location": "Brno \\ud800", "version": 1}', says="surrogate"),
    Case("JSON text with a control character", "staff", "PATCH", API + "/shipments/{draft}",
         json={"carrier": "DHL\u0007", "version": 1}, says="control character"),
    Case("JSON key with NUL", "staff", "PATCH", API + "/shipments/{draft}",
         json={"carrier\u0000": "DHL", "version": 1}, says="NUL"),
    Case("new user's email with NUL", "admin", "POST", API + "/users",
         json={"email": "new\u0000@example.org", "role": "staff"}, says="NUL"),
    Case("page form note with NUL", "staff page", "POST", "/shipments/{draft}/events",
         form={"location": "Brno\x00", "version": "1"}, says="NUL"),
    Case("page form field name with NUL", "staff page", "POST", "/shipments/{draft}/events",
         form={"location\x00": "Brno", "version": "1"}, says="NUL"),
    Case("import file with NUL in a cell", "staff", "POST", API + "/shipments/import",
         upload=csv_bytes([row(counterparty="Brat\x00")]), says="NUL"),
]

# --- ids, page numbers and line numbers: ASCII digits, and short ----------------------------------

ID_CASES = [
    *[Case(f"shipment id of 5,000 nines as {who}", who, "GET", API + "/shipments/" + NINES,
           status=404, says="not found") for who in ("staff", "partner")],
    *[Case(f"{what} of a shipment id of 5,000 nines", who, "GET", API + f"/shipments/{NINES}/{what}",
           status=404, says="not found")
      for who, what in (("staff", "events"), ("staff", "manifest.pdf"), ("partner", "grn.pdf"),
                        ("staff", "donation-certificate.pdf"), ("staff", "documents"),
                        ("manager", "audit"))],
    Case("page of a shipment id of 5,000 nines", "staff page", "GET", "/shipments/" + NINES,
         status=404, says="not found"),
    Case("page PDF of a shipment id of 5,000 nines", "staff page", "GET", f"/shipments/{NINES}/manifest.pdf",
         status=404, says="not found"),
    Case("superscript digit as a shipment id", "staff", "GET", API + "/shipments/\u00b2",
         status=404, says="not found"),
    Case("Arabic-Indic digit as an item id", "staff", "GET", API + "/items/\u0663", status=404),
    Case("fullwidth digit as an organisation id", "staff", "GET", API + "/organizations/\uff13",
         status=404),
    Case("user id of 5,000 nines", "admin", "GET", API + "/users/" + NINES, status=404),
    Case("token id beyond 32 bits", "admin", "DELETE", API + "/tokens/2147483648", status=404),
    Case("negative item id", "staff", "GET", API + "/items/-1", status=404),
    Case("item id zero", "staff", "GET", API + "/items/0", status=404),
    Case("line id of 5,000 nines", "staff", "PATCH", API + f"/shipments/{{draft}}/lines/{NINES}",
         json={"quantity": "1 piece", "version": 1}, status=404),
    Case("page number in Arabic-Indic digits", "staff", "GET", API + "/shipments?page=\u0663", says="page"),
    Case("page number of 5,000 nines", "partner", "GET", API + "/shipments?page=" + NINES, says="page"),
    Case("page size in superscript", "manager", "GET", API + "/audit?page_size=\u00b2", says="page_size"),
    Case("counterparty filter in Arabic-Indic digits", "staff", "GET", API + "/shipments?counterparty_id=\u0663",
         says="counterparty_id"),
    Case("audit entity id of 5,000 nines", "manager", "GET", API + "/audit?entity_id=" + NINES, says="entity_id"),
    Case("audit actions entity id of 5,000 nines", "manager", "GET", API + "/audit/actions?entity_id=" + NINES,
         says="entity_id"),
    Case("audit actions page of 5,000 nines", "manager", "GET", API + "/audit/actions?page=" + NINES, says="page"),
    Case("page form VAT number of 5,000 digits", "staff page", "POST", "/organizations/1/customs",
         form={"eori": "", "vat_number": "SK" + "9" * 5000}, says="not a valid VAT number"),
    Case("page form EORI in fullwidth digits", "staff page", "POST", "/organizations/1/customs",
         form={"eori": "SK\uff12\uff10\uff12\uff10", "vat_number": ""}, says="EORI"),
    Case("If-Match in superscript digits", "staff", "PATCH", API + "/shipments/{draft}",
         json={"carrier": "DHL"}, headers={"If-Match": '"\u00b2"'}, says="If-Match"),
    Case("HS code in Arabic-Indic digits", "staff", "POST", API + "/items",
         json={"sku": "HOSTILE-1", "name": "Gloves", "base_unit": "piece",
               "hs_code": "\u0666\u0662\u0661\u0660.\u0661\u0660"}, says="hs_code"),
    Case("planned departure in Arabic-Indic digits", "staff", "PATCH", API + "/shipments/{draft}",
         json={"planned_departure": "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0661", "version": 1},
         says="planned_departure"),
    Case("delete's version in fullwidth digits", "staff", "DELETE",
         API + "/shipments/{draft}/lines/1?version=\uff11", says="version"),
    Case("counterparty id as Arabic-Indic text", "staff", "POST", API + "/shipments",
         json={"direction": "outbound", "kind": "donation", "counterparty_id": "\u0663",
               "origin": {"country": "CN"}, "destination": {"country": "SK"}}, says="counterparty_id"),
    Case("counterparty id of 30 digits", "staff", "POST", API + "/shipments",
         json='{"direction": "outbound", "kind": "donation", "counterparty_id": 1%s, '
              '"origin": {"country": "CN"}, "destination": {"country": "SK"}}' % ("0" * 29),
         says="counterparty_id"),
    Case("counterparty id of 5,000 digits", "staff", "POST", API + "/shipments",
         json='{"counterparty_id": %s}' % NINES, says="5,000 digits"),
    Case("version of 4,000 digits", "staff", "PATCH", API + "/shipments/{draft}",
         json='{"carrier": "DHL", "version": %s}' % ("9" * 4000), says="version"),
    Case("counterparty id zero", "staff", "POST", API + "/shipments",
         json={"direction": "outbound", "kind": "donation", "counterparty_id": 0,
               "origin": {"country": "CN"}, "destination": {"country": "SK"}}, says="counterparty_id"),
    Case("counterparty id true", "staff", "POST", API + "/shipments",
         json={"direction": "outbound", "kind": "donation", "counterparty_id": True,
               "origin": {"country": "CN"}, "destination": {"country": "SK"}}, says="counterparty_id"),
    Case("received line id of 1e999", "partner", "POST", API + "/shipments/{delivered}/events",
         json='{"status": "received", "version": 4, "received": [{"line_id": 1e999, "quantity": "1 piece"}]}',
         says="too large"),
    Case("received line id negative", "partner", "POST", API + "/shipments/{delivered}/events",
         json={"status": "received", "version": 4, "received": [{"line_id": -1, "quantity": "1 piece"}]},
         says="line_id"),
    *[Case(f"receipt form line_id {shown}", "partner page", "POST", "/shipments/{delivered}/events",
           form={"status": "received", "version": "4", "line_id": value,
                 f"received-{value}-quantity": "100 piece"}, says="line_id")
      for shown, value in (("of 5,000 nines", NINES), ("in Arabic-Indic digits", "\u0663"),
                           ("in superscript", "\u00b2"))],
    Case("page form counterparty of 5,000 nines", "staff page", "POST", "/shipments/new",
         form={"direction": "outbound", "kind": "donation", "counterparty_id": NINES,
               "origin_country": "CN", "destination_country": "SK"}, says="correct"),
    *[Case(f"import {column} {shown}", "staff", "POST", API + "/shipments/import",
           upload=csv_bytes([row(**{column: value})]), says="refused")
      for column, shown, value in (("counterparty", "of 5,000 nines", NINES),
                                   ("counterparty", "in Arabic-Indic digits", "\u0663"),
                                   ("line_no", "in Arabic-Indic digits", "\u0663"),
                                   ("line_no", "of 5,000 nines", NINES),
                                   ("line_no", "in superscript", "\u00b2"))],
]

# --- amounts: ASCII digits only, plain decimals, no floats, no exponents -----------------------------


def _line(quantity) -> dict:
    return {"sku": "PPE-COV", "quantity": quantity, "version": 1}


AMOUNT_CASES = [
    *[Case(f"quantity {shown}", "staff", "POST", API + "/shipments/{draft}/lines", json=_line(quantity),
           says=says)
      for shown, quantity, says in (
          ("in fullwidth digits", "\uff12\uff12 piece", "0-9"),
          ("in Arabic-Indic digits", "\u0662\u0662 piece", "0-9"),
          ("with one Arabic-Indic digit", "1\u06623 piece", "0-9"),
          ("with a superscript", "2\u00b2 piece", "quantity"),
          ("value in Arabic-Indic digits", {"value": "\u0662\u0662", "unit": "piece"}, "0-9"),
          ("1e999", "1e999 piece", "quantity"), ("1e3", "1e3 piece", "quantity"),
          ("NaN", "NaN piece", "not a number"), ("Infinity", "Infinity piece", "not a number"),
          ("value as a JSON float", {"value": 1e300, "unit": "piece"}, "decimal string"),
          ("of 100,000 digits", "9" * 100000 + " piece", "characters"),
          ("unit of 100,000 letters", {"value": "1", "unit": "p" * 100000}, "not a unit"),
          ("as a list", ["1", "piece"], "quantity"), ("null", None, "quantity"))],
    Case("quantity as a JSON NaN", "staff", "POST", API + "/shipments/{draft}/lines",
         json='{"sku": "PPE-COV", "quantity": {"value": NaN, "unit": "piece"}, "version": 1}', says="NaN"),
    Case("version as -Infinity", "staff", "POST", API + "/shipments/{draft}/lines",
         json='{"sku": "PPE-COV", "quantity": "1 piece", "version": -Infinity}', says="Infinity"),
    Case("declared value in fullwidth digits", "staff", "POST", API + "/shipments/{draft}/lines",
         json={**_line("1 piece"), "value": {"amount": "\uff11\uff12", "currency": "EUR"}}, says="0-9"),
    Case("received quantity in Arabic-Indic digits", "partner", "POST", API + "/shipments/{delivered}/events",
         json={"status": "received", "version": 4, "received": [{"line_id": "{line}", "quantity": "\u0663 piece"}]},
         says="0-9"),
    Case("page form quantity in Arabic-Indic digits", "staff page", "POST", "/shipments/{draft}/lines",
         form={"sku": "PPE-COV", "quantity": "\u0662\u0662 piece", "version": "1"}, says="0-9"),
    Case("receipt form quantity in fullwidth digits", "partner page", "POST", "/shipments/{delivered}/events",
         form={"status": "received", "version": "4", "line_id": "{line}",
               "received-{line}-quantity": "\uff11\uff10\uff10 piece"}, says="0-9"),
    Case("import quantity in Arabic-Indic digits", "staff", "POST", API + "/shipments/import",
         upload=csv_bytes([row(quantity="\u0662\u0662", unit="kg")]), says="refused"),
]

# --- JSON shapes: nesting, size, lengths, keys, types ---------------------------------------------

JSON_ENDPOINTS = [  # every operation that reads a JSON body, with a role that may call it
    ("staff", "POST", API + "/shipments"), ("staff", "PATCH", API + "/shipments/{draft}"),
    ("staff", "POST", API + "/shipments/{draft}/lines"), ("staff", "PATCH", API + "/shipments/{draft}/lines/1"),
    ("partner", "POST", API + "/shipments/{delivered}/events"), ("staff", "POST", API + "/items"),
    ("staff", "PATCH", API + "/items/1"), ("staff", "POST", API + "/organizations"),
    ("staff", "PATCH", API + "/organizations/1"), ("admin", "POST", API + "/users"),
    ("admin", "PATCH", API + "/users/1"), ("admin", "POST", API + "/users/1/tokens"),
]
_UNKNOWN_KEYS = "{" + ", ".join(f'"k{n:06d}{"x" * 20}": 1' for n in range(40000)) + "}"
_EMPTY_LINES = '{"direction": "outbound", "lines": [' + ", ".join(["{}"] * 200000) + "]}"

JSON_CASES = [
    *[Case(f"JSON 1,000 levels deep to {method} {path.removeprefix(API)}", who, method, path, json=_deep(),
           says="levels deep") for who, method, path in JSON_ENDPOINTS],
    Case("JSON 100,000 levels deep", "staff", "POST", API + "/shipments", json=_deep("lines") + DEEP * 100,
         says="levels deep"),
    Case("JSON nested in strings only (not deep)", "staff", "POST", API + "/shipments/{draft}/events",
         json={"location": "[" * 5000, "version": 1, "status": "nowhere"}, says="status"),
    Case("JSON body over its limit", "staff", "POST", API + "/shipments",
         json='{"lines": [' + ", ".join(['{"sku": "PPE-COV", "quantity": "1 piece"}'] * 400000) + "]}",
         status=413, says="LOGISTICS_MAX_JSON_KB"),
    Case("JSON lines beyond 10,000 (within the size limit)", "staff", "POST", API + "/shipments",
         json=_EMPTY_LINES, says="at most 10,000"),
    Case("received lines beyond 10,000", "partner", "POST", API + "/shipments/{delivered}/events",
         json='{"status": "received", "version": 4, "received": [' + ", ".join(["1"] * 20000) + "]}",
         says="at most 10,000"),
    Case("40,000 unknown keys", "staff", "PATCH", API + "/shipments/{draft}", json=_UNKNOWN_KEYS,
         says="more field"),
    Case("a key given twice", "staff", "POST", API + "/shipments/{draft}/events",
         json='{"status": "cancelled", "status": "confirmed", "version": 1}', says="twice"),
    Case("body not UTF-8", "staff", "POST", API + "/shipments/{draft}/events",
         json=b'{"location": "Br\xff\xfeno", "version": 1}', says="UTF-8"),
    Case("body not JSON", "staff", "POST", API + "/shipments/{draft}/events", json="{'status': 1}",
         says="JSON"),
    Case("body a bare string", "staff", "POST", API + "/shipments", json='"shipment"', says="invalid"),
    Case("lines as an object", "staff", "POST", API + "/shipments",
         json={"direction": "outbound", "kind": "donation", "counterparty_id": 1, "lines": {"0": {}},
               "origin": {"country": "CN"}, "destination": {"country": "SK"}}, says="lines"),
    Case("over-long reference", "staff", "POST", API + "/shipments",
         json={"reference": "R" * 100000, "direction": "outbound", "kind": "donation", "counterparty_id": 1,
               "origin": {"country": "CN"}, "destination": {"country": "SK"}}, says="reference"),
    Case("over-long note", "staff", "POST", API + "/shipments/{draft}/events",
         json={"note": "n" * 100000, "version": 1}, says="note"),
    Case("over-long country", "staff", "GET", API + "/shipments?country=" + "S" * 100000, says="country"),
    Case("over-long unknown key", "staff", "POST", API + "/shipments/{draft}/events",
         json={"k" * 100000: 1, "version": 1}, says="unknown"),
]

CASES = TEXT_CASES + ID_CASES + AMOUNT_CASES + JSON_CASES


# --- the world the cases are sent to ------------------------------------------------------------

class World:
    """An item and a partner; a draft and a delivered shipment (to the partner) and the senders, made
    when a case first names them (``prepare``, before the snapshot)."""

    def __init__(self, app, make):
        self.app = app
        self.make = make
        make.coverall()
        self.partner_org = make.org(name="Nitra Hospital")
        self.senders: dict[str, Any] = {}
        self.names: dict[str, str] = {}

    def prepare(self, case: Case) -> None:
        """Make what a case names: its sender, and the shipments its path and body refer to."""
        self.sender(case.who)
        self.fill([case.path, case.json, case.form])

    def name(self, key: str) -> str:
        if key not in self.names:
            if key in ("draft", "token"):
                draft = self.make.shipment(counterparty=self.partner_org, reference="OUT-HOSTILE-1")
                self.names.update(draft=draft.reference, token=draft.tracking_token[:20])
            else:
                delivered = self.make.shipment(counterparty=self.partner_org, reference="OUT-HOSTILE-2",
                                               status="delivered")
                assert delivered.version == 4  # the cases send it
                self.names.update(delivered=delivered.reference, line=str(delivered.lines[0].id))
        return self.names[key]

    def fill(self, value):
        """Put the world's references, ids and tokens into a path or a body."""
        if isinstance(value, str):
            return re.sub(r"\{(draft|delivered|line|token)\}", lambda m: self.name(m[1]), value)
        if isinstance(value, dict):
            return {self.fill(k): self.fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        return value

    def sender(self, who: str):
        """Return an API client with a token of this role, or a page browser signed in as it (made once)."""
        if who not in self.senders:
            self.senders[who] = self._new_sender(who)
        return self.senders[who]

    def _new_sender(self, who: str):
        if who == "anonymous":
            return self.make.anonymous()
        if who == "anonymous page":
            return self.app.test_client()
        role = who.removesuffix(" page")
        org = self.partner_org if role == "partner" else None
        if not who.endswith(" page"):
            return self.make.api(role, org)
        user, _ = self.make.user(role, org, password=PASSWORD)
        browser = self.app.test_client()
        signed = browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                              "csrf_token": csrf_token(browser)})
        assert signed.status_code == 302, signed.get_data(as_text=True)[:500]
        return browser


def csrf_token(browser) -> str:
    """Return the CSRF token a page's form carries (the sign-in page's will do for the session)."""
    page = browser.get("/login").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if found is None:  # signed in already: the sign-in page sends us on
        page = browser.get("/password").get_data(as_text=True)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token found"
    return found[1]


def snapshot(app) -> dict:
    """Return every table's row count, and every shipment's version and last change."""
    engine = db.engine_of(app)
    with engine.connect() as connection:
        counts = {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
                  for name in inspect(engine).get_table_names() if name != "alembic_version"}
        versions = connection.execute(text("SELECT id, version, updated_at FROM shipments ORDER BY id")).all()
    return {"rows": counts, "shipments": [tuple(row) for row in versions]}


def send(world: World, case: Case):
    """Send a case as its sender would."""
    client = world.sender(case.who)
    path = world.fill(case.path)
    if isinstance(client, ApiClient):
        kwargs: dict[str, Any] = {"headers": dict(case.headers)}
        if case.upload is not None:
            kwargs.update(data={"file": (io.BytesIO(case.upload), "hostile.csv")},
                          content_type="multipart/form-data")
        elif isinstance(case.json, (str, bytes)):
            kwargs.update(data=case.json, content_type="application/json")
        elif case.json is not None:
            body = world.fill(case.json)
            kwargs.update(data=json.dumps(_ints(body)), content_type="application/json")
        if case.headers.get("Authorization"):
            client = ApiClient(world.app, None)
        return client.request(case.method, path, **kwargs)
    if case.form is None:
        return client.open(path, method=case.method)
    form = {world.fill(k): world.fill(v) for k, v in case.form.items()}
    return client.open(path, method=case.method, data={**form, "csrf_token": csrf_token(client)})


def _ints(value):
    """Send the world's line id as the JSON integer it is."""
    if isinstance(value, dict):
        return {k: _ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_ints(v) for v in value]
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 6:
        return int(value)
    return value


@pytest.fixture
def world(app, make):
    return World(app, make)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_input_is_refused_cleanly_and_changes_nothing(app, world, case):
    world.prepare(case)  # sign in and make the shipments (which writes) before the snapshot
    before = snapshot(app)

    response = send(world, case)

    data = response.get_data()
    expected = case.status if isinstance(case.status, tuple) else (case.status,)
    assert response.status_code in expected, (response.status_code, data[:600])
    if response.mimetype == "application/json":
        body = response.get_json()
        assert body["code"] == response.status_code and body["message"], body
        said = json.dumps(body, ensure_ascii=False)
        assert len(data) <= MAX_JSON_ANSWER, f"{len(data):,} bytes"
    else:
        assert response.mimetype == "text/html", response.mimetype
        said = data.decode()
        assert len(data) <= MAX_PAGE_ANSWER, f"{len(data):,} bytes"
    assert case.says.lower() in said.lower(), said[:1000]
    assert snapshot(app) == before
