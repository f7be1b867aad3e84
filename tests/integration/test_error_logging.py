"""A server error's log entry names the route and the SQL, never the values a request sent."""
from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from logistics import db
from logistics.models import Organization
from tests.factories import Factories


@pytest.fixture
def failing_app(own_app):
    """An app of the test's own that answers a 500 (and logs it) instead of raising into the test."""
    return own_app(PROPAGATE_EXCEPTIONS=False, WTF_CSRF_ENABLED=False)


@contextmanager
def table_gone(app, table: str):
    """Rename a table for the duration, so every statement on it fails in the database."""
    engine = db.engine_of(app)
    with engine.begin() as connection:
        connection.execute(text(f'ALTER TABLE "{table}" RENAME TO "{table}_gone"'))
    try:
        yield
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'ALTER TABLE "{table}_gone" RENAME TO "{table}"'))


def _logged(caplog) -> str:
    """Return everything logged, tracebacks included, as an operator would read it."""
    return "\n".join(caplog.text.splitlines())


def test_a_tracking_token_is_not_logged_when_its_page_fails(failing_app, caplog):
    make = Factories(failing_app)
    make.coverall()
    shipment = make.shipment()
    token = shipment.tracking_token
    caplog.set_level(logging.ERROR)
    with table_gone(failing_app, "shipments"):
        response = failing_app.test_client().get(f"/track/{token}")
    assert response.status_code == 500
    logged = _logged(caplog)
    assert "Exception on /track/<token> [GET]" in logged
    assert "shipments" in logged  # the SQL is there, to find the fault
    assert token not in logged


def test_an_attempted_email_is_not_logged_when_sign_in_fails(failing_app, caplog):
    email = "someone.trying@example.org"
    caplog.set_level(logging.ERROR)
    with table_gone(failing_app, "users"):
        response = failing_app.test_client().post("/login", data={"email": email, "password": "guess 12345"})
    assert response.status_code == 500
    logged = _logged(caplog)
    assert "Exception on /login [POST]" in logged
    assert "users" in logged
    assert "someone.trying" not in logged
    assert "guess 12345" not in logged


def test_a_constraint_violation_logs_neither_the_parameters_nor_the_databases_quote_of_them(
        failing_app, caplog):
    secret_name = "Very Private Partner 7731"

    @failing_app.post("/duplicate-organisation")
    def duplicate():
        """Insert the same organisation twice, past the services' own check (a real unique violation)."""
        with db.new_session(failing_app) as session:
            for _ in range(2):
                session.add(Organization(name=secret_name, country="SK", kind="recipient"))
                session.flush()
        return "never"

    caplog.set_level(logging.ERROR)
    response = failing_app.test_client().post("/duplicate-organisation")
    assert response.status_code == 500
    logged = _logged(caplog)
    assert "IntegrityError" in logged and "INSERT INTO organizations" in logged
    assert "Private Partner" not in logged
