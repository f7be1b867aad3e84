"""Changing organisations, items and users through the API: a change touches what it names, nothing else."""
from __future__ import annotations

from tests.answers import expect
from tests.factories import ApiClient

API = "/api/v1"


def test_a_change_to_an_organisation_sets_what_it_sends_and_a_null_clears(make):
    org = make.org(name="Nitra Depot", phone="+421 37 654 1111", contact_name="Eva")
    staff = make.api("staff")

    changed = expect(staff.patch(f"{API}/organizations/{org.id}", json={"phone": None, "kind": "donor"}),
                      200)

    assert (changed["name"], changed["contact_name"], changed["phone"], changed["kind"]) == (
        "Nitra Depot", "Eva", None, "donor")


def test_an_item_keeps_its_packs_unless_a_change_sends_new_ones(make):
    item = make.item("PPE-COV", "piece", "0.35 kg", [("box", "25 piece"), ("carton", "4 box")])
    staff = make.api("staff")

    renamed = expect(staff.patch(f"{API}/items/{item.id}", json={"name": "Coverall, white"}), 200)
    repacked = expect(staff.patch(f"{API}/items/{item.id}", json={
        "packs": [{"name": "box", "quantity": "20 piece"}], "unit_mass": None}), 200)

    assert [(p["name"], p["base"]["value"]) for p in renamed["packs"]] == [("box", "25"), ("carton", "100")]
    assert renamed["unit_mass"] == {"value": "0.35", "unit": "kg"}
    assert (repacked["name"], repacked["unit_mass"]) == ("Coverall, white", None)
    assert [(p["name"], p["base"]["value"]) for p in repacked["packs"]] == [("box", "20")]


def test_deactivating_a_user_revokes_their_tokens_and_keeps_the_rest(make):
    org = make.org()
    user, token = make.user("partner", org, email="eva@nitra.example")
    admin = make.api("admin")

    changed = expect(admin.patch(f"{API}/users/{user.id}", json={"active": False}), 200)

    assert (changed["active"], changed["role"], changed["organization_id"], changed["email"]) == (
        False, "partner", org.id, "eva@nitra.example")
    assert expect(ApiClient(make.app, token).get(f"{API}/me"), 401)["code"] == 401
    assert all(t["revoked_at"] for t in expect(admin.get(f"{API}/users/{user.id}/tokens"), 200))


def test_a_partner_user_cannot_be_made_staff_while_they_keep_an_organisation(make):
    user, _ = make.user("partner", make.org())

    error = expect(make.api("admin").patch(f"{API}/users/{user.id}", json={"role": "staff"}), 422)

    assert "organization_id" in error["errors"]
    assert expect(make.api("admin").get(f"{API}/users/{user.id}"), 200)["role"] == "partner"


def test_a_token_is_issued_with_its_label(make):
    user, _ = make.user("staff")

    issued = expect(make.api("admin").post(f"{API}/users/{user.id}/tokens", json={"label": "laptop"}), 201)

    assert issued["label"] == "laptop" and issued["token"].startswith("lgx_")
    assert expect(ApiClient(make.app, issued["token"]).get(f"{API}/me"), 200)["id"] == user.id
