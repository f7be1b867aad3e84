"""The stock position page: the same exact figures as the API, its CSV and PDF, partners kept out."""
from __future__ import annotations

import csv
import io

import pytest

from tests.documents.pdfs import read_pdf
from tests.reports.test_stock import moved  # noqa: F401  (the known movements)
from tests.web.pages import form_with_button, table_rows, text_of


def _pdf(response):
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    return read_pdf(response.data)


def test_the_stock_page_shows_the_same_figures_and_links_to_its_csv_and_pdf(signed_in, moved):
    browser = signed_in("staff")
    page = browser.get("/reports/stock?mass_unit=t")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert table_rows(html, 'class="list stock"') == [
        ["COV Coverall", "tonnes", "22.5", "0", "22.5", "≈ 58,286 pieces (estimated)"],
        ["", "pieces", "0", "6,000", "-6,000", ""],
        ["TENT Tent", "pieces", "10", "4", "6", ""]]
    assert form_with_button(html, "Show stock position").value("mass_unit") == "t"
    csv_response = browser.get("/reports/stock.csv?mass_unit=t")
    assert csv_response.status_code == 200
    assert list(csv.reader(io.StringIO(csv_response.get_data(as_text=True))))[1][1:5] == ["COV", "Coverall", "t", "22.5"]
    assert "/reports/stock.pdf?mass_unit=t" in html
    assert "COV Coverall t 22.5 0 22.5" in _pdf(browser.get("/reports/stock.pdf?mass_unit=t")).words


def test_the_stock_page_refuses_bad_dates_with_a_message_and_no_table(signed_in, moved):
    page = signed_in("manager").get("/reports/stock?from=2020-05-01&to=2020-04-01")
    assert page.status_code == 422
    assert "must not be before from" in text_of(page.get_data(as_text=True))
    assert 'class="list stock"' not in page.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/reports/stock", "/reports/stock.csv", "/reports/stock.pdf"])
def test_partners_may_not_open_the_stock_pages(signed_in, path):
    assert signed_in("partner").get(path).status_code == 403


def test_the_reports_page_and_the_navigation_link_to_the_stock_position(signed_in):
    page = signed_in("staff").get("/reports")
    html = page.get_data(as_text=True)
    nav = html[html.index('<nav aria-label="Main">'):html.index("</nav>")]
    assert 'href="/reports/stock"' in nav
    assert html.count('href="/reports/stock"') == 2
    partner_html = signed_in("partner").get("/shipments").get_data(as_text=True)
    assert "/reports/stock" not in partner_html
