"""The three journeys of the web application, in a real browser against a real server.

1. Staff log an outbound donation with lines in two units, confirm it and report its dispatch.
2. The receiving partner sees only its own shipments and confirms receipt with a shortfall.
3. A manager lands on the dashboard (with its chart) and downloads a shipment's manifest.

Each journey runs on a desktop-sized and a phone-sized window; each creates what it needs (or
uses the demo data), so they do not depend on one another or on their order. Screenshots of
the key pages go to tests/artifacts/screenshots/<who>-<page>-<device>.png.
"""
from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.conftest import DEMO_DOMAIN

STAFF = f"staff@{DEMO_DOMAIN}"
MANAGER = f"manager@{DEMO_DOMAIN}"
PARTNER_LODZ = f"partner.lodz@{DEMO_DOMAIN}"
LODZ = "Szpital Wojewódzki Łódź"
NOT_LODZ = ("IN-2020-0001", "IN-2020-0002", "OUT-2020-0001", "OUT-2020-0003")


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


def test_staff_log_confirm_and_dispatch_a_donation(open_context, served, device, screenshots):
    page = open_context().new_page()
    sign_in(page, served, STAFF, screenshots, device)
    expect_text(page.locator("h1"), "Shipments")
    expect_text(page.locator("table.list"), "OUT-2020-0002", "OUT-2020-0003", "IN-2020-0001")
    look(page, screenshots, "staff-list", device)

    reference = log_donation_to_lodz(page, served, screenshots, device)
    lines = page.locator("section[aria-labelledby=lines-heading] table.list tbody tr")
    assert lines.count() == 2
    expect_text(lines.nth(0), "PPE-N95", "12 cartons", "5,760 pieces")
    expect_text(lines.nth(1), "PPE-COV", "2.5 tonnes", "2,500 kilograms")
    expect_text(page.locator(".facts"), LODZ, "Łódź PL")
    look(page, screenshots, "staff-draft", device)

    confirm_and_dispatch(page, f"CZE-{device}-1")
    expect_text(page.locator(".timeline"), "created", "confirmed", "in transit")
    look(page, screenshots, "staff-detail", device)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Shipments").click()
    row = page.locator("table.list tbody tr", has=page.get_by_role("link", name=reference))
    expect_text(row, "in transit", LODZ)


def test_partner_sees_only_its_shipments_and_confirms_receipt_with_a_shortfall(
        open_context, served, device, screenshots):
    staff = open_context().new_page()
    sign_in(staff, served, STAFF)
    reference = log_donation_to_lodz(staff, served)
    confirm_and_dispatch(staff, f"CZE-{device}-2")
    staff.get_by_label("Location", exact=True).fill("Łódź, hospital store")
    staff.get_by_role("button", name="Mark delivered").click()
    expect_text(staff.locator("h1 .status"), "delivered")

    page = open_context().new_page()
    sign_in(page, served, PARTNER_LODZ, screenshots, device)
    expect_text(page.locator("h1"), "Shipments")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="New shipment").count() == 0
    table = page.locator("table.list")
    expect_text(table, reference, "OUT-2020-0002")
    listed = table.locator("tbody td:first-child").all_inner_texts()
    assert not set(listed) & set(NOT_LODZ), listed
    partners = set(table.locator("tbody td:nth-child(4)").all_inner_texts())
    assert partners == {LODZ}, partners
    assert "Nitra" not in page.locator("main").inner_text()
    assert "Osijek" not in page.locator("main").inner_text()
    look(page, screenshots, "partner-list", device)

    page.get_by_role("link", name=reference).click()
    expect_text(page.locator("h1"), reference, "delivered")
    receipt = page.locator("form.receipt")
    expect_text(receipt, "Confirm receipt", "5,760 pieces")
    first = receipt.get_by_label("Received of line 1")
    assert first.input_value() == "5760 piece"
    assert receipt.get_by_label("Received of line 2").input_value() == "2500 kg"
    first.fill("5,000 piece")
    receipt.get_by_label("Reason for a discrepancy on line 1").select_option("damaged")
    receipt.get_by_label("Note on line 1").fill("760 respirators crushed in transit")
    look(page, screenshots, "partner-receipt", device)
    receipt.get_by_role("button", name="Confirm receipt").click()

    expect_text(page.locator("p.flash"), "Status is now received.")
    expect_text(page.locator("h1 .status"), "received")
    lines = page.locator("section[aria-labelledby=lines-heading] table.list tbody tr")
    expect_text(lines.nth(0), "5,760 pieces", "5,000 pieces", "-760 pieces", "damaged",
                "760 respirators crushed in transit")
    assert "short" in (lines.nth(0).locator("td[data-cell=difference]").get_attribute("class") or "")
    expect_text(lines.nth(1), "2,500 kilograms")
    assert lines.nth(1).locator("td[data-cell=difference]").inner_text().strip() == "0 kilograms"
    assert page.locator("form.receipt").count() == 0
    look(page, screenshots, "partner-detail", device)

    page.goto(f"{served.base_url}/shipments/OUT-2020-0001")
    expect_text(page.locator("h1"), "404")


def test_manager_sees_the_dashboard_and_downloads_a_manifest(open_context, served, device, screenshots):
    page = open_context().new_page()
    sign_in(page, served, MANAGER)
    assert page.url.endswith("/dashboard"), page.url
    expect_text(page.locator("h1"), "Dashboard")
    expect_text(page.locator("#moving").locator(".."), "OUT-2020-0002")
    charts = page.locator("figure.chart")
    expect_text(charts.first, "Czechia (CZ)", "14,500")  # the demo's inbound purchase from Brno (14.5 t)
    captions = charts.locator("figcaption").all_inner_texts()
    assert any(c.startswith("Inbound") for c in captions) and any(c.startswith("Outbound") for c in captions), captions
    for index in range(charts.count()):
        svg = charts.nth(index).locator("svg")
        assert svg.locator("rect").count() >= 1
        assert svg.bounding_box()["width"] > 100
    look(page, screenshots, "manager-dashboard", device)

    page.locator("#moving").locator("..").get_by_role("link", name="OUT-2020-0002").click()
    expect_text(page.locator("h1"), "OUT-2020-0002", "in transit")
    look(page, screenshots, "manager-detail", device)
    with page.expect_download() as info:
        page.get_by_role("link", name="Print manifest (PDF)").click()
    download = info.value
    assert download.failure() is None
    assert "OUT-2020-0002" in download.suggested_filename
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
