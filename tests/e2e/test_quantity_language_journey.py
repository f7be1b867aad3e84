"""A Polish partner confirms receipt typing "5 760 szt.", after "1,200 szt." is refused in Polish.

Real server, real chromium. Staff (in English) log 12 cartons of N95 masks to Łódź (5,760
pieces), dispatch them and mark them delivered; the partner reads the receipt form in Polish
(its browser asks for Polish), is told why "1,200" could be misread, types "5 760 szt." with the
space a Polish clerk types, and the sender sees exactly 5,760 pieces received, no shortfall.
Fields are found by their names, not their (translated) labels.
"""
from __future__ import annotations

import pytest

from tests.e2e.steps import PARTNER_LODZ, STAFF, dispatch_donation_to_lodz, expect_text, look, mark_delivered

NBSP = "\u00a0"


@pytest.mark.parametrize("device", ["phone"])
def test_a_polish_partner_types_5_760_szt_and_5760_pieces_are_received(signed_in, served, device,
                                                                         screenshots):
    staff = signed_in(served, STAFF)
    reference = dispatch_donation_to_lodz(staff, served, "PL-5760")
    mark_delivered(staff)

    page = signed_in(served, PARTNER_LODZ)
    page.set_extra_http_headers({"Accept-Language": "pl-PL,pl;q=0.9"})
    page.goto(f"{served.base_url}/shipments/{reference}")
    receipt = page.locator("form.receipt")
    first = receipt.locator("input[name^='received-'][name$='-quantity']").first
    assert first.input_value() == "5760 szt."  # pre-filled with what was sent, written in Polish

    first.fill("1,200 szt.")
    receipt.locator("button[type=submit]").last.click()
    first = page.locator("form.receipt input[name^='received-'][name$='-quantity']").first
    assert first.get_attribute("aria-invalid") == "true"
    expect_text(page.locator("main"), "'1,200 szt.' jest niejednoznaczne",
                "można je odczytać jako 1200 albo jako 1,2")
    look(page, screenshots, "polish-receipt-refused", device)

    first.fill("5 760 szt.")
    page.locator("form.receipt button[type=submit]").last.click()
    page.wait_for_url(f"{served.base_url}/shipments/{reference}")
    expect_text(page.locator("main"), f"5{NBSP}760 sztuk")
    look(page, screenshots, "polish-receipt-received", device)

    staff.goto(f"{served.base_url}/shipments/{reference}")
    expect_text(staff.locator("h1 .status"), "received")
    line = staff.locator("section[aria-labelledby=lines-heading] table.list tbody tr").nth(0)
    expect_text(line, "5,760 pieces")
    assert "short" not in line.inner_text()
