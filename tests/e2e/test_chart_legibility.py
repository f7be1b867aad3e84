"""Charts people can read: on a 375 px phone every chart label is drawn at least 11 px high, nothing
overflows sideways, and each chart is named and described for screen readers (real chromium)."""
from __future__ import annotations

import pytest

from tests.e2e.steps import MANAGER, expect_text, sign_in

PHONE = dict(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, device_scale_factor=2)
DESKTOP = dict(viewport={"width": 1280, "height": 900})

# For every chart text: its computed font size, and the size it is drawn at once the SVG is scaled
# to its box (font size × the screen transform's scale), with where it sits against its SVG's box.
MEASURE = """() => [...document.querySelectorAll('figure.chart svg text')].map(text => {
  const size = parseFloat(getComputedStyle(text).fontSize);
  const svg = text.ownerSVGElement.getBoundingClientRect();
  const box = text.getBoundingClientRect();
  return {text: text.textContent, size, drawn: size * text.getScreenCTM().a,
          inside: box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5};
})"""


@pytest.mark.parametrize("window", ["phone", "desktop"])
def test_chart_labels_are_at_least_11_px_and_the_dashboard_fits_a_phone(browser, served, screenshots, window):
    context = browser.new_context(**(PHONE if window == "phone" else DESKTOP))
    try:
        page = context.new_page()
        sign_in(page, served, MANAGER)
        page.goto(f"{served.base_url}/dashboard")
        expect_text(page.locator("h1"), "Dashboard")
        texts = page.evaluate(MEASURE)
        assert len(texts) >= 8, texts  # per country and per item, in and out, label and figure each
        small = [t for t in texts if t["size"] < 11 or t["drawn"] < 11]
        assert small == [], small
        assert [t for t in texts if not t["inside"]] == []  # no label runs out of its chart
        scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert scroll_width <= inner_width, f"the dashboard is {scroll_width} px wide in {inner_width} px"
        for chart in page.locator("figure.chart svg").all():
            assert chart.get_attribute("role") == "img"
            assert chart.locator("title").text_content() and chart.locator("desc").text_content()
        assert page.locator("table.by-country tbody tr").count() >= 1  # the figures as a table too
        assert page.locator("table.by-item tbody tr").count() >= 1
        page.screenshot(path=str(screenshots / f"dashboard-charts-{window}.png"), full_page=True)
        for section in ("by-country", "by-item"):  # the charts alone, at the size they are drawn
            page.locator(f"section[aria-labelledby={section}]").screenshot(
                path=str(screenshots / f"dashboard-{section}-{window}.png"))
    finally:
        context.close()


def test_the_stock_position_page_fits_a_phone(browser, served, screenshots):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        sign_in(page, served, MANAGER)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Stock").click()
        expect_text(page.locator("h1"), "Stock position")
        expect_text(page.locator("table.stock"), "PPE-COV", "kilograms", "(estimated)")
        scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert scroll_width <= inner_width, f"the stock page is {scroll_width} px wide in {inner_width} px"
        page.screenshot(path=str(screenshots / "stock-position-phone.png"), full_page=True)
    finally:
        context.close()
