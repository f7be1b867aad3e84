"""The flow report page: the form, the figures, a clear message for bad input, CSV and PDF downloads."""
from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest

from tests.documents.pdfs import read_pdf
from tests.reports.conftest import REPORTS, flow_data  # noqa: F401  (the known data set)
from tests.reports.test_flow_values import valued  # noqa: F401  (lines with declared values)
from tests.web.pages import table_rows, form_with_button, forms_of, submission, text_of


def _html(response) -> str:
    return response.get_data(as_text=True)


def _rows(response) -> list[list[str]]:
    """Return the report table's body rows as lists of cell texts."""
    return table_rows(_html(response), 'class="list report"')


def _link(response, text: str) -> str | None:
    """Return the href of the link that reads `text`, or None."""
    for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', _html(response), re.S):
        if text_of(label) == text:
            return unescape(href)
    return None


def _show(browser, page, **changes):
    """Press "Show report" with boxes ticked as given (lists tick several) and fields changed."""
    form = form_with_button(_html(page), "Show report")
    data = submission(form, "Show report")
    for name, value in changes.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return browser.get(form.action or "/reports", query_string=data)


def test_a_first_visit_shows_the_flows_by_direction_with_the_form(signed_in, flow_data):
    page = signed_in("staff").get("/reports")
    assert page.status_code == 200
    assert _rows(page) == [
        ["inbound", "6,000 pieces", "≈ 410", "410", "2", "2", "—"],
        ["inbound", "1,505 kilograms", "1,505", "—", "2", "2", "—"],
        ["inbound", "250.5 litres", "≈ 225.45", "225.45", "1", "1", "—"],
        ["outbound", "1,720 pieces", "≈ 192.9", "192.9", "5", "4", "1"],
        ["outbound", "1,000.25 kilograms", "1,000.25", "—", "3", "3", "—"],
        ["outbound", "10 litres", "≈ 9", "9", "1", "1", "—"],
    ]
    form = form_with_button(_html(page), "Show report")
    assert form.method == "get"
    assert [value for name, value in form.fields if name == "group_by"] == ["direction"]
    assert [value for name, value in form.fields if name == "status"] == ["in_transit", "delivered", "received"]


def test_staff_group_the_flows_as_they_ask_and_see_the_exact_figures(signed_in, flow_data):
    browser = signed_in("staff")
    page = _show(browser, browser.get("/reports"), group_by=["country", "item"], period="year",
                 **{"from": "2020-01-01", "to": "2020-12-31", "mass_unit": "t", "status": ["received"]})
    assert page.status_code == 200, text_of(_html(page))
    assert "By direction, country, item, period (year)" in text_of(_html(page))
    assert _rows(page) == [
        ["inbound", "China (CN)", "COV Coverall", "2020", "1,000 pieces", "≈ 0.35", "0.35", "1", "1", "—"],
        ["inbound", "China (CN)", "GEL Hand gel", "2020", "250.5 litres", "≈ 0.22545", "0.22545", "1", "1", "—"],
        ["outbound", "Slovakia (SK)", "COV Coverall", "2020", "500 pieces", "≈ 0.175", "0.175", "2", "2", "—"],
        ["outbound", "Slovakia (SK)", "COV Coverall", "2020", "0.05 tonnes", "0.05", "—", "1", "1", "—"],
        ["outbound", "Slovakia (SK)", "RICE Rice", "2020", "0.75 tonnes", "0.75", "—", "1", "1", "—"],
        ["outbound", "Slovakia (SK)", "TENT Tent", "2020", "10 pieces", "0", "—", "1", "1", "1"],
    ]
    form = form_with_button(_html(page), "Show report")  # the form keeps what was asked
    assert [value for name, value in form.fields if name == "group_by"] == ["country", "item"]
    assert [value for name, value in form.fields if name == "status"] == ["received"]
    assert (form.value("period"), form.value("from"), form.value("mass_unit")) == ("year", "2020-01-01", "t")


def test_ticking_no_grouping_gives_one_row_per_base_unit(signed_in, flow_data):
    browser = signed_in("manager")
    page = _show(browser, browser.get("/reports"), group_by=[])
    assert [row[:2] for row in _rows(page)] == [  # in and out are never added
        ["inbound", "6,000 pieces"], ["inbound", "1,505 kilograms"], ["inbound", "250.5 litres"],
        ["outbound", "1,720 pieces"], ["outbound", "1,000.25 kilograms"], ["outbound", "10 litres"]]


def test_the_page_dates_by_actual_dispatch_unless_planned_is_chosen_and_says_which(signed_in, flow_data):
    browser = signed_in("staff")
    page = browser.get("/reports")
    form = form_with_button(_html(page), "Show report")
    assert form.value("date_basis") == "actual"
    assert ("Actual dispatch (UTC day) any date (shipments not dispatched yet have no actual date and are "
            "not counted)") in text_of(_html(page))
    planned = _show(browser, page, date_basis="planned", status=["cancelled"])
    assert planned.status_code == 200
    assert "Planned departure any date;" in text_of(_html(planned))
    assert _rows(planned)[0][:2] == ["outbound", "999 pieces"]  # cancelled: never dispatched, yet planned
    assert form_with_button(_html(planned), "Show report").value("date_basis") == "planned"
    assert _link(planned, "Download CSV") == ("/reports/flows.csv?group_by=direction&date_basis=planned"
                                             "&mass_unit=kg&status=cancelled")
    assert _rows(_show(browser, page, status=["cancelled"])) == [["No shipments match these filters."]]


def test_an_empty_report_says_that_no_shipments_match(signed_in, flow_data):
    page = signed_in("staff").get("/reports?group_by=country&from=2030-01-01")
    assert _rows(page) == [["No shipments match these filters."]]


BAD = {
    "not a date": ({"from": "2020-13-01"}, "from", "Not a valid date"),
    "from after to": ({"from": "2020-05-01", "to": "2020-04-01"}, "to", "must not be before from"),
    "unknown grouping": ({"group_by": "colour"}, "group_by", "unknown grouping 'colour'"),
    "unknown period": ({"period": "week"}, "period", "Must be one of"),
    "unknown status": ({"status": "lost"}, "status.0", "Must be one of"),
    "unknown mass unit": ({"mass_unit": "ton"}, "mass_unit", "Must be one of"),
    "unknown date basis": ({"date_basis": "received"}, "date_basis", "Must be one of"),
}


@pytest.mark.parametrize("query, field, message", BAD.values(), ids=BAD.keys())
def test_bad_parameters_get_a_clear_message_on_the_page_never_a_server_error(signed_in, flow_data, query,
                                                                            field, message):
    page = signed_in("staff").get("/reports", query_string=query)
    assert page.status_code == 422
    text = text_of(_html(page))
    assert "please correct the fields marked below" in text
    assert f"{field} : {message}" in text or f"{field}: {message}" in text, text
    assert 'class="list report"' not in _html(page)  # no table of wrong figures
    assert form_with_button(_html(page), "Show report")  # the form is there to correct it
    assert _link(page, "Download CSV") is None


def test_the_csv_link_downloads_the_rows_on_the_page(signed_in, make, flow_data):
    browser = signed_in("staff")
    page = browser.get("/reports?group_by=direction&group_by=country&period=quarter&mass_unit=t")
    href = _link(page, "Download CSV")
    assert href.startswith("/reports/flows.csv?")
    response = browser.get(href)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="flows.csv"'
    api = make.api("staff").get(f"{REPORTS}.csv?group_by=direction,country&period=quarter&mass_unit=t")
    assert response.get_data(as_text=True) == api.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 1 + len(_rows(page))


def test_managers_get_a_pdf_link_that_prints_the_report_on_the_page(signed_in, flow_data):
    browser = signed_in("manager")
    page = browser.get("/reports?group_by=country&status=received")
    href = _link(page, "Print report (PDF)")
    assert href == "/reports/flows.pdf?group_by=country&status=received"
    response = browser.get(href)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = read_pdf(response.data)
    assert "China (CN) 1,000 piece ≈ 350 350 1 1" in pdf.words
    assert "Totals per country" in pdf.words


def test_staff_get_no_pdf_link_and_the_pdf_page_refuses_them(signed_in, flow_data):
    browser = signed_in("staff")
    assert _link(browser.get("/reports"), "Print report (PDF)") is None
    response = browser.get("/reports/flows.pdf?group_by=country")
    assert response.status_code == 403
    assert "may not open this page" in text_of(_html(response))


def test_bad_parameters_in_a_download_link_get_the_error_page(signed_in, flow_data):
    browser = signed_in("manager")
    for path in ("/reports/flows.csv?from=yesterday", "/reports/flows.pdf?period=week",
                 "/reports/flows.pdf?paper=a3"):
        response = browser.get(path)
        assert response.status_code == 422, path
        assert "please correct the fields marked below" in text_of(_html(response)), path


OTHERS = ("Alpha Supplies", "Bratislava Hospital")  # Kraków Aid's partner sees none of them


def test_a_partner_sees_only_its_own_flows_on_the_page_as_the_api_gives_them(signed_in, make, flow_data):
    partner = signed_in("partner", flow_data["krak"])
    page = partner.get("/reports")
    assert page.status_code == 200
    assert _rows(page) == [
        ["outbound", "1,210 pieces", "≈ 17.9", "17.9", "2", "2", "—"],
        ["outbound", "200.25 kilograms", "200.25", "—", "1", "1", "—"],
        ["outbound", "10 litres", "≈ 9", "9", "1", "1", "—"],
    ]
    grouped = _show(partner, page, group_by=["counterparty", "country", "item"], date_basis="planned")
    assert grouped.status_code == 200
    assert {tuple(row[1:3]) for row in _rows(grouped)} == {("Kraków Aid", "Poland (PL)")}
    assert not any(name in _html(grouped) for name in OTHERS)
    api = make.api("partner", org=flow_data["krak"]).get(f"{REPORTS}?group_by=counterparty,country,item"
                                                          "&date_basis=planned").get_json()
    assert [(row[3], row[-3], row[-2]) for row in _rows(grouped)] == [  # the API's rows, line for line
        (f"{row['item']['sku']} {row['item']['name']}", str(row["lines"]), str(row["shipments"]))
        for row in api["rows"]]


@pytest.mark.parametrize("query", [
    "group_by=counterparty&counterparty=all&organization_id=1&counterparty_id=1",
    "group_by=counterparty&status=draft&status=confirmed&status=in_transit&status=delivered&status=received"
    "&status=cancelled&date_basis=planned",
    "group_by=counterparty,country&from=2000-01-01&to=2100-12-31&values=1&period=year",
])
def test_a_partner_cannot_see_other_partners_flows_through_the_query(signed_in, flow_data, query):
    page = signed_in("partner", flow_data["krak"]).get(f"/reports?{query}")
    assert page.status_code == 200
    assert {row[1] for row in _rows(page)} == {"Kraków Aid"}
    assert not any(name in _html(page) for name in OTHERS)


def test_a_partner_never_sees_a_shipment_cancelled_before_it_was_confirmed(signed_in, flow_data):
    page = signed_in("partner", flow_data["krak"]).get("/reports?status=cancelled&date_basis=planned")
    assert _rows(page) == [["No shipments match these filters."]]


def test_a_partners_csv_link_downloads_its_own_rows_as_the_api_does(signed_in, make, flow_data):
    partner = signed_in("partner", flow_data["alpha"])
    page = partner.get("/reports?group_by=counterparty")
    response = partner.get(_link(page, "Download CSV"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert "Alpha Supplies" in text and "Bratislava" not in text and "Kraków" not in text
    api = make.api("partner", org=flow_data["alpha"]).get(f"{REPORTS}.csv?group_by=direction,counterparty")
    assert text == api.get_data(as_text=True)


def test_partners_get_no_pdf_link_nor_the_stock_link_and_the_pdf_refuses_them_as_the_api_does(
        signed_in, make, flow_data):
    partner = signed_in("partner", flow_data["krak"])
    page = partner.get("/reports")
    assert _link(page, "Print report (PDF)") is None
    assert _link(page, "Stock position") is None  # the stock position is the organisation's own
    assert partner.get("/reports/flows.pdf?group_by=country").status_code == 403
    assert partner.get("/reports/stock").status_code == 403
    api = make.api("partner", org=flow_data["krak"]).get(f"{REPORTS}.pdf?group_by=country")
    assert api.status_code == 403


@pytest.mark.parametrize("path", ["/reports", "/reports/flows.csv?group_by=item"])
def test_signed_out_visitors_are_sent_to_sign_in_and_back(browser, path):
    response = browser.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def _nav(response) -> list[str]:
    html = _html(response)
    nav = html[html.index('<nav aria-label="Main">'):html.index("</nav>")]
    return [text_of(label) for label in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)]


@pytest.mark.parametrize("role, links", [
    ("staff", ["Reports"]), ("manager", ["Reports", "Audit"]), ("admin", ["Reports", "Audit"]),
    ("partner", ["Reports"])])
def test_the_navigation_offers_reports_to_everyone_and_the_audit_trail_to_managers(signed_in, role, links):
    nav = _nav(signed_in(role).get("/shipments"))
    assert [link for link in nav if link in ("Reports", "Audit")] == links


def test_the_dashboard_sums_up_the_flows_and_links_to_the_full_report(signed_in, flow_data):
    browser = signed_in("manager")
    page = browser.get("/dashboard")
    html = _html(page)
    section = html[html.index('id="flows"'):]
    section = section[:section.index("</section>")]
    assert re.findall(r"<tr>(.*?)</tr>", section[section.index("<tbody>"):], re.S)
    text = text_of(section)
    assert "inbound 6,000 pieces ≈ 410 kilograms 2 2" in text
    assert "outbound 1,000.25 kilograms 1,000.25 kilograms 3 3" in text
    href = _link(page, "Full flow report")
    assert href == "/reports?group_by=direction,country"
    report = browser.get(href)
    assert _rows(report)[0] == ["inbound", "China (CN)", "6,000 pieces", "≈ 410", "410", "2", "2", "—"]
    assert forms_of(_html(report))


def test_the_page_shows_values_when_ticked(signed_in, valued):
    page = signed_in("staff").get("/reports?group_by=direction&values=1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<th class=\"num\">Declared values</th>" in html
    assert "Inbound declared values: 300,000.00 CZK; 1,250.50 EUR" in html
    assert "Outbound declared values: 1,000.00 EUR" in html
    assert "Declared values</th>" not in signed_in("staff").get("/reports?group_by=direction").get_data(as_text=True)


def test_a_link_repeating_a_one_value_field_gets_a_clear_message_naming_it(signed_in, flow_data):
    browser = signed_in("manager")
    page = browser.get("/reports?group_by=direction&period=month&period=year")
    assert page.status_code == 422
    assert "period: given more than once: send period once" in text_of(_html(page)).replace(" :", ":")
    for path in ("/reports/flows.csv", "/reports/flows.pdf", "/reports/stock.csv", "/reports/stock.pdf"):
        assert browser.get(f"{path}?mass_unit=kg&mass_unit=t").status_code == 422, path
    assert browser.get("/reports/stock?mass_unit=kg&mass_unit=t").status_code == 422


def test_a_link_repeating_group_by_groups_by_each_as_the_comma_form_does(signed_in, flow_data):
    browser = signed_in("staff")
    repeated = browser.get("/reports/flows.csv?group_by=direction&group_by=item")
    comma = browser.get("/reports/flows.csv?group_by=direction,item")
    assert repeated.status_code == comma.status_code == 200
    assert repeated.get_data() == comma.get_data()
