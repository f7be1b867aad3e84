"""The input schemas build the commands the services take: typed values, and what a change names."""
from __future__ import annotations

from decimal import Decimal

import pytest
from marshmallow import ValidationError

from logistics.domain.items import CreateItem, PackSpec, UpdateItem
from logistics.domain.organizations import CreateOrganization, OrgKind, UpdateOrganization
from logistics.domain.roles import Role
from logistics.domain.users import CreateUser, IssueToken, UpdateUser
from logistics.schemas.items import ItemInSchema
from logistics.schemas.organizations import OrganizationSchema
from logistics.schemas.users import TokenInSchema, UserSchema, UserUpdateSchema
from logistics.units import Quantity


def test_a_new_organisation_is_a_command_with_its_kind_as_an_enum():
    command = OrganizationSchema().load({"name": " Nitra Depot ", "country": "sk", "kind": "recipient"})

    assert command == CreateOrganization("Nitra Depot", "SK", OrgKind.RECIPIENT)
    assert command.columns() == {"name": "Nitra Depot", "country": "SK", "kind": "recipient",
                                 "contact_name": None, "email": None, "phone": None, "address": None,
                                 "eori": None, "vat_number": None, "language": None,
                                 "document_language": None, "document_bilingual": False}


def test_a_change_to_an_organisation_names_the_fields_sent_and_a_null_clears_one():
    command = OrganizationSchema(partial=True).load({"kind": "donor", "phone": None})

    assert command == UpdateOrganization(given=frozenset({"kind", "phone"}), kind=OrgKind.DONOR)
    assert command.columns() == {"kind": "donor", "phone": None}


def test_a_new_item_carries_its_packs_and_unit_mass_as_quantities():
    command = ItemInSchema().load({"sku": "PPE-COV", "name": "Coverall", "base_unit": "pcs",
                                 "unit_mass": "0.35 kg",
                                 "packs": [{"name": "box", "quantity": "25 piece"},
                                           {"name": "carton", "quantity": {"value": "4", "unit": "box"}}]})

    assert command == CreateItem(
        "PPE-COV", "Coverall", "piece", unit_mass=Quantity(Decimal("0.35"), "kg"),
        packs=(PackSpec("box", Quantity(Decimal("25"), "piece")),
               PackSpec("carton", Quantity(Decimal("4"), "box"))))


def test_a_change_to_an_item_without_packs_does_not_name_them():
    command = ItemInSchema(partial=True).load({"name": "Coverall, white"})

    assert command == UpdateItem(given=frozenset({"name"}), name="Coverall, white")
    assert command.packs is None


def test_a_new_user_is_created_active_whatever_the_body_says_and_its_role_is_an_enum():
    command = UserSchema().load({"email": "eva@example.org", "role": "staff", "active": False,
                                 "password": "a long enough secret"})

    assert command == CreateUser("eva@example.org", Role.STAFF, password="a long enough secret")


def test_a_command_never_shows_a_password():
    created = UserSchema().load({"email": "eva@example.org", "role": "staff",
                                 "password": "a long enough secret"})
    changed = UserUpdateSchema(partial=True).load({"password": "another long secret"})

    assert "secret" not in repr(created) and "secret" not in repr(changed)


def test_a_change_to_a_user_names_the_fields_sent():
    command = UserUpdateSchema(partial=True).load({"role": "partner", "organization_id": 3,
                                                   "active": False})

    assert command == UpdateUser(given=frozenset({"role", "organization_id", "active"}), role=Role.PARTNER,
                                 organization_id=3, active=False)


def test_a_user_change_cannot_name_an_email():
    with pytest.raises(ValidationError, match="email"):
        UserUpdateSchema(partial=True).load({"email": "other@example.org"})


@pytest.mark.parametrize("body, label", [({}, None), ({"label": " laptop "}, "laptop"),
                                         ({"label": ""}, None)])
def test_a_token_request_is_a_command_with_its_label(body, label):
    assert TokenInSchema().load(body) == IssueToken(label)
