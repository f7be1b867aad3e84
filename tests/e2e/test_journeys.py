"""The three journeys of the web application, in a real browser against a real server.

1. Staff log an outbound donation with lines in two units, confirm it and report its dispatch.
2. The receiving partner sees only its own shipments, confirms receipt with a shortfall and reads
   the flow report of its own shipments.
3. A manager lands on the dashboard (with its chart) and downloads a shipment's manifest.

Each journey runs on a desktop-sized and a phone-sized window; each creates what it needs (or
uses the demo data), so they do not depend on one another or on their order. Screenshots of
the key pages go to tests/artifacts/screenshots/<who>-<page>-<device>.png.
"""
from __future__ import annotations

from tests.e2e.steps import (
    LODZ,
    MANAGER,
    PARTNER_LODZ,
    STAFF,
    confirm_and_dispatch,
    dispatch_donation_to_lodz,
    expect_text,
    log_donation_to_lodz,
    look,
    mark_delivered,
)

NOT_LODZ = ("IN-2020-0001", "IN-2020-0002", "OUT-2020-0001", "OUT-2020-0003")


def test_staff_log_confirm_and_dispatch_a_donation(signed_in, served, device, screenshots):
    page = signed_in(served, STAFF, screenshots, device)
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
    expect_text(page.locator(".timeline"), "confirmed", "in transit")
    expect_text(page.locator(".logged"), "Logged in the tracker on")
    look(page, screenshots, "staff-detail", device)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Shipments").click()
    row = page.locator("table.list tbody tr", has=page.get_by_role("link", name=reference))
    expect_text(row, "in transit", LODZ)


def test_partner_sees_only_its_shipments_and_confirms_receipt_with_a_shortfall(
        signed_in, served, device, screenshots):
    staff = signed_in(served, STAFF)
    reference = dispatch_donation_to_lodz(staff, served, f"CZE-{device}-2")
    staff.get_by_label("Location", exact=True).fill("Łódź, hospital store")
    mark_delivered(staff)

    page = signed_in(served, PARTNER_LODZ, screenshots, device)
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

    # The flow report counts the partner's own shipments only, whatever it is grouped by.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect_text(page.locator("h1"), "Flow report")
    page.get_by_role("group", name="Group by").get_by_label("counterparty").check()
    page.get_by_role("button", name="Show report").click()
    expect_text(page.locator("#flows"), "By direction, counterparty")
    counterparties = set(page.locator("table.report tbody td:nth-child(2)").all_inner_texts())
    assert counterparties == {LODZ}, counterparties
    assert page.get_by_role("link", name="Print report (PDF)").count() == 0
    for other in ("Nitra", "Osijek", "Brno", "Žilina"):
        assert other not in page.locator("main").inner_text(), other
    look(page, screenshots, "partner-reports", device)


def test_manager_sees_the_dashboard_and_downloads_a_manifest(signed_in, served, device, screenshots):
    page = signed_in(served, MANAGER)
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
