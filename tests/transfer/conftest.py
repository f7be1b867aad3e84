"""Import and export fixtures: a catalogue to import against, files built in memory, the import run."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from logistics import db
from logistics.domain.access import Actor, Role
from logistics.models import Shipment
from logistics.transfer import import_file


@pytest.fixture
def catalogue(make):
    """Two partners (one with a non-Latin name), a supplier and the demo's items."""
    make.coverall()
    make.mask()
    make.item("GEL", "L", "0.9 kg", name="Hand gel")
    make.item("RICE", "kg", name="Rice")
    return {"brat": make.org(name="Bratislava Hospital", country="SK"),
            "krak": make.org(name="Kraków Aid", country="PL"),
            "supplier": make.org(name="Zlín Textiles", country="CZ", kind="supplier")}


@pytest.fixture
def staff(make):
    """Return a staff member as an actor."""
    user, _ = make.user("staff")
    return Actor(user_id=user.id, role=Role.STAFF, email=user.email)


@pytest.fixture
def run_import(app, staff):
    """Return a callable that imports bytes as a staff member and returns the report."""

    def run(data: bytes, filename: str = "shipments.csv", dry_run: bool = False, actor: Actor = None):
        with app.app_context(), db.new_session(app) as session:
            return import_file(session, actor or staff, io.BytesIO(data), filename, dry_run=dry_run)

    return run


@pytest.fixture
def stored(app):
    """Return a callable that reads every shipment with its lines as plain values, by reference."""

    def read() -> dict:
        with app.app_context(), db.new_session(app) as session:
            result = {}
            for shipment in session.scalars(select(Shipment).order_by(Shipment.reference)):
                header = {k: v for k, v in shipment.model_dump().items()
                          if k not in ("id", "tracking_token", "created_at", "updated_at")}
                header["lines"] = [{k: v for k, v in line.model_dump().items()
                                    if k not in ("id", "shipment_id")} for line in shipment.lines]
                result[shipment.reference] = header
            return result

    return read
