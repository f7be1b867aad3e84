"""Sign-in, sign-out, password change, CSRF and the session cookie, through the pages."""
from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.factories import Factories
from tests.web.conftest import PASSWORD, Browser
from tests.web.pages import input_value, text_of

NEW_PASSWORD = "battery staple 2"


def _landing(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _is_signed_in(browser: Browser) -> bool:
    response = browser.get("/shipments")
    assert response.status_code in (200, 302)
    return response.status_code == 200


# --- signing in -----------------------------------------------------------------------------

@pytest.mark.parametrize("role, start", [("staff", "/shipments"), ("partner", "/shipments"),
                                         ("manager", "/dashboard"), ("admin", "/dashboard")])
def test_signing_in_lands_each_role_on_its_start_page(browser, make, role, start):
    user, _ = make.user(role, make.org() if role == "partner" else None, password=PASSWORD)

    response = browser.sign_in(user.email, PASSWORD)

    assert _landing(response) == start
    assert browser.get(start).status_code == 200
    assert _landing(browser.get("/")) == start


def test_signing_in_accepts_the_email_in_any_case_and_with_spaces(browser, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)

    assert _landing(browser.sign_in("  Clerk@Example.ORG ", PASSWORD)) == "/shipments"


def test_a_wrong_password_gets_401_with_a_message_and_keeps_the_typed_email(browser, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)

    response = browser.sign_in("clerk@example.org", "not the password")

    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "the email or password is not right" in text_of(html)
    assert input_value(html, "email") == "clerk@example.org"
    assert input_value(html, "password") == ""
    assert "not the password" not in html
    assert not _is_signed_in(browser)


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(browser, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)

    unknown = browser.sign_in("nobody@example.org", PASSWORD)
    wrong = browser.sign_in("clerk@example.org", "not the password")

    assert unknown.status_code == wrong.status_code == 401
    assert text_of(unknown.get_data(as_text=True)) == \
        text_of(wrong.get_data(as_text=True))


def test_the_sixth_attempt_after_five_failures_is_refused_with_429_even_with_the_right_password(
        browser, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)
    for _ in range(5):
        assert browser.sign_in("clerk@example.org", "guess").status_code == 401

    response = browser.sign_in("clerk@example.org", PASSWORD)

    assert response.status_code == 429
    assert "too many failed sign-ins" in text_of(response.get_data(as_text=True))
    assert input_value(response.get_data(as_text=True), "email") == "clerk@example.org"
    assert not _is_signed_in(browser)


def test_failures_on_one_account_do_not_lock_out_colleagues_at_the_same_address(browser, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)
    make.user("staff", email="colleague@example.org", password=PASSWORD)
    for _ in range(6):
        browser.sign_in("clerk@example.org", "guess")

    assert _landing(browser.sign_in("colleague@example.org", PASSWORD)) == "/shipments"


def test_four_failures_still_let_the_right_password_in(browser, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)
    for _ in range(4):
        browser.sign_in("clerk@example.org", "guess")

    assert _landing(browser.sign_in("clerk@example.org", PASSWORD)) == "/shipments"


# --- the session cookie ---------------------------------------------------------------------

def _session_cookie(response) -> dict[str, str]:
    cookies = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    attributes = {}
    for part in cookies[0].split(";")[1:]:
        name, _, value = part.strip().partition("=")
        attributes[name.lower()] = value
    return attributes


def test_the_session_cookie_is_http_only_and_same_site_lax(browser, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)

    cookie = _session_cookie(browser.sign_in("clerk@example.org", PASSWORD))

    assert "httponly" in cookie
    assert cookie["samesite"] == "Lax"
    assert "secure" not in cookie  # served over plain http in tests: a Secure cookie would be lost


def test_the_session_cookie_is_secure_when_the_site_is_public_over_https(own_app):
    # An app of its own: the cookie's Secure flag is derived from PUBLIC_URL when the app is built.
    app = own_app(PUBLIC_URL="https://logistics.example")
    Factories(app).user("staff", email="clerk@example.org", password=PASSWORD)
    browser = Browser(app.test_client())

    cookie = _session_cookie(browser.sign_in("clerk@example.org", PASSWORD))

    assert "secure" in cookie and "httponly" in cookie


# --- CSRF -----------------------------------------------------------------------------------

def _partner_on_delivered(make, signed_in):
    org = make.org(name="Nitra Hospital")
    make.shipment(counterparty=org, status="delivered", reference="OUT-CSRF-1")
    return signed_in("partner", org), "/shipments/OUT-CSRF-1"


def _staff_on_draft(make, signed_in):
    make.shipment(reference="OUT-CSRF-1")
    return signed_in("staff"), "/shipments/OUT-CSRF-1"


def _signed_in_witness(browser, make, app):
    return _is_signed_in(browser)


def _new_password_works(browser, make, app):
    return Browser(app.test_client()).sign_in(browser.user.email, NEW_PASSWORD).status_code


# (what, who and where, the button, what is typed, what must stay as it was)
CSRF_FORMS = [
    ("sign in", lambda make, signed_in: (_anonymous_with_user(make, signed_in), "/login"), "Sign in",
     {"email": "clerk@example.org", "password": PASSWORD}, _signed_in_witness),
    ("sign out", lambda make, signed_in: (signed_in("staff"), "/shipments"), "Sign out", {},
     _signed_in_witness),
    ("sign out everywhere", lambda make, signed_in: (signed_in("staff"), "/password"), "Sign out everywhere",
     {}, _signed_in_witness),
    ("change password", lambda make, signed_in: (signed_in("staff"), "/password"), "Change password",
     {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}, _new_password_works),
    ("log a shipment", lambda make, signed_in: (signed_in("staff"), "/shipments/new"), "Log shipment",
     {"direction": "outbound", "kind": "donation", "counterparty_id": "1", "origin_country": "CN",
      "destination_country": "SK", "line-0-sku": "PPE-COV", "line-0-quantity": "1 box"}, "/shipments"),
    ("edit a shipment", lambda make, signed_in: (_staff_on_draft(make, signed_in)[0],
                                                 "/shipments/OUT-CSRF-1/edit"), "Save",
     {"carrier": "DHL"}, "/shipments/OUT-CSRF-1"),
    ("confirm", _staff_on_draft, "Confirm", {}, "/shipments/OUT-CSRF-1"),
    ("cancel", _staff_on_draft, "Cancel shipment", {}, "/shipments/OUT-CSRF-1"),
    ("add a line", _staff_on_draft, "Add line", {"sku": "PPE-COV", "quantity": "2 box"},
     "/shipments/OUT-CSRF-1"),
    ("remove a line", _staff_on_draft, "Remove", {}, "/shipments/OUT-CSRF-1"),
    ("record a checkpoint", _staff_on_draft, "Record checkpoint", {"location": "Brest"},
     "/shipments/OUT-CSRF-1"),
    ("replace the tracking link", _staff_on_draft, "Replace the link (the old one stops working)", {},
     "/shipments/OUT-CSRF-1"),
    ("confirm receipt", _partner_on_delivered, "Confirm receipt", {}, "/shipments/OUT-CSRF-1"),
    ("add an organisation", lambda make, signed_in: (signed_in("staff"), "/organizations"),
     "Add organisation", {"name": "Brno Clinic", "country": "CZ", "kind": "recipient"}, "/organizations"),
    ("add an item", lambda make, signed_in: (signed_in("staff"), "/items"), "Add item",
     {"sku": "GLV-1", "name": "Gloves", "base_unit": "pair"}, "/items"),
]


def _anonymous_with_user(make, signed_in):
    make.user("staff", email="clerk@example.org", password=PASSWORD)
    return Browser(make.app.test_client())


@pytest.mark.parametrize("setup, button, typed, witness", [case[1:] for case in CSRF_FORMS],
                         ids=[case[0] for case in CSRF_FORMS])
def test_a_form_sent_without_its_csrf_token_is_refused_with_400_and_changes_nothing(
        app, make, signed_in, setup, button, typed, witness):
    make.coverall()
    make.org(name="Bratislava Depot")
    browser, path = setup(make, signed_in)
    look = witness if callable(witness) else \
        (lambda b, m, a: text_of(b.get(witness).get_data(as_text=True)))
    before = look(browser, make, app)
    page = browser.get(path)

    refused = browser.submit(page, button, typed, drop=("csrf_token",))

    assert refused.status_code == 400
    assert "CSRF" in text_of(refused.get_data(as_text=True))
    assert look(browser, make, app) == before
    # The same form with its token goes through: the token was the only thing missing.
    accepted = browser.submit(browser.get(path), button, typed)
    assert accepted.status_code == 302, text_of(accepted.get_data(as_text=True))
    assert look(browser, make, app) != before


def test_a_form_with_a_forged_csrf_token_is_refused(signed_in):
    browser = signed_in("staff")
    page = browser.get("/shipments")

    response = browser.submit(page, "Sign out", {"csrf_token": "forged"})

    assert response.status_code == 400
    assert _is_signed_in(browser)


def test_a_csrf_token_from_another_session_is_refused(signed_in):
    victim, attacker = signed_in("staff"), signed_in("staff")
    stolen = input_value(attacker.get("/shipments").get_data(as_text=True), "csrf_token")

    response = victim.submit(victim.get("/shipments"), "Sign out", {"csrf_token": stolen})

    assert response.status_code == 400
    assert _is_signed_in(victim)


# --- signing out ----------------------------------------------------------------------------

def test_signing_out_ends_the_session(signed_in):
    browser = signed_in("staff")

    response = browser.submit(browser.get("/shipments"), "Sign out")

    assert _landing(response) == "/login"
    assert "You are signed out." in text_of(browser.get("/login").get_data(as_text=True))
    assert not _is_signed_in(browser)


def test_signing_out_is_not_possible_with_a_link(signed_in):
    browser = signed_in("staff")

    assert browser.get("/logout").status_code == 405
    assert browser.get("/logout/everywhere").status_code == 405
    assert _is_signed_in(browser)


def test_a_signed_out_cookie_sent_again_leads_to_sign_in(signed_in, app):
    browser = signed_in("staff")
    cookie = browser.client.get_cookie("session").value
    browser.submit(browser.get("/shipments"), "Sign out")
    replay = Browser(app.test_client())
    replay.client.set_cookie("session", cookie)

    assert urlsplit(_landing(replay.get("/shipments"))).path == "/login"


def test_the_password_page_offers_to_sign_out_everywhere(signed_in):
    browser = signed_in("staff")

    response = browser.submit(browser.get("/password"), "Sign out everywhere")

    assert _landing(response) == "/login"
    assert "You are signed out everywhere (1 session ended)." in text_of(browser.get("/login").get_data(as_text=True))
    assert not _is_signed_in(browser)


# --- changing one's password ----------------------------------------------------------------

def _change_password(browser: Browser, current: str, new: str, repeat: str):
    return browser.submit(browser.get("/password"), "Change password",
                          {"current": current, "new": new, "repeat": repeat})


@pytest.mark.parametrize("current, new, repeat, field, message", [
    ("wrong password", NEW_PASSWORD, NEW_PASSWORD, "current", "the current password is not right"),
    (PASSWORD, NEW_PASSWORD, "battery staple 3", "repeat", "the two new passwords differ"),
    (PASSWORD, "short", "short", "new", "use at least 10 characters"),
], ids=["wrong current password", "new passwords differ", "new password too short"])
def test_a_refused_password_change_gets_422_with_a_message_at_the_field(
        signed_in, browser, current, new, repeat, field, message):
    user_browser = signed_in("staff")

    response = _change_password(user_browser, current, new, repeat)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<span class="error" id="{field}-error">{message}</span>' in html
    assert browser.sign_in(user_browser.user.email, PASSWORD).status_code == 302


def test_a_changed_password_signs_in_and_the_old_one_no_longer_does(signed_in, app):
    user_browser = signed_in("staff")

    response = _change_password(user_browser, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)

    assert _landing(response) == "/shipments"
    assert _is_signed_in(user_browser)
    email = user_browser.user.email
    assert Browser(app.test_client()).sign_in(email, PASSWORD).status_code == 401
    assert _landing(Browser(app.test_client()).sign_in(email, NEW_PASSWORD)) == "/shipments"


def test_changing_the_password_ends_the_users_other_sessions(signed_in, app):
    here = signed_in("staff")
    elsewhere = Browser(app.test_client(), here.user)
    elsewhere.sign_in(here.user.email, PASSWORD)
    assert _is_signed_in(elsewhere)

    _change_password(here, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)

    assert _is_signed_in(here)
    assert not _is_signed_in(elsewhere)


# --- anonymous visitors and where they go after signing in ----------------------------------

PAGES = ["/shipments", "/shipments?direction=outbound&page=2", "/shipments/new",
         "/shipments/OUT-2020-0001", "/shipments/OUT-2020-0001/edit",
         "/shipments/OUT-2020-0001/manifest.pdf", "/dashboard", "/organizations", "/items", "/password"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_an_anonymous_visitor_to_sign_in_and_back(browser, make, path):
    make.coverall()
    make.shipment(reference="OUT-2020-0001")

    location = urlsplit(_landing(browser.get(path)))

    assert location.path == "/login"
    assert parse_qs(location.query) == {"next": [path]}


def test_signing_in_from_a_redirect_returns_to_the_page_asked_for(browser, make):
    make.user("staff", email="clerk@example.org", password=PASSWORD)
    path = "/shipments?direction=outbound&page=2"
    login = _landing(browser.get(path))

    response = browser.sign_in("clerk@example.org", PASSWORD, path=login)

    assert _landing(response) == path


def test_the_start_page_sends_an_anonymous_visitor_to_sign_in(browser):
    assert _landing(browser.get("/")) == "/login"


@pytest.mark.parametrize("target", [
    "//evil.example", "https://evil.example", "http://evil.example/shipments", "///evil.example",
    "evil.example", "javascript:alert(1)",
])
def test_a_next_address_off_the_site_is_ignored(browser, make, target):
    make.user("staff", email="clerk@example.org", password=PASSWORD)

    response = browser.sign_in("clerk@example.org", PASSWORD, path=f"/login?next={quote(target)}")

    assert _landing(response) == "/shipments"


@pytest.mark.parametrize("target", ["/\\evil.example", "/\t/evil.example", "/%2F/evil.example"])
def test_a_next_address_that_a_browser_could_read_as_off_site_still_lands_on_this_site(browser, make, target):
    make.user("staff", email="clerk@example.org", password=PASSWORD)

    response = browser.sign_in("clerk@example.org", PASSWORD, path=f"/login?next={quote(target)}")

    location = _landing(response)
    # Browsers read a backslash as a slash and drop tabs: "/\evil.example" would mean //evil.example.
    assert location.startswith("/") and location[1:2] not in ("/", "\\")
    assert not any(c in location for c in "\\\t\r\n")


def test_a_form_sent_after_signing_out_leads_to_sign_in_and_back_to_its_page(signed_in, make):
    make.coverall()
    shipment = make.shipment()
    staff = signed_in("staff")
    page = staff.get(f"/shipments/{shipment.reference}")
    staff.submit(staff.get("/shipments"), "Sign out")
    response = staff.submit(page, "Confirm", headers={"Referer": f"http://localhost/shipments/{shipment.reference}"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/login?next=/shipments/{shipment.reference}")
    assert staff.get(f"/shipments/{shipment.reference}").status_code == 302  # still signed out
