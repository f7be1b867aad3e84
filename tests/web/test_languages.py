"""Pages in the reader's language: chosen by the user, their organisation, the browser, else English."""
from __future__ import annotations

import re

import pytest

from logistics import db
from logistics.models import User
from tests.web.conftest import PASSWORD, Browser
from tests.web.pages import form_with_button

API = "/api/v1"
SWITCH = {"en": "Change language", "cs": "Změnit jazyk", "sk": "Zmeniť jazyk", "pl": "Zmień język",
          "hr": "Promijeni jezik", "zh": "切换语言"}


def _lang(response) -> str:
    found = re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True))
    assert found, response.get_data(as_text=True)[:300]
    return found.group(1)


def _in(response, language: str) -> bool:
    """Say whether a page is in a language: its <html lang> and the switcher's button agree."""
    tag = "zh-Hans" if language == "zh" else language
    return _lang(response) == tag and SWITCH[language] in response.get_data(as_text=True)


def _stored_language(app, user_id: int) -> str | None:
    with app.app_context(), db.new_session(app) as session:
        return session.get(User, user_id).language


@pytest.mark.parametrize("header, language", [
    ("pl", "pl"), ("pl-PL,pl;q=0.9,en;q=0.5", "pl"), ("de-DE,de;q=0.9,sk;q=0.8", "sk"),
    ("zh-CN,zh;q=0.9", "zh"), ("hr", "hr"), ("cs", "cs"), ("de, fr", "en"), ("", "en"),
])
def test_a_visitor_gets_the_best_match_of_the_browsers_languages(browser, header, language):
    response = browser.get("/login", headers={"Accept-Language": header} if header else {})

    assert response.status_code == 200
    assert _in(response, language)


def test_chinese_pages_say_simplified_chinese_to_the_browser(browser):
    assert _lang(browser.get("/login", headers={"Accept-Language": "zh"})) == "zh-Hans"


@pytest.mark.parametrize("user_language, org_language, header, expected", [
    ("hr", "sk", "pl", "hr"),   # the user's own setting first
    (None, "sk", "pl", "sk"),   # else the organisation's default
    (None, None, "pl", "pl"),   # else the browser's
    (None, None, "de", "en"),   # else English
])
def test_a_signed_in_user_reads_pages_in_their_own_then_organisations_then_browsers_language(
        app, make, user_language, org_language, header, expected):
    org = make.org(language=org_language)
    user, _ = make.user("partner", org, password=PASSWORD, language=user_language)
    browser = Browser(app.test_client(), user)
    assert browser.sign_in(user.email, PASSWORD).status_code == 302

    assert _in(browser.get("/shipments", headers={"Accept-Language": header}), expected)


def test_staff_without_an_organisation_follow_their_setting_or_browser(app, make):
    user, _ = make.user("staff", password=PASSWORD, language="cs")
    browser = Browser(app.test_client(), user)
    browser.sign_in(user.email, PASSWORD)

    assert _in(browser.get("/shipments", headers={"Accept-Language": "pl"}), "cs")


def test_the_switcher_stores_a_signed_in_users_language_and_returns_to_the_page(app, signed_in):
    browser = signed_in("partner")
    page = browser.get("/shipments?status=draft")

    response = browser.submit(page, "Change language", {"language": "pl"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/shipments?status=draft"
    assert _stored_language(app, browser.user.id) == "pl"
    assert _in(browser.get("/shipments", headers={"Accept-Language": "hr"}), "pl")
    # and back to English
    browser.submit(browser.get("/shipments"), SWITCH["pl"], {"language": "en"})
    assert _in(browser.get("/shipments", headers={"Accept-Language": "hr"}), "en")
    assert _stored_language(app, browser.user.id) == "en"


def test_a_visitor_switches_with_a_cookie_that_outranks_the_browser(browser):
    page = browser.get("/login", headers={"Accept-Language": "en"})

    response = browser.submit(page, "Change language", {"language": "sk"})

    assert response.status_code == 302 and response.headers["Location"] == "/login"
    cookie = response.headers.get_all("Set-Cookie")
    assert any(c.startswith("lang=sk;") and "HttpOnly" in c and "SameSite=Lax" in c for c in cookie)
    assert _in(browser.get("/login", headers={"Accept-Language": "pl"}), "sk")


def test_the_public_tracking_page_has_the_switcher_too(browser, make):
    make.coverall()
    shipment = make.shipment()
    make.confirm(shipment)
    page = browser.get(f"/track/{shipment.tracking_token}", headers={"Accept-Language": "hr"})

    assert page.status_code == 200 and _in(page, "hr")
    assert form_with_button(page.get_data(as_text=True), SWITCH["hr"]).action == "/settings/language"


@pytest.mark.parametrize("value", ["de", "", "PL", "pl ", "x" * 5000, "zh-Hans", "١", "Auto"])
def test_an_unknown_language_is_refused_with_422_and_nothing_changes(app, signed_in, value):
    browser = signed_in("staff")
    page = browser.get("/shipments")

    response = browser.submit(page, "Change language", {"language": value})

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "choose one of en, cs, sk, pl, hr, zh, auto" in body
    assert "x" * 100 not in body
    assert _stored_language(app, browser.user.id) is None
    assert "lang=" not in " ".join(response.headers.get_all("Set-Cookie"))


def test_automatic_forgets_the_choice_for_users_and_visitors(app, make, signed_in, browser):
    org = make.org(language="hr")
    reader = signed_in("partner", org)
    reader.submit(reader.get("/shipments"), SWITCH["hr"], {"language": "sk"})
    assert _in(reader.get("/shipments"), "sk")

    reader.submit(reader.get("/shipments"), SWITCH["sk"], {"language": "auto"})

    assert _stored_language(app, reader.user.id) is None
    assert _in(reader.get("/shipments", headers={"Accept-Language": "pl"}), "hr")  # the organisation's again
    browser.submit(browser.get("/login"), "Change language", {"language": "cs"})
    response = browser.submit(browser.get("/login"), SWITCH["cs"], {"language": "auto"})
    assert any(c.startswith("lang=;") for c in response.headers.get_all("Set-Cookie"))
    assert _in(browser.get("/login", headers={"Accept-Language": "pl"}), "pl")


def test_the_switcher_needs_the_forms_csrf_token(app, signed_in):
    browser = signed_in("staff")

    response = browser.post("/settings/language", data={"language": "pl"})

    assert response.status_code == 400
    assert _stored_language(app, browser.user.id) is None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_the_switcher_returns_only_to_a_page_of_this_site(signed_in, target):
    browser = signed_in("staff")
    page = browser.get("/shipments")

    response = browser.submit(page, "Change language", {"language": "cs", "next": target})

    assert response.status_code == 302
    assert not response.headers["Location"].startswith(("http", "//", "/\\"))


def test_staff_set_an_organisations_default_language_on_its_page(app, make, signed_in):
    org = make.org(name="Szpital Wojewódzki Łódź", country="PL")
    browser = signed_in("staff")
    page = browser.get("/organizations")

    response = browser.submit(page, "Save language", {"language": "pl"}, where=lambda form: f"/organizations/{org.id}/" in form.action)

    assert response.status_code == 302
    partner, _ = make.user("partner", org, password=PASSWORD)
    reader = Browser(app.test_client(), partner)
    reader.sign_in(partner.email, PASSWORD)
    assert _in(reader.get("/shipments"), "pl")
    refused = browser.submit(browser.get("/organizations"), "Save language", {"language": "xx"},
                             where=lambda form: f"/organizations/{org.id}/" in form.action)
    assert refused.status_code == 422
