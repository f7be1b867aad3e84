"""A shipment's page in the reader's language: the "recorded … later" mark on its history and the
names of its transport papers (both were left in English on Polish, Czech and Chinese pages)."""
from __future__ import annotations

from datetime import UTC, datetime

import re

import pytest

from tests.web.pages import text_of

MAY = {"confirmed": datetime(2020, 5, 2, 9, tzinfo=UTC)}


@pytest.fixture
def late(make):
    make.coverall()
    return make.shipment(reference="OUT-2020-0301", status="confirmed", dates=MAY, transport_mode="road",
                         cmr_number="CMR-QA-1")


def _text(browser, path: str, language: str) -> str:
    response = browser.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return text_of(response.get_data(as_text=True))


@pytest.mark.parametrize("language, said, paper, field", [
    ("pl", "lat później", "List przewozowy CMR", "Numer listu przewozowego CMR"),
    ("cs", "let později", "Nákladní list CMR", "Číslo nákladního listu CMR"),
    ("zh", "年后", "CMR 公路运单", "CMR 运单号"),
])
def test_the_late_mark_and_the_papers_names_are_in_the_readers_language(
        late, signed_in, language, said, paper, field):
    browser = signed_in("staff")
    detail = _text(browser, "/shipments/OUT-2020-0301", language)
    assert said in detail
    assert "years later" not in detail
    assert paper in detail and "CMR consignment note" not in detail
    form = _text(browser, "/shipments/OUT-2020-0301/edit", language)
    assert field in form and "CMR consignment note number" not in form


def test_an_english_reader_keeps_the_english_words(late, signed_in):
    browser = signed_in("staff")
    detail = _text(browser, "/shipments/OUT-2020-0301", "en")
    assert "years later)" in detail and "CMR consignment note" in detail
    assert "CMR consignment note number" in _text(browser, "/shipments/OUT-2020-0301/edit", "en")


def test_the_edit_forms_locked_fields_show_their_values_in_the_readers_language(make, signed_in):
    make.coverall()
    make.shipment(reference="OUT-2020-0302", status="in_transit", transport_mode="rail")
    form = _text(signed_in("staff"), "/shipments/OUT-2020-0302/edit", "cs")

    assert "nelze měnit" in form  # the fields are locked
    assert "Směr odchozí" in form and "Druh dar" in form
    assert [word for word in ("outbound", "donation") if f" {word} " in f" {form} "] == []


@pytest.mark.parametrize("language, line, total", [
    ("pl", "13 500,00 EUR", "13 500,00 EUR"),  # a no-break space, collapsed by text_of
    ("hr", "13.500,00 EUR", "13.500,00 EUR"),
    ("en", "13,500.00 EUR", "13,500.00 EUR")])
def test_declared_values_are_written_as_the_readers_language_writes_amounts(
        make, signed_in, language, line, total):
    """A Polish or Croatian reader read "13,500.00 EUR" as about 13.5 EUR; the documents wrote it their way."""
    make.coverall()
    make.shipment(reference="OUT-2020-0303", lines=(("PPE-COV", "1200 box", "13500 EUR"),), status="in_transit")
    browser = signed_in("staff")
    detail = _text(browser, "/shipments/OUT-2020-0303", language)
    assert line in detail
    report = _text(browser, "/reports?values=1", language)
    assert total in report
    if language != "en":
        assert "13,500.00" not in detail and "13,500.00" not in report


def _label_of(html: str, name: str) -> str:
    return re.search(rf'<span>([^<]*)</span><input type="date" name="{name}"', html).group(1)


@pytest.mark.parametrize("language, start, end", [("pl", "Od", "Do"), ("cs", "Od", "Do"), ("zh", "开始日期", "结束日期"),
                                                  ("en", "From", "To")])
def test_a_periods_first_and_last_day_are_named_as_days_not_as_places(signed_in, language, start, end):
    """The dashboard's period read "Skąd … Dokąd" (where from, where to: the route's words) in Polish."""
    browser = signed_in("manager")
    dashboard = browser.get("/dashboard", headers={"Accept-Language": language}).get_data(as_text=True)
    assert (_label_of(dashboard, "from"), _label_of(dashboard, "to")) == (start, end)
    stock = browser.get("/reports/stock", headers={"Accept-Language": language}).get_data(as_text=True)
    assert _label_of(stock, "from") == start


def test_the_default_package_types_are_named_in_the_readers_language(make, signed_in):
    """A Slovak partner's page listed "Pallet" and "Carton" (the documents already said palety, kartóny)."""
    make.coverall()
    shipment = make.shipment(reference="OUT-2020-0304", lines=(("PPE-COV", "400 piece"),))
    make.packages(shipment, {"type": "pallet", "count": 1, "children": [
        {"type": "carton", "count": 2, "contents": [{"line_no": 1, "quantity": "2 carton"}]}]})
    html = signed_in("staff").get("/shipments/OUT-2020-0304", headers={"Accept-Language": "sk"}).get_data(as_text=True)
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert "Paleta" in cells and "Kartón" in cells
    assert "Pallet" not in cells and "Carton" not in cells
    assert '<option value="pallet" >Paleta</option>' in html.replace('value="pallet"  >', 'value="pallet" >')
