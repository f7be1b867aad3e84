"""The stock position printed: exact figures read back from the PDF, estimates flagged, partners kept out."""
from __future__ import annotations

import pytest

from tests.documents.pdfs import read_pdf
from tests.reports.conftest import expect
from tests.reports.test_stock import STOCK, moved  # noqa: F401  (the known movements)


def _pdf(response):
    assert response.status_code == 200, response.get_json(silent=True)
    assert response.mimetype == "application/pdf"
    return read_pdf(response.data)


def test_the_printed_stock_position_reads_back_with_every_figure_and_the_estimate_flagged(make, moved):
    response = make.api("staff").get(f"{STOCK}.pdf?mass_unit=t")
    pdf = _pdf(response)
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="stock-{response.headers["X-Document-Revision"]}.pdf"'
    text = pdf.words
    assert text.startswith("Stock position")
    for shown in ("ARRIVED (IN) AND DISPATCHED (OUT) any date", "MASS IN t (tonnes)",
                      "dated by their actual arrival",
                  "Item Unit Received in Dispatched out Difference Estimated balance",
                  "COV Coverall t 22.5 0 22.5 ≈ 58,286 piece (estimated)",
                  "piece 0 6,000 -6,000",
                  "TENT Tent piece 10 4 6",
                  "It is an estimate, never an exact figure"):
        assert shown in text, shown
    assert "22,500" not in text and "6,022.5" not in text  # tonnes are never added to pieces
    assert f"SHA-256 of this revision: {response.headers['X-Document-Checksum']}" in text


def test_printing_the_same_stock_position_twice_gives_the_same_bytes(make, moved):
    client = make.api("manager")
    assert client.get(f"{STOCK}.pdf").data == client.get(f"{STOCK}.pdf").data


def test_an_empty_period_prints_that_nothing_moved(make, moved):
    pdf = _pdf(make.api("admin").get(f"{STOCK}.pdf?from=2999-01-01&paper=letter"))
    assert "Nothing was received or dispatched in this period." in pdf.words
    assert pdf.sizes == [(612, 792)]


def test_partners_may_not_print_the_stock_position(make, moved):
    response = make.api("partner", org=make.org(name="Kraków Aid", country="PL")).get(f"{STOCK}.pdf")
    assert expect(response, 403)["message"].startswith("a partner user may not")


@pytest.mark.parametrize("query, field", [("paper=a3", "paper"), ("mass_unit=ton", "mass_unit")])
def test_bad_print_parameters_get_422_naming_the_field(make, query, field):
    assert field in str(expect(make.api("staff").get(f"{STOCK}.pdf?{query}"), 422)["errors"])
