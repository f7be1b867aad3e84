"""The unit of work: two services share one transaction, and a failure anywhere in it keeps nothing."""
from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import func, select

from logistics import db
from logistics.domain.access import SYSTEM, Actor
from logistics.domain.items import CreateItem, PackSpec
from logistics.domain.organizations import CreateOrganization, OrgKind
from logistics.domain.roles import Role
from logistics.errors import Conflict
from logistics.models import AuditEntry, Item, Organization
from logistics.services import items, organizations
from logistics.unit_of_work import UnitFailed, actor_of, in_unit, writing
from logistics.units import parse_quantity

CLERK = Actor(user_id=None, role=Role.STAFF, email="clerk@example.org")


def _partner(name: str = "Fakultná nemocnica Nitra") -> CreateOrganization:
    return CreateOrganization(name, "SK", OrgKind.RECIPIENT)


def _item(sku: str = "PPE-COV") -> CreateItem:
    return CreateItem(sku, "Medical protective coverall", "piece", unit_mass=parse_quantity("0.35 kg"),
                      packs=(PackSpec("box", parse_quantity("25 piece")),))


def _stored(app, model, column, value) -> int:
    """Count the rows another session sees (what is committed)."""
    with db.new_session(app) as other:
        return other.scalar(select(func.count()).select_from(model).where(column == value))


def _audited(app) -> int:
    with db.new_session(app) as other:
        return other.scalar(select(func.count()).select_from(AuditEntry))


def test_two_services_in_one_unit_commit_together_at_its_end(app, session):
    with writing(session, SYSTEM):
        organizations.create_organization(session, SYSTEM, _partner())
        assert _stored(app, Organization, Organization.name, "Fakultná nemocnica Nitra") == 0
        items.create_item(session, SYSTEM, _item())
        assert _stored(app, Item, Item.sku, "PPE-COV") == 0
    assert _stored(app, Organization, Organization.name, "Fakultná nemocnica Nitra") == 1
    assert _stored(app, Item, Item.sku, "PPE-COV") == 1


def test_a_failure_in_the_second_service_rolls_back_the_first(app, session):
    items.create_item(session, SYSTEM, _item())
    entries = _audited(app)
    with pytest.raises(Conflict, match="exists already"), writing(session, SYSTEM):
        organizations.create_organization(session, SYSTEM, _partner())
        items.create_item(session, SYSTEM, _item())  # the same SKU again
    assert _stored(app, Organization, Organization.name, "Fakultná nemocnica Nitra") == 0
    assert _audited(app) == entries
    assert not in_unit(session)


def test_a_failure_caught_inside_the_unit_still_rolls_the_whole_unit_back(app, session):
    items.create_item(session, SYSTEM, _item())
    with pytest.raises(UnitFailed), writing(session, SYSTEM):
        organizations.create_organization(session, SYSTEM, _partner())
        with contextlib.suppress(Conflict):  # caught, yet the unit must not commit half its work
            items.create_item(session, SYSTEM, _item())
    assert _stored(app, Organization, Organization.name, "Fakultná nemocnica Nitra") == 0


def test_a_unit_writes_its_changes_and_their_audit_entries_for_its_actor(app, session):
    with writing(session, CLERK):
        assert actor_of(session) == CLERK
        organizations.create_organization(session, CLERK, _partner())
    assert actor_of(session) is None
    with db.new_session(app) as other:
        emails = set(other.scalars(
            select(AuditEntry.actor_email).where(AuditEntry.entity == "organizations")))
    assert emails == {"clerk@example.org"}


def test_a_service_for_another_actor_cannot_join_a_unit_and_nothing_is_kept(app, session):
    with pytest.raises(ValueError, match="cannot join"), writing(session, CLERK):
        organizations.create_organization(session, CLERK, _partner("Szpital Wojewódzki Łódź"))
        organizations.create_organization(session, SYSTEM, _partner())
    assert _stored(app, Organization, Organization.name, "Szpital Wojewódzki Łódź") == 0


def test_the_system_may_be_named_as_none_or_as_system_in_one_unit(app, session):
    with writing(session):
        organizations.create_organization(session, SYSTEM, _partner())
    assert _stored(app, Organization, Organization.name, "Fakultná nemocnica Nitra") == 1


def test_a_service_called_alone_commits_its_own_unit(app, session):
    organizations.create_organization(session, SYSTEM, _partner())
    assert _stored(app, Organization, Organization.name, "Fakultná nemocnica Nitra") == 1
    assert not in_unit(session)
