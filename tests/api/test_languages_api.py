"""The language of users and organisations through the API: one of six codes, or null."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from logistics import db
from tests.answers import expect
from tests.factories import ApiClient

API = "/api/v1"


def test_an_admin_sets_and_clears_a_users_language_and_the_user_reads_it_on_me(app, make):
    org = make.org()
    user, token = make.user("partner", org)
    admin = make.api("admin")

    assert expect(admin.patch(f"{API}/users/{user.id}", json={"language": "pl"}), 200)["language"] == "pl"
    me = ApiClient(app, token)
    assert expect(me.get(f"{API}/me"), 200)["language"] == "pl"
    assert expect(admin.patch(f"{API}/users/{user.id}", json={"language": None}), 200)["language"] is None
    created = expect(admin.post(f"{API}/users", json={"email": "hr@example.org", "role": "staff",
                                                       "language": "zh"}), 201)
    assert created["language"] == "zh"


def test_staff_give_an_organisation_a_default_language(make):
    staff = make.api("staff")

    created = expect(staff.post(f"{API}/organizations", json={
        "name": "Klinički bolnički centar Osijek", "country": "HR", "kind": "recipient", "language": "hr"}), 201)
    changed = expect(staff.patch(f"{API}/organizations/{created['id']}", json={"language": "en"}), 200)

    assert created["language"] == "hr" and changed["language"] == "en"


@pytest.mark.parametrize("value", ["de", "", "PL", "zh-Hans", "zh_CN", 5, "x" * 10000])
def test_an_unknown_language_is_refused_with_422_naming_the_field_and_nothing_changes(make, value):
    org = make.org(language="sk")
    user, _ = make.user("partner", org, language="cs")
    admin = make.api("admin")

    for path in (f"{API}/users/{user.id}", f"{API}/organizations/{org.id}"):
        body = expect(admin.patch(path, json={"language": value}), 422)
        assert "language" in str(body)
        assert "x" * 200 not in str(body)

    assert expect(admin.get(f"{API}/users/{user.id}"), 200)["language"] == "cs"
    assert expect(admin.get(f"{API}/organizations/{org.id}"), 200)["language"] == "sk"


@pytest.mark.parametrize("table", ["users", "organizations"])
def test_the_database_itself_keeps_only_the_six_codes(app, make, table):
    make.org()
    make.user("staff")
    with app.app_context(), db.new_session(app) as session, pytest.raises(IntegrityError):
        session.execute(text(f"UPDATE {table} SET language = 'de'"))
        session.flush()
