"""A manager opens the flow report in a real browser, groups it by country and prints it.

Runs on a desktop-sized and a phone-sized window against the served demo; it only reads, and
checks the demo's inbound purchase from Brno (14.5 t), which no other journey changes.
"""
from __future__ import annotations

from tests.e2e.steps import MANAGER, expect_text, look


def test_manager_groups_the_flow_report_by_country_and_prints_it(signed_in, served, device, screenshots):
    page = signed_in(served, MANAGER)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect_text(page.locator("h1"), "Flow report")
    group_by = page.get_by_role("group", name="Group by")
    assert group_by.get_by_label("direction").is_checked()  # a first visit is grouped by direction
    group_by.get_by_label("country").check()
    page.get_by_label("Gross mass in").select_option("t")
    page.get_by_role("button", name="Show report").click()

    expect_text(page.locator("#flows"), "By direction, country")
    assert "group_by=direction&group_by=country" in page.url
    table = page.locator("table.report")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[:3] == ["Direction", "Country", "Total"], headers
    czech = table.locator("tbody tr", has_text="Czechia (CZ)")
    expect_text(czech, "inbound", "14.5 tonnes", "14.5")  # every mass in the unit chosen
    assert czech.count() == 1
    look(page, screenshots, "manager-reports", device)

    with page.expect_download() as info:
        page.get_by_role("link", name="Print report (PDF)").click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.startswith("flows-") and download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
