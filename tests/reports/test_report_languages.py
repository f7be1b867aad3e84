"""The printed flow report and stock position in the reader's language: words, country names, figures."""
from __future__ import annotations

from tests.documents.pdfs import fonts, read_pdf
from tests.reports.conftest import REPORTS
from tests.reports.test_flow_pdf import QUARTERS
from tests.reports.test_stock import STOCK, moved  # noqa: F401  (the known movements)
from tests.web.conftest import PASSWORD, Browser


def _read(client, path: str, language: str | None):
    response = client.get(path, headers={"Accept-Language": language} if language else {})
    assert response.status_code == 200, (response.status_code, response.get_json(silent=True))
    assert response.mimetype == "application/pdf"
    return read_pdf(response.data), response


def test_a_czech_managers_flow_report_prints_in_czech_with_czech_figures(make, flow_data):
    pdf, _ = _read(make.api("manager"), f"{REPORTS}.pdf?{QUARTERS}", "cs")
    text = pdf.words
    assert text.startswith("Přehled toků")
    for shown in ("SESKUPENO PODLE směr, země, období (čtvrtletí)", "OBDOBÍ čtvrtletí",
                  "STAVY na cestě, doručeno, přijato (výchozí: zboží, které se pohnulo)",
                  "HRUBÁ HMOTNOST V t (tuny)",
                  "Směr Země Období Celkem Hrubá hmotnost (t) Odhad (t) Řádky Zásilky Nevážené",
                  "Toky", "Součty podle zemí", "Součty příjmu:", "Součty výdeje:",
                  "Čína (CN)", "Polsko (PL)", "Slovensko (SK)",
                  "≈ hrubá hmotnost zahrnuje odhad"):
        assert shown in text, shown
    # figures as Czech writes them: a decimal comma, a no-break space grouping thousands
    assert "1,5 t" in text and "250,5 l" in text.lower()
    assert "≈ 0,41" in text and "0.41" not in text
    for english in ("Flow report", "Totals per country", "Inbound totals", "GROUPED BY", "Shipments"):
        assert english not in text, english


def test_a_czech_stock_position_prints_in_czech_with_czech_figures(make, moved):
    pdf, _ = _read(make.api("staff"), f"{STOCK}.pdf?mass_unit=t", "cs")
    text = pdf.words
    assert text.startswith("Stav skladu")
    for shown in ("HMOTNOST V t (tuny)", "Podle zboží a jednotky",
                  "Položka Jednotka Přijato dovnitř Odesláno ven Rozdíl Odhadovaný zůstatek",
                  "COV Coverall t 22,5 0 22,5", "≈ 58 286 ks (odhad)", "ks 0 6 000 -6 000", "Je to odhad, nikdy přesné číslo"):
        assert shown in text, shown
    assert "22.5" not in text and "Stock position" not in text


def test_an_english_reader_gets_the_english_reports(make, flow_data):
    pdf, _ = _read(make.api("manager"), f"{REPORTS}.pdf?{QUARTERS}", "en")
    assert pdf.words.startswith("Flow report") and "Inbound totals: 6,000 piece; 1.5 t" in pdf.words


def test_a_chinese_flow_report_and_stock_position_render_with_their_font_embedded(make, flow_data):
    for path, title in ((f"{REPORTS}.pdf?{QUARTERS}", "流量报告"), (f"{STOCK}.pdf", "库存状况")):
        pdf, response = _read(make.api("manager"), path, "zh")
        assert pdf.words.startswith(title), pdf.words[:80]
        assert all(font.embedded for font in fonts(response.data))
    assert "按国家合计" in _read(make.api("manager"), f"{REPORTS}.pdf?{QUARTERS}", "zh")[0].words



def test_a_czech_manager_downloads_both_reports_from_the_pages_in_czech(app, make, flow_data):
    """The pages' downloads print in the signed-in user's own language, whatever the browser says."""
    user, _ = make.user("manager", password=PASSWORD, language="cs")
    browser = Browser(app.test_client(), user)
    assert browser.sign_in(user.email, PASSWORD).status_code == 302
    english = {"Accept-Language": "en"}
    flows = browser.get(f"/reports/flows.pdf?{QUARTERS}", headers=english)
    assert flows.status_code == 200, flows.status_code
    text = read_pdf(flows.data).words
    assert text.startswith("Přehled toků") and "Součty příjmu: 6 000 ks; 1,5 t; 250,5 l" in text
    stock = browser.get("/reports/stock.pdf?mass_unit=t", headers=english)
    assert stock.status_code == 200, stock.status_code
    assert read_pdf(stock.data).words.startswith("Stav skladu")
