"""A page's edit form sent back unchanged writes nothing: no new version, audit entry or revision."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from logistics import db
from logistics.models import AuditEntry, Shipment
from logistics.services.document_data import document_data
from logistics.services.documents import operator_from


@pytest.fixture
def shipment(make):
    make.coverall()
    org = make.org(name="Nitra Hospital")
    return make.shipment(counterparty=org, reference="OUT-2020-0001", carrier="DHL", notes="fragile",
                         origin_place="Cangzhou", planned_departure=None, lines=[("PPE-COV", "4 box")])


def _state(app) -> tuple:
    """Return the shipment's version and updated_at, the audit trail's length and the manifest's revision."""
    with app.app_context(), db.new_session(app) as session:
        row = session.scalars(select(Shipment)).one()
        revision = document_data(session, row, "manifest", operator_from(app.config)).revision
        return (row.version, row.updated_at, session.scalar(select(func.count()).select_from(AuditEntry)),
                revision)


def test_the_header_form_saved_unchanged_writes_nothing(app, signed_in, shipment):
    staff = signed_in("staff")
    before = _state(app)

    response = staff.submit(staff.get("/shipments/OUT-2020-0001/edit"), "Save")

    assert response.status_code == 302
    assert _state(app) == before


def test_a_line_form_saved_unchanged_writes_nothing(app, signed_in, shipment):
    staff = signed_in("staff")
    before = _state(app)

    response = staff.submit(staff.get("/shipments/OUT-2020-0001"), "Save",
                            where=lambda form: form.value("quantity") == "4 box")

    assert response.status_code == 302
    assert _state(app) == before


def test_the_header_form_with_one_change_is_written(app, signed_in, shipment):
    staff = signed_in("staff")
    version, updated_at, audit, revision = _state(app)

    staff.submit(staff.get("/shipments/OUT-2020-0001/edit"), "Save", {"carrier": "UPS"})

    after = _state(app)
    assert after[0] == version + 1 and after[1] > updated_at and after[2] == audit + 1 and after[3] != revision
