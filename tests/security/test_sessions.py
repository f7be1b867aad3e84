"""Sessions that really end, sign-in that tells nothing about which emails exist, and a throttle
that cannot be raced and cannot lock an owner out of their usual address: on both backends."""
from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from logistics import config, db
from logistics.models.types import utcnow
from logistics.services import passwords, throttle
from tests.audit.trail import Trail
from tests.web.conftest import PASSWORD, Browser
from tests.web.conftest import browser, signed_in  # noqa: F401  (the page tests' browsers)

API = "/api/v1"
NEW_PASSWORD = "battery staple 2"


def _copy_of(browser: Browser, app) -> Browser:
    """Return a second browser holding a copy of this browser's session cookie (as a thief would)."""
    cookie = browser.client.get_cookie("session")
    assert cookie is not None
    thief = Browser(app.test_client(), browser.user)
    thief.client.set_cookie("session", cookie.value)
    return thief


def _is_signed_in(browser: Browser) -> bool:
    response = browser.get("/shipments")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert urllib.parse.urlsplit(response.headers["Location"]).path == "/login"
    return response.status_code == 200


def _at(browser: Browser, address: str) -> Browser:
    browser.client.environ_base["REMOTE_ADDR"] = address
    return browser


def _sql(app, statement: str, **params) -> None:
    with db.engine_of(app).begin() as connection:
        connection.execute(text(statement), params)


# --- sessions end on the server ------------------------------------------------------------

def test_a_copied_cookie_stops_working_once_its_browser_signs_out(signed_in, app):
    owner = signed_in("staff")
    thief = _copy_of(owner, app)
    assert _is_signed_in(thief)

    owner.submit(owner.get("/shipments"), "Sign out")

    assert not _is_signed_in(thief)
    assert not _is_signed_in(owner)


def test_signing_out_everywhere_on_the_page_ends_every_session_of_the_user_only(signed_in, app):
    here = signed_in("staff")
    elsewhere = Browser(app.test_client(), here.user)
    assert elsewhere.sign_in(here.user.email, PASSWORD).status_code == 302
    thief = _copy_of(here, app)
    colleague = signed_in("staff")

    response = here.submit(here.get("/password"), "Sign out everywhere")

    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "You are signed out everywhere (2 sessions ended)." in here.get("/login").get_data(as_text=True)
    assert not any(_is_signed_in(b) for b in (here, elsewhere, thief))
    assert _is_signed_in(colleague)


def test_signing_out_everywhere_through_the_api_ends_the_callers_page_sessions(signed_in, app, make):
    owner = signed_in("staff")
    thief = _copy_of(owner, app)
    _, token = make.user("staff")  # someone else's token ends only their own sessions
    other = make.anonymous()
    other.token = token
    assert other.delete(f"{API}/me/sessions").get_json() == {"sessions_ended": 0}
    assert _is_signed_in(thief)
    api = make.anonymous()
    api.token = _token_of(make, owner.user)

    response = api.delete(f"{API}/me/sessions")

    assert response.status_code == 200 and response.get_json() == {"sessions_ended": 1}
    assert not _is_signed_in(thief) and not _is_signed_in(owner)
    assert api.get(f"{API}/me").status_code == 200  # the API token is not a page session
    assert make.anonymous().delete(f"{API}/me/sessions").status_code == 401


def _token_of(make, user) -> str:
    from logistics.domain.access import SYSTEM
    from logistics.domain.users import IssueToken
    from logistics.services import users

    with make.app.app_context(), db.new_session(make.app) as session:
        return users.issue_token(session, SYSTEM, user.id, IssueToken(label="test"))[1]


def test_changing_ones_password_ends_a_copy_of_this_very_session_but_keeps_the_browser_in(signed_in, app):
    owner = signed_in("staff")
    thief = _copy_of(owner, app)

    response = owner.submit(owner.get("/password"), "Change password",
                            {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD})

    assert response.status_code == 302
    assert _is_signed_in(owner)
    assert not _is_signed_in(thief)


def test_an_admin_password_reset_ends_every_session_and_revokes_every_token_and_says_how_many(
        signed_in, app, make):
    target = signed_in("staff")  # make.user issued one token already
    second = Browser(app.test_client(), target.user)
    second.sign_in(target.user.email, PASSWORD)
    tokens = [_token_of(make, target.user) for _ in range(2)]
    admin = make.api("admin")
    revoked = admin.get(f"{API}/users/{target.user.id}/tokens").get_json()[0]["id"]
    assert admin.delete(f"{API}/tokens/{revoked}").status_code == 200  # an already revoked one is not counted
    mark = Trail(app).mark()

    response = admin.patch(f"{API}/users/{target.user.id}", json={"password": NEW_PASSWORD})

    body = response.get_json()
    assert response.status_code == 200, body
    assert body["sessions_ended"] == 2 and body["tokens_revoked"] == 2
    assert body["email"] == target.user.email and "password" not in body
    assert not _is_signed_in(target) and not _is_signed_in(second)
    for token in tokens:
        client = make.anonymous()
        client.token = token
        assert client.get(f"{API}/me").status_code == 401
    assert Browser(app.test_client()).sign_in(target.user.email, NEW_PASSWORD).status_code == 302
    # The reset and each revocation are in the audit trail, as the admin's.
    entries = Trail(app).since(mark)
    assert sorted(e.entity for e in entries) == ["api_tokens", "api_tokens", "users"]
    assert {e.actor_id for e in entries} == {admin.get(f"{API}/me").get_json()["id"]}


def test_a_change_that_is_not_a_reset_signs_nobody_out(signed_in, make):
    target = signed_in("staff")
    admin = make.api("admin")

    body = admin.patch(f"{API}/users/{target.user.id}", json={"name": "Renamed"}).get_json()

    assert (body["sessions_ended"], body["tokens_revoked"]) == (0, 0)
    assert _is_signed_in(target)


def test_deactivating_a_user_ends_their_sessions_and_says_so(signed_in, make):
    target = signed_in("staff")
    admin = make.api("admin")

    body = make.api("admin").patch(f"{API}/users/{target.user.id}", json={"active": False}).get_json()

    assert (body["sessions_ended"], body["tokens_revoked"]) == (1, 1)
    assert not _is_signed_in(target)
    assert admin.patch(f"{API}/users/{target.user.id}", json={"active": True}).status_code == 200
    assert not _is_signed_in(target)  # reactivating does not bring an ended session back


def test_an_admin_signs_a_user_out_everywhere_without_touching_their_tokens(signed_in, app, make):
    target = signed_in("staff")
    admin = make.api("admin")

    response = admin.delete(f"{API}/users/{target.user.id}/sessions")

    assert response.status_code == 200 and response.get_json() == {"sessions_ended": 1}
    assert not _is_signed_in(target)
    assert admin.get(f"{API}/users/{target.user.id}/tokens").get_json()[0]["revoked_at"] is None
    assert admin.delete(f"{API}/users/999/sessions").status_code == 404
    assert make.api("manager").delete(f"{API}/users/{target.user.id}/sessions").status_code == 403


# --- a session's lifetime ------------------------------------------------------------------

def test_a_session_unused_for_longer_than_the_idle_timeout_ends(signed_in, app, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 30)
    owner = signed_in("staff")
    _sql(app, "UPDATE web_sessions SET last_seen_at = :at", at=utcnow() - timedelta(minutes=29))
    assert _is_signed_in(owner)  # still within 30 minutes: used now, so it lives on

    _sql(app, "UPDATE web_sessions SET last_seen_at = :at", at=utcnow() - timedelta(minutes=31))

    assert not _is_signed_in(owner)


def test_a_used_session_still_ends_at_its_absolute_expiry(signed_in, app, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_MAX_DAYS", 2)
    owner = signed_in("staff")
    with db.engine_of(app).connect() as connection:
        created, expires = connection.execute(text("SELECT created_at, expires_at FROM web_sessions")).one()
    assert str(expires) > str(created)

    _sql(app, "UPDATE web_sessions SET expires_at = :at", at=utcnow() - timedelta(seconds=1))

    assert not _is_signed_in(owner)


def test_using_a_session_moves_its_last_use_on_at_most_once_a_minute(signed_in, app):
    owner = signed_in("staff")
    ten_minutes_ago = utcnow() - timedelta(minutes=10)
    _sql(app, "UPDATE web_sessions SET last_seen_at = :at", at=ten_minutes_ago)

    owner.get("/shipments")

    with db.engine_of(app).connect() as connection:
        seen = connection.execute(text("SELECT last_seen_at FROM web_sessions")).scalar_one()
    assert str(seen) > str(ten_minutes_ago.replace(tzinfo=None))[:19]


@pytest.mark.parametrize("environ, expected", [
    ({}, {}),
    ({"LOGISTICS_SESSION_IDLE_MINUTES": "30", "LOGISTICS_SESSION_MAX_DAYS": "1.5"},
     {"SESSION_IDLE_MINUTES": 30.0, "SESSION_MAX_DAYS": 1.5}),
])
def test_session_lifetimes_come_from_the_environment(environ, expected):
    assert {k: v for k, v in config.from_environment(environ).items() if k.startswith("SESSION")} == expected


@pytest.mark.parametrize("value", ["0", "-5", "eight hours", "nan", "inf", ""])
def test_a_session_lifetime_that_is_not_a_positive_number_is_refused_naming_the_variable(value):
    with pytest.raises(ValueError, match="LOGISTICS_SESSION_IDLE_MINUTES is .*: give a number, above 0"):
        config.from_environment({"LOGISTICS_SESSION_IDLE_MINUTES": value})


# --- signing in takes the same work whoever the email names --------------------------------

@pytest.mark.parametrize("who", ["unknown email", "deactivated user", "user without a password",
                                 "known user, wrong password"])
def test_every_refused_sign_in_checks_one_password_hash(browser, make, who):  # noqa: F811
    if who == "deactivated user":
        user, _ = make.user("staff", email="clerk@example.org", password=PASSWORD)
        make.api("admin").patch(f"{API}/users/{user.id}", json={"active": False})
    elif who == "user without a password":
        make.user("staff", email="clerk@example.org")
    elif who == "known user, wrong password":
        make.user("staff", email="clerk@example.org", password="another password 1")
    before = passwords.checks_made()

    response = browser.sign_in("clerk@example.org", PASSWORD)

    assert response.status_code == 401
    assert passwords.checks_made() - before == 1


def test_the_dummy_hash_is_made_like_real_ones(make):
    user, _ = make.user("staff", password=PASSWORD)

    dummy = passwords._dummy_hash()

    assert dummy.split("$")[0] == user.password_hash.split("$")[0]  # same method and cost
    assert not passwords.verify(None, PASSWORD)


# --- the throttle --------------------------------------------------------------------------

def test_a_victims_usual_address_still_signs_in_while_attackers_elsewhere_are_stopped(app, make):
    make.user("staff", email="victim@example.org", password=PASSWORD)
    home = _at(Browser(app.test_client()), "192.0.2.10")
    assert home.sign_in("victim@example.org", PASSWORD).status_code == 302
    home.submit(home.get("/shipments"), "Sign out")
    answers = Counter()
    for n in range(1, 7):  # six attacker addresses, six wrong guesses each
        attacker = _at(Browser(app.test_client()), f"198.51.100.{n}")
        for _ in range(6):
            answers[attacker.sign_in("victim@example.org", "guess").status_code] += 1

    # 5 from each of the first 4 addresses fill the account's counter for other addresses (20).
    assert answers == {401: throttle.MAX_PER_EMAIL_ELSEWHERE, 429: 36 - throttle.MAX_PER_EMAIL_ELSEWHERE}
    assert _at(Browser(app.test_client()), "198.51.100.1").sign_in(
        "victim@example.org", PASSWORD).status_code == 429  # an attacker's address, even with the password
    assert _at(Browser(app.test_client()), "203.0.113.99").sign_in(
        "victim@example.org", PASSWORD).status_code == 429  # a new address is stopped too
    response = _at(Browser(app.test_client()), "192.0.2.10").sign_in("victim@example.org", PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/shipments"


def test_a_refused_attempt_at_a_full_counter_counts_nowhere_else(app, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)
    make.user("staff", email="colleague@example.org", password=PASSWORD)
    office = _at(Browser(app.test_client()), "192.0.2.20")
    for _ in range(60):  # 5 counted, 55 refused before counting
        office.sign_in("clerk@example.org", "guess")

    assert office.sign_in("colleague@example.org", PASSWORD).status_code == 302


def test_successful_sign_ins_from_one_address_never_fill_its_counter(app, make):
    office = _at(Browser(app.test_client()), "192.0.2.30")
    for n in range(throttle.MAX_PER_ADDRESS + 2):
        user, _ = make.user("staff", email=f"clerk{n}@example.org", password=PASSWORD)
        assert office.sign_in(user.email, PASSWORD).status_code == 302

    assert office.sign_in("clerk0@example.org", "guess").status_code == 401


def test_a_successful_sign_in_clears_its_email_at_address_counter(app, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)
    office = _at(Browser(app.test_client()), "192.0.2.40")
    for _ in range(4):
        office.sign_in("clerk@example.org", "guess")
    assert office.sign_in("clerk@example.org", PASSWORD).status_code == 302

    assert [office.sign_in("clerk@example.org", "guess").status_code for _ in range(6)] == [401] * 5 + [429]


def test_a_window_long_past_starts_again(app, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)
    office = _at(Browser(app.test_client()), "192.0.2.50")
    for _ in range(6):
        office.sign_in("clerk@example.org", "guess")
    assert office.sign_in("clerk@example.org", PASSWORD).status_code == 429

    _sql(app, "UPDATE login_throttle SET window_start = :at", at=utcnow() - timedelta(minutes=16))

    assert office.sign_in("clerk@example.org", PASSWORD).status_code == 302


def test_the_throttle_keeps_no_email_or_address_in_clear(app, make):
    _at(Browser(app.test_client()), "192.0.2.60").sign_in("my secret password", "guess")

    with db.engine_of(app).connect() as connection:
        rows = connection.execute(text("SELECT key FROM login_throttle")).scalars().all()
    assert len(rows) == 3 and all(re.fullmatch(r"[0-9a-f]{64}", key) for key in rows)


# --- racing the throttle: real concurrent requests against a served app --------------------

class _Visitor:
    """A browser of its own (cookies kept) against a served app, with the sign-in form's CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())
        page = self.opener.open(f"{base}/login", timeout=60).read().decode()
        self.token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def sign_in(self, email: str, password: str) -> int:
        data = urllib.parse.urlencode({"csrf_token": self.token, "email": email, "password": password})
        try:
            return self.opener.open(f"{self.base}/login", data.encode(), timeout=120).status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def served(app):
    """Serve the app with a threaded server on a free port of 127.0.0.1; stop it after the test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_forty_simultaneous_wrong_passwords_reach_at_most_five_password_checks(served, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)
    visitors = [_Visitor(served) for _ in range(40)]
    barrier = threading.Barrier(len(visitors))
    answers: list[int] = []
    before = passwords.checks_made()

    def guess(visitor: _Visitor, n: int) -> None:
        barrier.wait()
        answers.append(visitor.sign_in("clerk@example.org", f"guess {n}"))

    threads = [threading.Thread(target=guess, args=(v, n)) for n, v in enumerate(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert len(answers) == 40
    assert Counter(answers) == {401: 5, 429: 35}
    assert passwords.checks_made() - before == 5
    assert _Visitor(served).sign_in("clerk@example.org", PASSWORD) == 429
