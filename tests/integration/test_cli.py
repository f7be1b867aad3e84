"""The `logistics` command line: demo, users, tokens, database."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from sqlalchemy import text

from logistics import db, migrate


def _counts(app) -> dict:
    with db.new_session(app) as session:
        return {table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ("organizations", "items", "shipments", "shipment_lines",
                              "shipment_events", "users", "api_tokens")}


def test_demo_loads_the_story_and_a_second_run_changes_nothing(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = _counts(app)
    assert counts["organizations"] == 6 and counts["items"] == 4 and counts["shipments"] == 5
    assert counts["users"] == 3 + 5
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert _counts(app) == counts
    for role in ("admin", "manager", "staff", "partner"):
        assert re.search(rf"^\s+{role}\s+\S+@", first.output, re.M)
    assert first.output.count("token:    lgx_") == 8
    assert second.output.count("token:    lgx_") == 8


def test_demo_totals_match_the_published_figures(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with db.new_session(app) as session:
        rows = dict(session.execute(text(
            "SELECT s.direction, sum(l.base_micro) FROM shipment_lines l "
            "JOIN shipments s ON s.id = l.shipment_id GROUP BY s.direction")).all())
    assert int(rows["inbound"]) == 22_500 * 10**6      # kg
    assert int(rows["outbound"]) == 345_000 * 10**6    # pieces


def test_demo_token_works_against_the_api(app, runner):
    output = runner.invoke(args=["demo"]).output
    token = re.search(r"staff@\S+\n\s+password: \S+\n\s+token:\s+(\S+)", output).group(1)
    response = app.test_client().get("/api/v1/shipments", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert {s["reference"] for s in response.get_json()} >= {"IN-2020-0001", "OUT-2020-0003"}


def test_user_add_reads_the_password_from_stdin_and_token_issue_prints_only_the_token(app, runner):
    result = runner.invoke(args=["user", "add", "ops@example.org", "--role", "manager",
                                 "--name", "Ops", "--password-stdin"], input="correct horse battery\n")
    assert result.exit_code == 0, result.output
    issued = runner.invoke(args=["token", "issue", "ops@example.org"])
    assert issued.exit_code == 0
    lines = issued.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("lgx_")
    me = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {lines[0]}"})
    assert me.get_json()["email"] == "ops@example.org"


def test_partner_user_needs_an_existing_organisation(app, runner, make):
    org = make.org(name="Szpital Wojewódzki Łódź", country="PL")
    missing = runner.invoke(args=["user", "add", "p@example.org", "--role", "partner",
                                  "--password-stdin"], input="long enough pw\n")
    assert missing.exit_code == 1
    assert "organisation" in missing.output
    ok = runner.invoke(args=["user", "add", "p@example.org", "--role", "partner",
                             "--org", "szpital wojewódzki łódź", "--password-stdin"],
                       input="long enough pw\n")
    assert ok.exit_code == 0, ok.output
    with db.new_session(app) as session:
        org_id = session.execute(text("SELECT organization_id FROM users WHERE email = 'p@example.org'"))
        assert org_id.scalar() == org.id


def test_token_revoke_stops_the_token(app, runner, make):
    user, token = make.user("staff")
    client = app.test_client()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with db.new_session(app) as session:
        token_id = session.execute(text("SELECT id FROM api_tokens WHERE user_id = :u"),
                                   {"u": user.id}).scalar()
    assert runner.invoke(args=["token", "revoke", str(token_id)]).exit_code == 0
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_console_script_and_flask_app_option_both_reach_the_commands(database_url, tmp_path):
    env = {**os.environ, "LOGISTICS_DATABASE_URL": database_url, "LOGISTICS_SECRET_KEY": "s" * 32,
           "LOGISTICS_INSTANCE_PATH": str(tmp_path)}
    bindir = os.path.dirname(sys.executable)
    for command in ([os.path.join(bindir, "logistics"), "db", "upgrade"],
                    [os.path.join(bindir, "flask"), "--app", "logistics", "db", "current"]):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert migrate.head_revision(None) in result.stdout


def test_errors_name_the_field_in_words_not_python_lists(app, runner):
    short = runner.invoke(args=["user", "add", "ops@example.org", "--role", "manager",
                                "--password-stdin"], input="short\n")
    assert short.exit_code == 1
    assert "[" not in short.output and "'" not in short.output, short.output
    assert re.search(r"^  password: .*characters", short.output, re.MULTILINE), short.output
    bad = runner.invoke(args=["export", "out.csv", "--country", "Atlantis"])
    assert bad.exit_code == 1
    assert "[" not in bad.output and re.search(r"^  country: ", bad.output, re.MULTILINE), bad.output
