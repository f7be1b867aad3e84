"""The steps the browser journeys share: who signs in, waiting for text, screenshots, a donation to Łódź.

Plain functions on a Playwright page (no fixtures), so that the journeys and the fixtures in
conftest.py can both use them.
"""
from __future__ import annotations

import re
from pathlib import Path

DEMO_DOMAIN = "demo.logistics.example"  # the users `logistics demo` makes
STAFF = f"staff@{DEMO_DOMAIN}"
MANAGER = f"manager@{DEMO_DOMAIN}"
PARTNER_LODZ = f"partner.lodz@{DEMO_DOMAIN}"
LODZ = "Szpital Wojewódzki Łódź"


def expect_text(locator, *texts: str) -> None:
    """Wait until a locator shows each text (Playwright's wait, then a plain assertion)."""
    from playwright.sync_api import expect

    for text in texts:
        expect(locator).to_contain_text(text)


def look(page, screenshots: Path, name: str, device: str) -> None:
    """Screenshot the whole page; on a phone, also check the page does not scroll sideways."""
    page.screenshot(path=str(screenshots / f"{name}-{device}.png"), full_page=True)
    if device == "phone":
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert inner_width == 390, f"{name}: the phone window is {inner_width} px wide (zoomed out?)"
        assert scroll_width <= inner_width, (
            f"{name}: the page is {scroll_width} px wide on a {inner_width} px phone screen")


def sign_in(page, served, email: str, screenshots: Path | None = None, device: str = "") -> None:
    """Sign in through the /login form and check the header names the user."""
    page.goto(f"{served.base_url}/login")
    expect_text(page.locator("h1"), "Sign in")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(served.password(email))
    if screenshots:
        look(page, screenshots, "signin", device)
    page.get_by_role("button", name="Sign in").click()
    expect_text(page.locator("header .who"), "Sign out")
    assert page.locator("p.problem").count() == 0


def log_donation_to_lodz(page, served, screenshots: Path | None = None, device: str = "") -> str:
    """As signed-in staff, log an outbound donation to Łódź with two lines; return its reference."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New shipment").click()
    expect_text(page.locator("h1"), "Log a new shipment")
    page.get_by_label("Direction").select_option("outbound")
    page.get_by_label("Kind").select_option("donation")
    page.get_by_label("Partner (sender if inbound").select_option(label=f"{LODZ} (PL)")
    page.get_by_label("Origin country").fill("CN")
    page.get_by_label("Origin place").fill("Cangzhou")
    page.get_by_label("Destination country").fill("PL")
    page.get_by_label("Destination place").fill("Łódź")
    page.get_by_label("Transport mode").select_option("rail")
    page.get_by_label("Item of line 1").select_option("PPE-N95")
    page.get_by_label("Quantity of line 1").fill("12 carton")
    page.get_by_label("Item of line 2").select_option("PPE-COV")
    page.get_by_label("Quantity of line 2").fill("2.5 t")
    if screenshots:
        look(page, screenshots, "staff-new", device)
    page.get_by_role("button", name="Log shipment").click()
    expect_text(page.locator("p.flash"), "is logged as a draft with 2 lines")
    heading = page.locator("h1").inner_text()
    match = re.match(r"(OUT-\d{4}-\d{4})\s+draft", heading)
    assert match, f"the detail page's heading is {heading!r}"
    return match.group(1)


def confirm_and_dispatch(page, tracking: str) -> None:
    """On a draft's detail page: press Confirm, then report dispatch with a tracking number."""
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect_text(page.locator("p.flash"), "Status is now confirmed.")
    expect_text(page.locator("h1 .status"), "confirmed")
    page.get_by_label("Tracking number").fill(tracking)
    page.get_by_role("button", name="Report dispatch (in transit)").click()
    expect_text(page.locator("p.flash"), "Status is now in transit.")
    expect_text(page.locator("h1 .status"), "in transit")
    expect_text(page.locator(".facts"), tracking)
    expect_text(page.locator(".timeline"), f"(tracking {tracking})")


def dispatch_donation_to_lodz(page, served, tracking: str) -> str:
    """As signed-in staff, log a donation to Łódź, confirm it, report its dispatch; return its reference."""
    reference = log_donation_to_lodz(page, served)
    confirm_and_dispatch(page, tracking)
    return reference


def mark_delivered(page) -> None:
    """On an in-transit shipment's page: press Mark delivered and wait for the status to say so."""
    page.get_by_role("button", name="Mark delivered").click()
    expect_text(page.locator("h1 .status"), "delivered")
