"""Applying, the last stage of an import: a plan written as it says, in the caller's transaction."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from logistics import db
from logistics.domain.import_plan import Plan, ShipmentChange, plan_shipments
from logistics.errors import StaleVersion
from logistics.models import AuditEntry, Shipment
from logistics.services.import_apply import NewRows, apply, write_new
from logistics.services.imports import DatabaseCatalogue
from logistics.unit_of_work import writing
from tests.transfer.files import row
from tests.transfer.stages import checked


def test_a_plan_writes_its_new_shipments_lines_and_history_in_bulk_each_with_an_audit_entry(
        app, catalogue, staff, stored):
    with app.app_context(), db.new_session(app) as session:
        found = DatabaseCatalogue(session)
        first = checked(row(line_no="1"), row(line_no="2", sku="RICE", quantity="1.5 t", unit=""),
                        catalogue=found)
        second = checked(row(reference="IMP-0002", status="received"), catalogue=found)
        plan = plan_shipments([first, second], {})
        new = NewRows()
        with writing(session, staff):
            apply(session, staff, plan, new)
            assert session.scalar(select(func.count()).select_from(Shipment)) == 0  # kept until written
            write_new(session, staff, new, "imported from test")
        audited = dict(session.execute(
            select(AuditEntry.entity, func.count()).where(AuditEntry.actor_id == staff.user_id)
            .group_by(AuditEntry.entity)).all())

    shipments = stored()
    assert [(line["line_no"], line["quantity_value"], line["quantity_unit"], line["base_micro"])
            for line in shipments["IMP-0001"]["lines"]] == [(1, "1000", "piece", 10**9),
                                                            (2, "1.5", "t", 1500 * 10**6)]
    assert (shipments["IMP-0002"]["status"], shipments["IMP-0002"]["lines"][0]["received_micro"]) == (
        "received", 10**9)
    assert shipments["IMP-0001"]["counterparty_id"] == catalogue["brat"].id
    assert audited == {"shipments": 2, "shipment_lines": 3, "shipment_events": 2}


def test_a_planned_change_is_written_on_the_version_it_was_planned_on_or_refused(app, make, catalogue, staff,
                                                                                 stored):
    shipment = make.shipment(catalogue["brat"], [("PPE-COV", "100 piece")], reference="IMP-0001")
    lines = checked(row(line_no="1", quantity="200"),
                    row(line_no="2", sku="RICE", quantity="1 t", unit="")).lines
    change = ShipmentChange(shipment.id, shipment.version, (("carrier", "DHL"),),
                            ((shipment.lines[0].id, lines[0]), (None, lines[1])))
    stale = dataclasses.replace(change, version=shipment.version + 1)

    with app.app_context(), db.new_session(app) as session:
        with pytest.raises(StaleVersion), writing(session, staff):
            apply(session, staff, Plan(change=(stale,)), NewRows())
        with writing(session, staff):
            apply(session, staff, Plan(change=(change,)), NewRows())

    written = stored()["IMP-0001"]
    assert (written["version"], written["carrier"]) == (shipment.version + 1, "DHL")
    assert [(line["line_no"], line["quantity_value"], line["base_micro"]) for line in written["lines"]] == [
        (1, "200", 200 * 10**6), (2, "1", 1000 * 10**6)]
