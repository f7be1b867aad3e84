"""The pages and the command line leave audit entries too: the signed-in user, or the system."""
from __future__ import annotations

from sqlalchemy import text

from logistics import db
from logistics.domain.audit import ENTITIES
from tests.audit.trail import just_now
from tests.web.conftest import PASSWORD

NEW_SHIPMENT = {"direction": "outbound", "kind": "donation", "origin_country": "CN",
                "origin_place": "Cangzhou", "destination_country": "SK", "destination_place": "Nitra",
                "line-0-sku": "PPE-COV", "line-0-quantity": "1,200 box"}


def _by(entries, user) -> bool:
    return all(e.actor_id == user.id and e.actor_email == user.email and just_now(e.at) for e in entries)


def test_a_shipment_logged_through_the_page_form_is_recorded_as_the_signed_in_user(make, signed_in, trail):
    make.coverall()
    org = make.org()
    staff = signed_in("staff")
    mark = trail.mark()

    response = staff.submit(staff.get("/shipments/new"), "Log shipment",
                            {**NEW_SHIPMENT, "counterparty_id": str(org.id)})

    assert response.status_code == 302
    entries = trail.since(mark)
    assert sorted((e.action, e.entity) for e in entries) == [
        ("create", "shipment_events"), ("create", "shipment_lines"), ("create", "shipments")]
    assert next(e for e in entries if e.entity == "shipment_lines").after["quantity_value"] == "1200"
    assert _by(entries, staff.user)


def test_a_refused_page_form_leaves_no_entry(make, signed_in, trail):
    make.coverall()
    org = make.org()
    staff = signed_in("staff")
    mark = trail.mark()

    response = staff.submit(staff.get("/shipments/new"), "Log shipment",
                            {**NEW_SHIPMENT, "counterparty_id": str(org.id), "line-0-quantity": "3 parsec"})

    assert response.status_code == 422
    assert trail.since(mark) == []


def test_replacing_the_tracking_link_on_the_page_is_recorded_without_either_link(make, signed_in, trail):
    make.coverall()
    shipment = make.shipment()
    staff = signed_in("staff")
    mark = trail.mark()

    page = staff.get(f"/shipments/{shipment.reference}")
    response = staff.submit(page, "Replace the link (the old one stops working)")

    assert response.status_code == 302
    [entry] = trail.since(mark)
    assert (entry.before["tracking_token"], entry.after["tracking_token"]) == ("***", "***")
    assert (entry.before["version"], entry.after["version"]) == (1, 2)
    assert shipment.tracking_token not in trail.raw()
    assert _by([entry], staff.user)


def test_changing_ones_password_on_the_page_is_recorded_as_oneself_with_the_hash_masked(signed_in, trail):
    staff = signed_in("staff")
    mark = trail.mark()

    response = staff.submit(staff.get("/password"), "Change password",
                            {"current": PASSWORD, "new": "a new secret 12", "repeat": "a new secret 12"})

    assert response.status_code == 302
    [entry] = trail.since(mark)
    assert (entry.action, entry.entity, entry.entity_id) == ("update", "users", staff.user.id)
    assert entry.before == {"password_hash": "***"} and entry.after == {"password_hash": "***"}
    assert _by([entry], staff.user)


def test_the_demo_loader_records_every_row_it_creates_as_the_system_and_a_rerun_records_nothing(
        app, runner, trail):
    assert runner.invoke(args=["demo"]).exit_code == 0
    entries = trail.since(0)
    mark = trail.mark()

    assert runner.invoke(args=["demo"]).exit_code == 0

    assert trail.since(mark) == []
    assert {(e.actor_id, e.actor_email) for e in entries} == {(None, "system")}
    with db.new_session(app) as session:
        for table in ENTITIES:
            rows = set(session.execute(text(f"SELECT id FROM {table}")).scalars())
            assert {e.entity_id for e in entries if e.entity == table and e.action == "create"} == rows, table
    received = [e for e in entries if e.entity == "shipments" and e.after.get("status") == "received"]
    assert len(received) == 3


def test_user_and_token_commands_are_recorded_as_the_system(runner, trail):
    mark = trail.mark()

    added = runner.invoke(args=["user", "add", "ops@example.org", "--role", "manager", "--password-stdin"],
                          input="correct horse battery\n")
    issued = runner.invoke(args=["token", "issue", "ops@example.org"])
    created = trail.since(mark, entity="api_tokens")[0]
    revoked = runner.invoke(args=["token", "revoke", str(created.entity_id)])

    assert (added.exit_code, issued.exit_code, revoked.exit_code) == (0, 0, 0)
    assert [(e.action, e.entity) for e in trail.since(mark)] == [
        ("create", "users"), ("create", "api_tokens"), ("update", "api_tokens")]
    assert {(e.actor_id, e.actor_email) for e in trail.since(mark)} == {(None, "system")}
    assert issued.output.strip() not in trail.raw()
