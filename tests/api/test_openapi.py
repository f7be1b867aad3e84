"""The OpenAPI document is valid and served, and no generated input makes the API fail with a 500."""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error


def test_openapi_document_is_served_without_a_token_and_is_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate(document)
    assert "/api/v1/shipments/{key}/events" in document["paths"]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_generated_requests_never_cause_a_server_error(app, make):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    make.coverall()
    _, token = make.user("admin")
    headers = {"Authorization": f"Bearer {token}"}
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def exercise(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            exercise()
        except Exception as error:  # noqa: BLE001 - collected to report every failing operation
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
