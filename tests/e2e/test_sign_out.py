"""Signing out in a real browser ends the session on the server: a copied cookie stops working."""
from __future__ import annotations

from tests.e2e.steps import STAFF, expect_text


def test_a_cookie_copied_into_another_browser_stops_working_when_its_owner_signs_out(
        open_context, signed_in, served):
    owner = signed_in(served, STAFF)
    thief_context = open_context()
    thief_context.add_cookies(owner.context.cookies())
    thief = thief_context.new_page()
    thief.goto(f"{served.base_url}/shipments")
    expect_text(thief.locator("header .who"), "Sign out")

    owner.get_by_role("button", name="Sign out").click()

    expect_text(owner.locator("p.flash"), "You are signed out.")
    thief.goto(f"{served.base_url}/shipments")
    expect_text(thief.locator("h1"), "Sign in")
    assert thief.locator("header .who").count() == 0
