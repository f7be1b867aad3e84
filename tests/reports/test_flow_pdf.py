"""The printed flow report: exact figures, filters, country charts, numbered pages, reprints, access."""
from __future__ import annotations

from datetime import date

import pytest

from tests.documents.pdfs import read_pdf, runs, squash, words
from tests.reports.conftest import REPORTS, dispatched_on, expect
from tests.reports.test_flow_access import BAD

PDF = f"{REPORTS}.pdf"
A4, LETTER = (595, 842), (612, 792)
QUARTERS = "group_by=direction,country&period=quarter&from=2020-01-01&to=2020-12-31&mass_unit=t"


def _print(client, query: str = ""):
    """Download the printed report (200 expected) and read it back."""
    response = client.get(f"{PDF}?{query}")
    assert response.status_code == 200, (response.status_code, response.get_json(silent=True))
    assert response.mimetype == "application/pdf"
    return read_pdf(response.data), response


def test_the_printed_report_shows_the_filters_and_the_exact_figures_of_every_row(make, flow_data):
    pdf, response = _print(make.api("manager"), QUARTERS)

    text = pdf.words
    assert text.startswith("Flow report")
    for shown in ("GROUPED BY direction, country, period (quarter)", "PERIOD quarter",
                  "DATED BY actual dispatch (UTC day; shipments not dispatched yet have no actual date and are "
                  "not counted)", "ACTUAL DISPATCH 2020-01-01 to 2020-12-31",
                  "STATUSES in transit, delivered, received (the default: goods that moved)",
                  "GROSS MASS IN t (tonnes)"):
        assert shown in text, shown
    assert "Direction Country Period Total Gross mass (t) Estimated (t) Lines Shipments Not weighed" in text
    rows = [
        "inbound China (CN) 2020-Q1 6,000 piece ≈ 0.41 0.41 2 2 —",
        "inbound China (CN) 2020-Q1 1.5 t 1.5 — 1 1 —",
        "inbound China (CN) 2020-Q1 250.5 L ≈ 0.22545 0.22545 1 1 —",
        "outbound Poland (PL) 2020-Q2 1,200 piece ≈ 0.0144 0.0144 1 1 —",
        "outbound Poland (PL) 2020-Q2 0.20025 t 0.20025 — 1 1 —",
        "outbound Poland (PL) 2020-Q2 10 L ≈ 0.009 0.009 1 1 —",
        "outbound Slovakia (SK) 2020-Q2 410 piece ≈ 0.14 0.14 2 1 1",
        "outbound Slovakia (SK) 2020-Q2 0.05 t 0.05 — 1 1 —",
        "outbound Slovakia (SK) 2020-Q4 100 piece ≈ 0.035 0.035 1 1 —",
        "outbound Slovakia (SK) 2020-Q4 0.75 t 0.75 — 1 1 —",
    ]
    positions = [text.index(row) for row in rows]
    assert positions == sorted(positions)
    assert text.count(" 2020-Q") == len(rows)  # nothing else (2021, undated, not moved) is counted
    # per direction, every mass in the chosen unit: in and out, and pieces and tonnes, never added
    assert ("Inbound totals: 6,000 piece; 1.5 t; 250.5 L (gross mass 2.13545 t, "
            "of which ≈ 0.63545 t estimated; 4 lines)") in text
    assert ("Outbound totals: 1,710 piece; 1.00025 t; 10 L (gross mass 1.19865 t, "
            "of which ≈ 0.1984 t estimated; 8 lines)") in text
    assert "7,710" not in text and " kg" not in text.split("Totals per country")[0]
    assert "≈ the gross mass includes an estimate from the items' unit masses" in text
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="flows-{response.headers["X-Document-Revision"]}.pdf"'


def test_grouped_by_item_the_printed_rows_are_the_json_reports_rows(make, flow_data):
    client = make.api("admin")
    query = "group_by=item&status=received&mass_unit=kg"
    report = expect(client.get(f"{REPORTS}?{query}"))
    pdf, _ = _print(client, query)
    rows = ["inbound COV Coverall 1,000 piece ≈ 350 350 1 1 —",
            "inbound GEL Hand gel 250.5 L ≈ 225.45 225.45 1 1 —",
            "inbound RICE Rice 5 kg 5 — 1 1 —",
            "outbound COV Coverall 510 piece ≈ 178.5 178.5 3 3 —",
            "outbound COV Coverall 50 kg 50 — 1 1 —",
            "outbound RICE Rice 750 kg 750 — 1 1 —",
            "outbound TENT Tent 10 piece 0 — 1 1 1"]
    assert len(report["rows"]) == len(rows)
    positions = [pdf.words.index(row) for row in rows]
    assert positions == sorted(positions)
    assert "STATUSES received" in pdf.words and "(the default" not in pdf.words
    assert "Not weighed: lines of items without a unit mass, left out of the gross mass." in pdf.words


def _chart_words(pdf) -> list:
    """Return the words below the "Totals per country" heading, on the page that has it."""
    for index in range(len(pdf.pages)):
        if "Totals per country" in pdf.page_words(index):
            page = words(pdf.content, index)
            heading = next(w for i, w in enumerate(page) if w.text == "Totals" and page[i + 1].text == "per")
            return [w for w in page if w.y0 > heading.y1]
    raise AssertionError("no chart heading in the PDF")


def test_each_direction_and_unit_gets_a_chart_of_totals_per_country(make, flow_data):
    pdf, response = _print(make.api("manager"), "group_by=item")  # not by country: counted apart
    charts = pdf.words[pdf.words.index("Totals per country"):]
    for title in ("Inbound — piece", "Inbound — kg", "Inbound — L",
                  "Outbound — piece", "Outbound — kg", "Outbound — L"):
        assert title in charts, title
    # each country's label sits on its bar's line, left of the exact total printed at the bar's end
    chart_words = _chart_words(pdf)
    for country, figure in [("China", "6,000"), ("China", "1,505"), ("China", "250.5"),
                            ("Poland", "1,210"), ("Slovakia", "510"), ("Slovakia", "800"),
                            ("Poland", "200.25"), ("Poland", "10")]:
        amount = [w for w in chart_words if w.text == figure]
        assert amount, figure
        assert any(w.text == country and abs((w.y0 + w.y1) - (a.y0 + a.y1)) < 2 and w.x1 < a.x0
                   for w in chart_words for a in amount), (country, figure)


def test_the_largest_country_comes_first_in_its_chart(make, flow_data):
    pdf, _ = _print(make.api("manager"), "group_by=direction")
    outbound_kg = pdf.between("Outbound — kg", "Outbound — L")
    assert outbound_kg.index("800 kg") < outbound_kg.index("200.25 kg")
    chart_words = _chart_words(pdf)
    poland = next(w for w in chart_words if w.text == "1,210")
    slovakia = next(w for w in chart_words if w.text == "510")
    assert poland.y0 < slovakia.y0  # Poland's 1,210 pieces drawn above Slovakia's 510
    # the labels are right-aligned against the bars' axis, not drawn over the bars
    ends = [w.x1 for w in chart_words if w.text in ("(PL)", "(SK)") and abs(w.y0 - poland.y0) < 2
            or w.text in ("(PL)", "(SK)") and abs(w.y0 - slovakia.y0) < 2]
    assert len(ends) == 2 and abs(ends[0] - ends[1]) < 1, ends


def _overlapping(pdf) -> list:
    """Return the pairs of words whose boxes overlap, on any page (as poppler places them)."""
    found = []
    for index in range(len(pdf.pages)):
        page = [w for w in words(pdf.content, index) if w.text.strip()]
        for i, first in enumerate(page):
            for second in page[i + 1:]:
                apart = (first.x1 <= second.x0 + 0.5 or second.x1 <= first.x0 + 0.5
                         or first.y1 <= second.y0 + 0.5 or second.y1 <= first.y0 + 0.5)
                if not apart:
                    found.append((index, first, second))
    return found


def test_no_two_words_overlap_on_any_page(make, flow_data):
    pdf, _ = _print(make.api("manager"), "group_by=direction,kind,country,counterparty,item,category&period=month")
    assert _overlapping(pdf) == []


def test_a_long_country_name_is_shortened_in_its_chart_but_keeps_its_code(make, flow_data):
    congo = make.org(name="Hôpital de Kinshasa", country="CD")
    make.shipment(congo, [("COV", "2 piece")], status="in_transit")
    pdf, _ = _print(make.api("manager"), "group_by=country")
    assert "Congo, The Democratic Republic of the (CD) 2 piece" in pdf.words  # in the table, whole
    labels = " ".join(w.text for w in _chart_words(pdf))
    assert "Congo, The" in labels and "… (CD)" in labels
    assert "Democratic Republic of the (CD)" not in labels
    assert _overlapping(pdf) == []


def test_an_empty_report_prints_that_no_shipments_match(make, flow_data):
    pdf, _ = _print(make.api("manager"), "from=2030-01-01&group_by=country")
    assert "No shipments match these filters." in pdf.words
    assert "Totals per country" not in pdf.words and "Totals:" not in pdf.words
    assert "Page 1 of 1" in pdf.words


def test_a_report_on_an_empty_database_prints_too(make):
    pdf, _ = _print(make.api("admin"))
    assert "No shipments match these filters." in pdf.words
    assert "DATA AS OF —" in pdf.words


def test_printing_the_same_report_twice_gives_byte_identical_pdfs(make, flow_data):
    client = make.api("manager")
    first, first_response = _print(client, QUARTERS)
    second, second_response = _print(client, QUARTERS)
    assert first.content == second.content
    assert first_response.headers["X-Document-Checksum"] in first.words

    make.shipment(flow_data["krak"], [("N95", "1 piece")], status="in_transit", reference="REP-S11",
                  planned_departure=date(2020, 6, 1), dates=dispatched_on(date(2020, 6, 1)))
    changed, changed_response = _print(client, QUARTERS)
    assert changed_response.headers["X-Document-Revision"] != first_response.headers["X-Document-Revision"]
    assert "outbound Poland (PL) 2020-Q2 1,201 piece" in changed.words


def test_a_long_report_flows_over_pages_numbered_n_of_m_with_the_header_repeated(make):
    org = make.org(name="Many Items Ltd", country="HR")
    skus = [f"LONG-{n:03d}" for n in range(1, 151)]
    for sku in skus:
        make.item(sku, "piece", "0.5 kg", name=f"Item number {sku[-3:]}")
    make.shipment(org, [(sku, f"{n} piece") for n, sku in enumerate(skus, 1)], status="received")

    pdf, response = _print(make.api("manager"), "group_by=item")

    total = len(pdf.pages)
    assert total >= 3
    assert pdf.sizes == [A4] * total
    for index in range(total):
        page = pdf.page_words(index)
        assert page.count(f"Page {index + 1} of {total}") == 1, index
        assert f"revision {response.headers['X-Document-Revision']}" in page, index
    for index in range(1, total - 1):
        page = pdf.page_words(index)
        assert "Flow report — by direction, item (continued)" in page, index
        assert "Direction Item Total Gross mass (kg) Estimated (kg) Lines Shipments" in page, index
    for n, sku in enumerate(skus, 1):
        assert pdf.words.count(f"outbound {sku} Item number {sku[-3:]} {n} piece ") == 1, sku
    assert f"Outbound totals: {sum(range(1, 151)):,} piece" in pdf.words


def test_us_letter_on_request(make, flow_data):
    pdf, _ = _print(make.api("manager"), "paper=letter&group_by=direction")
    assert pdf.sizes == [LETTER] * len(pdf.pages)


@pytest.mark.parametrize("paper, size", [("a4", A4), ("letter", LETTER)])
def test_more_than_three_groupings_are_printed_landscape_so_the_columns_stay_readable(
        make, flow_data, paper, size):
    client = make.api("manager")
    pdf, _ = _print(client, f"paper={paper}&group_by=direction,kind,country,counterparty,item,category,period")
    assert pdf.sizes == [(size[1], size[0])] * len(pdf.pages)
    assert "outbound donation Poland (PL) Kraków Aid N95 N95 respirator ppe 2020-05 1,200 piece" in pdf.words
    three, _ = _print(client, f"paper={paper}&group_by=direction,kind,country")
    assert three.sizes == [size] * len(three.pages)


NAMES = {
    "polish": "Szpital Wojewódzki Łódź",
    "czech": "Nemocnice Třinec, příspěvková organizace",
    "chinese": "沧州市人民医院",
    "markup": "</para><font size=80>Evil & Co",
}


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_partner_names_print_as_text_in_any_language_never_as_markup(make, flow_data, name):
    org = make.org(name=name, country="CZ")
    make.shipment(org, [("COV", "3 piece")], status="delivered")
    pdf, _ = _print(make.api("manager"), "group_by=counterparty")
    assert squash(name) in pdf.squashed
    assert "Kraków Aid" in pdf.words
    assert "Czechia (CZ)" in pdf.words  # in the chart
    for index in range(len(pdf.pages)):
        for run in runs(pdf.content, index):
            assert run.size <= 17.5, run  # the title is the largest text
    if name == NAMES["chinese"]:
        fonts = {run.font for run in runs(pdf.content, 0) if "沧州" in run.text}
        assert fonts == {"DroidSansFallback"}


# --- who may print it ------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["staff", "partner"])
def test_staff_and_partners_may_not_print_the_report(make, flow_data, role):
    client = make.api(role, flow_data["krak"] if role == "partner" else None)
    body = expect(client.get(f"{PDF}?group_by=country"), 403)
    assert body["message"] == f"a {role} user may not do this"


def test_printing_the_report_needs_a_token(make):
    response = make.anonymous().get(PDF)
    assert expect(response, 401)["message"].startswith("authentication required")


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_print_every_organisations_flows(make, flow_data, role):
    pdf, _ = _print(make.api(role), "group_by=counterparty")
    for name in ("Alpha Supplies", "Bratislava Hospital", "Kraków Aid"):
        assert name in pdf.words


@pytest.mark.parametrize("query, field, message", BAD.values(), ids=BAD.keys())
def test_bad_parameters_get_422_and_no_pdf(make, query, field, message):
    body = expect(make.api("manager").get(f"{PDF}?{query}"), 422)
    assert list(body["errors"]["query"]) == [field]
    assert message in str(body["errors"]["query"][field])


def test_an_unknown_paper_is_refused(make):
    body = expect(make.api("manager").get(f"{PDF}?paper=a3"), 422)
    assert list(body["errors"]["query"]) == ["paper"]
