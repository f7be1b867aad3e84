"""The OpenAPI document is valid and served, and every answer the API gives conforms to it.

schemathesis generates requests for every operation from the document and checks each answer:
no server error, a documented status code, content type and headers, and a body that matches
the documented schema. Path parameters name real records (so bodies are read, not only 404s),
and the calls are made as staff, as a partner and as an admin (the users, tokens, audit and
printed reports that staff are refused). Each role runs twice: with positive data (what the
document allows, checked against every rule above) and with negative data (what it forbids:
wrong types, out-of-range numbers, broken patterns, missing fields, hostile path parameters),
where the answer must still be no server error, in the documented content type. Hypothesis is
derandomized, so a run is the same on every machine and CI failure reproduces.
"""
from __future__ import annotations

import json
import re

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from openapi_spec_validator import validate

from tests.attachments.conftest import upload
from tests.attachments.files import png
from tests.notifications.conftest import Outbox
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

OPENAPI = "/api/v1/openapi.json"
# Generated requests per operation, role and mode (README, Testing: the run time they cost).
EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 12}


def test_openapi_document_is_served_without_a_token_and_is_valid(client):
    response = client.get(OPENAPI)
    assert response.status_code == 200
    document = response.get_json()
    validate(document)
    assert "/api/v1/shipments/{key}/events" in document["paths"]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def _shapeless(schema, path: str = "") -> list[str]:
    """Return where a schema describes a value without saying what it is (no type, no reference)."""
    if not isinstance(schema, dict):
        return []
    found = []
    combined = any(key in schema for key in ("$ref", "allOf", "anyOf", "oneOf", "type"))
    if not combined:
        found.append(path or "/")
    if schema.get("additionalProperties") == {}:
        found.append(f"{path}/additionalProperties")
    for name, inner in schema.get("properties", {}).items():
        found += _shapeless(inner, f"{path}/{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict) and schema[key]:
            found += _shapeless(schema[key], f"{path}/{key}")
    for key in ("allOf", "anyOf", "oneOf"):
        for index, inner in enumerate(schema.get(key, [])):
            found += _shapeless(inner, f"{path}/{key}/{index}")
    return found


def test_every_json_response_field_is_described_with_its_type(client):
    document = client.get(OPENAPI).get_json()
    response_schemas = set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            for code, answer in operation["responses"].items():
                if isinstance(answer, dict) and "$ref" in answer:
                    answer = document["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
                headers = [header.get("content", {}) for header in answer.get("headers", {}).values()]
                for media, content in [*answer.get("content", {}).items(),
                                       *(item for header in headers for item in header.items())]:
                    schema = content.get("schema", {})
                    if media == "application/json":
                        assert schema, f"{method.upper()} {path} {code}: no schema"
                    text = json.dumps(schema)
                    response_schemas.update(part.split('"')[0] for part in text.split("#/components/schemas/")[1:])
                    assert not _shapeless(schema) or media != "application/json", (method, path, code)
    # every schema a response refers to, and every schema they nest
    seen, pending = set(), list(response_schemas)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        schema = document["components"]["schemas"][name]
        pending += [part.split('"')[0] for part in json.dumps(schema).split("#/components/schemas/")[1:]]
    shapeless = {name: _shapeless(document["components"]["schemas"][name]) for name in sorted(seen)}
    assert {name: where for name, where in shapeless.items() if where} == {}
    assert {"FlowReport", "Item", "Pack", "AuditEntry", "Error", "PaginationHeader", "Shipment",
            "ShipmentSummary", "EventResult"} <= seen


def test_writes_that_need_a_version_document_if_match_and_428(client):
    document = client.get(OPENAPI).get_json()
    versioned = [("patch", "/api/v1/shipments/{key}"), ("post", "/api/v1/shipments/{key}/lines"),
                 ("patch", "/api/v1/shipments/{key}/lines/{line_id}"),
                 ("delete", "/api/v1/shipments/{key}/lines/{line_id}"),
                 ("post", "/api/v1/shipments/{key}/events")]
    for method, path in versioned:
        operation = document["paths"][path][method]
        headers = [p for p in operation["parameters"] if p.get("in") == "header"]
        assert [p["name"] for p in headers] == ["If-Match"], (method, path)
        assert "428" in operation["responses"], (method, path)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method != "parameters" and (method, path) not in versioned:
                assert "428" not in operation["responses"], (method, path)


def test_every_operation_that_reads_a_json_body_documents_415_for_another_media_type(client):
    document = client.get(OPENAPI).get_json()
    reading = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            takes_json = "application/json" in operation.get("requestBody", {}).get("content", {})
            assert ("415" in operation["responses"]) == takes_json, (method, path)
            if takes_json:
                reading.append((method, path))
                answer = operation["responses"]["415"]
                assert "application/json" in answer["description"]
                assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert ("post", "/api/v1/shipments") in reading and ("patch", "/api/v1/shipments/{key}") in reading


def test_input_schemas_refuse_blank_sku_base_unit_and_country_as_the_services_do(client, make):
    schemas = client.get(OPENAPI).get_json()["components"]["schemas"]
    for name, field in (("ItemIn", "sku"), ("ItemIn", "base_unit"), ("Organization", "country")):
        assert schemas[name]["properties"][field]["minLength"] >= 1, (name, field)
        assert "pattern" in schemas[name]["properties"][field], (name, field)
    staff = make.api("staff")
    for body in ({"sku": "", "name": "X", "base_unit": "piece"}, {"sku": "X-1", "name": "X", "base_unit": ""},
                 {"sku": " ", "name": "X", "base_unit": "piece"}, {"sku": "X-2", "name": "X", "base_unit": " "}):
        assert staff.post("/api/v1/items", json=body).status_code == 422, body
    for country in ("", "  "):
        response = staff.post("/api/v1/organizations", json={"name": "N", "kind": "recipient", "country": country})
        assert response.status_code == 422


@pytest.fixture
def world(make):
    """Create one of everything the API reads and return the ids path parameters should name."""
    partner_org = make.org(name="Nitra Hospital", country="SK", email="store@nitra.example")  # told: notifications
    coverall = make.coverall()
    make.item("TENT", "piece", name="Tent")  # no unit mass, no packs
    shipment = make.shipment(partner_org, [("PPE-COV", "12 carton"), ("PPE-COV", "2.5 t"), ("TENT", "3 piece")],
                             status="in_transit", reference="OUT-2020-0001")
    make.shipment(partner_org, [("PPE-COV", "100 piece")], status="received", reference="OUT-2020-0002")
    make.shipment(lines=[("TENT", "1 piece")], reference="OUT-2020-0003")  # another partner's
    packing = make.shipment(partner_org, [("PPE-COV", "12 carton")], reference="OUT-2020-0004")  # a draft
    package = make.packages(packing, {"type": "pallet", "children": [
        {"type": "carton", "count": 2, "gross_mass": "7 kg", "contents": [{"line_no": 1, "quantity": "1 carton"}]}]})
    admin = make.api("admin")
    assert admin.get(f"/api/v1/shipments/{shipment.reference}/manifest.pdf").status_code == 200  # print log
    photo = upload(make.api("staff"), shipment.reference, png(), "pallet.png")
    assert photo.status_code == 201, photo.get_json()
    other, _ = make.user("staff")
    token = admin.post(f"/api/v1/users/{other.id}/tokens", json={"label": "spare"}).get_json()
    Outbox(make.app).fan_out()  # the worker's first step: the events' messages written
    return {"partner_org": partner_org, "ids": {
        "key": shipment.reference, "line_id": shipment.lines[0].id, "item_id": coverall.id,
        "org_id": partner_org.id, "user_id": other.id, "token_id": token["id"], "kind": "manifest",
        "number": package[0], "attachment_id": photo.get_json()["id"],
        "notification_id": admin.get("/api/v1/notifications").get_json()[0]["id"]}}


def _pagination_header(document: dict):
    """Return a check that X-Pagination, where documented, is JSON matching the documented schema."""
    validator = Draft4Validator({**document["components"]["schemas"]["PaginationHeader"],
                                 "definitions": document["components"]["schemas"]})

    def pagination_header_conformance(ctx, response, case):
        definition = case.operation.definition.raw["responses"].get(str(response.status_code), {})
        if "X-Pagination" not in definition.get("headers", {}):
            return None
        sent = [values for name, values in response.headers.items() if name.lower() == "x-pagination"]
        assert sent, "X-Pagination is documented as always sent"
        value = json.loads(sent[0][0] if isinstance(sent[0], list) else sent[0])
        errors = [error.message for error in validator.iter_errors(value)]
        assert not errors, f"X-Pagination {value}: {errors}"
        body = response.json()
        items = body["packages"] if isinstance(body, dict) else body  # the package list pages its "packages"
        assert value["total"] >= len(items)
        return None

    return pagination_header_conformance


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=[mode.value for mode in EXAMPLES])
@pytest.mark.parametrize("role", ["staff", "partner", "admin"])
def test_every_answer_conforms_to_the_openapi_document(app, make, world, role, mode):
    schema = schemathesis.openapi.from_wsgi(OPENAPI, app)
    _, token = make.user(role, world["partner_org"] if role == "partner" else None)
    headers = {"Authorization": f"Bearer {token}"}
    ids = world["ids"]
    positive = mode is GenerationMode.POSITIVE
    # Refused input is judged by what it must never cause: a server error, or an answer in
    # another type than documented (a body the document forbids may still be one the server
    # reads leniently, so neither its status nor its schema is checked).
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_headers_conformance, response_schema_conformance,
              _pagination_header(app.test_client().get(OPENAPI).get_json())] if positive else \
        [not_a_server_error, content_type_conformance]
    failures = []
    answered: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        # name real records: the shipment, its line, an item, the partner's organisation, a spare
        # user and token (never the caller's own, which a generated PATCH or DELETE could end)
        records = {name: ids[name] for name in re.findall(r"{(\w+)}", operation.path) if name in ids}

        def call(case, real_records: bool = True):
            if real_records:
                case.path_parameters = {**(case.path_parameters or {}), **records}
            response = case.call(headers=headers)
            answered.setdefault(label, set()).add(response.status_code)
            case.validate_response(response, checks=checks)
            return response

        @given(case=operation.as_strategy(generation_mode=mode), hostile_path=st.booleans())
        @settings(max_examples=EXAMPLES[mode], deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def exercise(case, hostile_path):
            # negative data keeps the generated path parameters half the time (a hostile id or
            # key must be a 404, not a 500), the rest names real records, so bodies are read
            call(case, real_records=positive or not hostile_path or not records)

        try:
            # a role refused the operation is refused before its input is read: one answer will do
            if call(operation.Case()).status_code != 403:
                exercise()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - report every failing operation
            failures.append(f"{label}: {error}")
    assert not failures, "\n\n".join(failures)
    if not positive:
        return
    # the calls read real records: each role got at least one answer with a body of data
    assert any(codes & {200, 201} for codes in answered.values())
    if role != "partner":
        assert 200 in answered["GET /api/v1/items/{item_id}"]
    assert 200 in answered["GET /api/v1/shipments/{key}"]
    if role == "admin":
        assert 200 in answered["GET /api/v1/audit"] and 200 in answered["GET /api/v1/users/{user_id}/tokens"]
