"""The receipt form asks for a reason where a line differs, marks the field and names the line by its number."""
from __future__ import annotations

import re

import pytest

from tests.web.pages import forms_of, input_value, text_of


@pytest.fixture
def delivered(make):
    make.coverall()
    make.mask()
    org = make.org(name="Nitra Hospital")
    make.shipment(counterparty=org, reference="OUT-2020-0001", status="delivered",
                  lines=[("PPE-COV", "100000 piece"), ("PPE-N95", "2 box")])
    return org


def _receipt_ids(page) -> list[str]:
    receipt = next(f for f in forms_of(page.get_data(as_text=True)) if f.value("status") == "received")
    return [value for name, value in receipt.fields if name == "line_id"]


def test_an_over_receipt_without_a_reason_is_refused_at_its_reason_field_naming_line_2(
        signed_in, delivered):
    partner = signed_in("partner", delivered)
    page = partner.get("/shipments/OUT-2020-0001")
    ids = _receipt_ids(page)

    response = partner.submit(page, "Confirm receipt", {f"received-{ids[1]}-quantity": "999999999 piece"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    main = text_of(html[html.index("<main>"):html.index("</main>")])
    assert "line 2: 999,999,959 piece more arrived than was sent (an over-receipt)" in main
    assert "Line 2, reason" in main
    assert "received.0" not in main and "received.1" not in main
    assert re.search(rf'<select name="received-{ids[1]}-reason"[^>]*aria-invalid="true"', html)
    assert f'id="received-{ids[1]}-reason-error"' in html
    assert input_value(html, f"received-{ids[1]}-quantity") == "999999999 piece"
    assert "Confirm receipt" in main  # still delivered: nothing was recorded


def test_an_over_receipt_confirmed_as_over_is_flagged_on_the_shipment_page(signed_in, delivered):
    partner = signed_in("partner", delivered)
    page = partner.get("/shipments/OUT-2020-0001")
    ids = _receipt_ids(page)

    response = partner.submit(page, "Confirm receipt", {
        f"received-{ids[0]}-quantity": "999999999 piece", f"received-{ids[0]}-reason": "over",
        f"received-{ids[0]}-note": "label misprinted?",
        f"received-{ids[1]}-quantity": "0 piece", f"received-{ids[1]}-reason": "wrong_item"})

    assert response.status_code == 302
    html = partner.get("/shipments/OUT-2020-0001").get_data(as_text=True)
    lines = text_of(html[html.index('id="lines-heading"'):html.index("</table>", html.index('id="lines-heading"'))])
    assert "+999,899,999 pieces over-receipt over-receipt label misprinted?" in lines
    assert "-40 pieces wrong item" in lines


def test_a_refused_quantity_is_named_by_the_line_number_not_its_position(signed_in, delivered):
    partner = signed_in("partner", delivered)
    page = partner.get("/shipments/OUT-2020-0001")
    ids = _receipt_ids(page)

    response = partner.submit(page, "Confirm receipt", {f"received-{ids[1]}-quantity": "3 kg"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Line 2, received" in text_of(html)
    assert f'id="received-{ids[1]}-quantity-error"' in html


@pytest.mark.parametrize("typed, said", [("12 parsec", "unknown unit"), ("lots", "quantity"),
                                         ("-3 piece", "")])
def test_a_received_quantity_that_cannot_be_read_is_marked_at_its_field_naming_the_line_as_printed(
        signed_in, delivered, typed, said):
    partner = signed_in("partner", delivered)
    page = partner.get("/shipments/OUT-2020-0001")
    ids = _receipt_ids(page)

    response = partner.submit(page, "Confirm receipt", {f"received-{ids[1]}-quantity": typed})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    main = text_of(html[html.index("<main>"):html.index("</main>")])
    assert "line 2: " in main and said in main
    assert "Line 2, received" in main
    assert "received.0" not in main and "received.1" not in main
    assert re.search(rf'<input name="received-{ids[1]}-quantity"[^>]*aria-invalid="true"', html)
