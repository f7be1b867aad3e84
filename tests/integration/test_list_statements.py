"""A list page issues the same number of statements whatever its size: no query per listed shipment."""
from __future__ import annotations

import json
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from logistics import db
from tests.web.conftest import signed_in  # noqa: F401 - a fixture


@contextmanager
def counted(app):
    """Collect the SQL statements the app's engine runs (BEGIN/COMMIT/ROLLBACK are not statements)."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine_of(app)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)



@pytest.fixture
def catalogue(make):
    """The coverall (box = 25 piece) and the mask (box = 20 piece)."""
    return make.coverall(), make.mask()

@pytest.fixture
def many(make, catalogue):
    """Twenty-four shipments of three lines each."""
    org = make.org(name="Nitra Hospital")
    for n in range(1, 25):
        make.shipment(counterparty=org, reference=f"OUT-2020-{n:04d}",
                      lines=(("PPE-COV", "100 piece"), ("PPE-N95", "2 box"), ("PPE-COV", "1 box")))


def _statements(app, client, path: str, **kwargs) -> list[str]:
    with counted(app) as statements:
        response = client.get(path, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return [s for s in statements if not s.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE"))]


@pytest.mark.parametrize("extra", ["", "&include=totals", "&status=draft", "&q=OUT-2020"])
def test_an_api_list_page_of_twenty_costs_the_statements_of_a_page_of_two(app, make, many, extra):
    api = make.api("staff")

    small = _statements(app, api.client, f"/api/v1/shipments?page_size=2{extra}", headers=api._headers(None))
    large = _statements(app, api.client, f"/api/v1/shipments?page_size=20{extra}", headers=api._headers(None))

    assert len(large) == len(small), "\n".join(large)
    assert len(small) <= 6, "\n".join(small)  # token, total, page, line counts or lines (+ one lookup)


def test_a_cursor_page_costs_what_the_first_page_does(app, make, many):
    api = make.api("staff")
    first = api.get("/api/v1/shipments?page_size=5")
    cursor = json.loads(first.headers["X-Pagination"])["next_cursor"]

    newest = _statements(app, api.client, "/api/v1/shipments?page_size=5", headers=api._headers(None))
    deeper = _statements(app, api.client, f"/api/v1/shipments?page_size=5&cursor={cursor}",
                         headers=api._headers(None))

    assert len(deeper) == len(newest)


def test_the_web_list_costs_the_same_statements_for_one_shipment_as_for_a_full_page(app, make, catalogue,
                                                                                     many, signed_in):
    staff = signed_in("staff")

    one = _statements(app, staff, "/shipments?q=OUT-2020-0001")
    full = _statements(app, staff, "/shipments")

    assert len(full) == len(one), "\n".join(full)
