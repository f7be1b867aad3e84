"""A Polish partner reads the pages in Polish in a real browser, switches to English and back."""
from __future__ import annotations

from tests.e2e.steps import PARTNER_LODZ, expect_text, look


def _html_lang(page) -> str:
    return page.evaluate("() => document.documentElement.lang")


def _switch(page, language: str) -> None:
    """Choose a language in the header's switcher and send it (works without scripts too)."""
    page.locator("#language-choice").select_option(language)
    page.locator("form.language button[type=submit]").click()


def test_a_polish_partner_reads_polish_pages_and_switches_to_english_and_back(
        open_context, served, device, screenshots):
    page = open_context(locale="pl-PL").new_page()  # the browser asks for Polish (Accept-Language: pl-PL)

    page.goto(f"{served.base_url}/login")
    assert _html_lang(page) == "pl"
    expect_text(page.locator("h1"), "Zaloguj się")
    page.locator("input[name=email]").fill(PARTNER_LODZ)
    page.locator("input[name=password]").fill(served.password(PARTNER_LODZ))
    page.get_by_role("button", name="Zaloguj się").click()

    expect_text(page.locator("h1"), "Przesyłki")
    expect_text(page.locator("header .who"), "Wyloguj się")
    assert _html_lang(page) == "pl"
    expect_text(page.locator("table.list"), "OUT-2020-0002", "w drodze")  # its status, in Polish
    look(page, screenshots, "partner-pl-shipments", device)

    page.get_by_role("link", name="OUT-2020-0002").click()
    expect_text(page.locator("dl.facts"), "Kierunek", "wychodząca")
    path = page.url.removeprefix(served.base_url)

    _switch(page, "en")  # stored on the user: it outranks the browser's Polish from now on
    assert page.url.removeprefix(served.base_url) == path  # back on the same page
    assert _html_lang(page) == "en"
    expect_text(page.locator("dl.facts"), "Direction", "outbound")
    page.goto(f"{served.base_url}/shipments")
    expect_text(page.locator("h1"), "Shipments")

    _switch(page, "pl")
    assert _html_lang(page) == "pl"
    expect_text(page.locator("h1"), "Przesyłki")
    look(page, screenshots, "partner-pl-back", device)

    # The demo is shared by every journey: forget the choice, so the browser's language applies again.
    _switch(page, "auto")
    expect_text(page.locator("h1"), "Przesyłki")
