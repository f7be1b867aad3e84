"""Reading an HTTP answer in a test: its JSON after checking the status, a 422's messages per field."""
from __future__ import annotations


def expect(response, status: int = 200):
    """Return the JSON body after checking the status code (showing the body when it differs)."""
    body = response.get_json(silent=True)
    assert response.status_code == status, (response.status_code, body)
    return body


def field_errors(body: dict) -> dict:
    """Return a 422's messages per field (the schema's are under the location they came from)."""
    return body["errors"].get("json", body["errors"])
