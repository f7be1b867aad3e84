"""The receiving page: a label's QR link lands on it, packages are marked or scanned, lines pre-filled."""
from __future__ import annotations

import re

import pytest

from tests.packages.receiving import API, packed_and_delivered, receipts, receive
from tests.web.pages import forms_of, input_value, text_of


@pytest.fixture
def packed(make):
    return packed_and_delivered(make)


def _main(response) -> str:
    html = response.get_data(as_text=True)
    return text_of(html[html.index("<main>"):html.index("</main>")])


def _line_ids(html: str) -> list[str]:
    receipt = next(f for f in forms_of(html) if f.value("status") == "received")
    return [value for name, value in receipt.fields if name == "line_id"]


def _token(make, packed) -> str:
    return make.api("staff").get(f"{API}/shipments/{packed.reference}").get_json()["tracking_url"].rsplit("/", 1)[1]


def test_a_label_link_opened_by_the_signed_in_receiver_lands_on_the_receipt_with_the_package_selected(
        signed_in, make, packed):
    partner = signed_in("partner", packed.org)
    carton = packed.cartons[3]

    response = partner.get(f"/track/{_token(make, packed)}?package={carton}")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/shipments/{packed.reference}/receive?package={carton}")
    page = partner.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(rf'<tr id="package-{carton}" data-package="{carton}" class="selected"', page)
    assert re.search(rf'<select name="state-{carton}"[^>]*autofocus', page)


def test_a_label_link_opened_by_another_partner_or_signed_out_shows_only_the_public_page(
        signed_in, browser, make, packed):
    stranger = signed_in("partner", make.org(name="Szpital Wojewódzki Łódź"))
    link = f"/track/{_token(make, packed)}?package={packed.pallet}"

    for reader in (stranger, browser):
        response = reader.get(link)
        assert response.status_code == 200
        main = _main(response)
        assert "Nitra" not in main and "PPE-COV" not in main and "/receive" not in response.get_data(as_text=True)
    assert "Sign in to check it in" in _main(browser.get(link))
    assert stranger.get(f"/shipments/{packed.reference}/receive").status_code == 404


def test_a_missing_carton_prefills_its_line_in_the_cartons_it_was_sent_in(signed_in, make, packed):
    partner = signed_in("partner", packed.org)
    page = partner.get(f"/shipments/{packed.reference}/receive")
    lost = packed.cartons[0]

    response = partner.submit(page, "Save the packages' states", {f"state-{lost}": "missing"})

    assert response.status_code == 302
    html = partner.get(f"/shipments/{packed.reference}/receive").get_data(as_text=True)
    ids = _line_ids(html)
    assert input_value(html, f"received-{ids[0]}-quantity") == "11 carton"  # not "1100 piece", not "44 box"
    assert input_value(html, f"received-{ids[0]}-reason") == "short"
    assert lost in input_value(html, f"received-{ids[0]}-note")
    assert input_value(html, f"received-{ids[1]}-quantity") == "2 carton"
    shipment_page = partner.get(f"/shipments/{packed.reference}").get_data(as_text=True)
    assert input_value(shipment_page, f"received-{ids[0]}-quantity") == "11 carton"  # the same form there


def test_the_prefilled_quantity_stays_editable_and_an_over_receipt_is_refused_on_its_field(
        signed_in, make, packed):
    partner = signed_in("partner", packed.org)
    page = partner.get(f"/shipments/{packed.reference}/receive")
    ids = _line_ids(page.get_data(as_text=True))

    response = partner.submit(page, "Confirm receipt", {f"received-{ids[0]}-quantity": "13 carton"})

    assert response.status_code == 422
    main = _main(response)
    assert "line 1: 100 piece more arrived than was sent (an over-receipt)" in main and "Line 1, reason" in main
    assert "Save the packages' states" in main  # still the receiving page
    assert input_value(response.get_data(as_text=True), f"received-{ids[0]}-quantity") == "13 carton"


def test_scanned_numbers_mark_those_arrived_and_the_others_missing(signed_in, make, packed):
    partner = signed_in("partner", packed.org)
    page = partner.get(f"/shipments/{packed.reference}/receive")

    response = partner.submit(page, "Check these numbers",
                              {"numbers": f"{packed.pallet}\n{packed.masks[0].lower()}, "})

    assert response.status_code == 302
    found = receipts(make.api("staff"), packed.reference)
    assert found[packed.pallet]["state"] == "arrived" and found[packed.masks[0]]["state"] == "arrived"
    assert found[packed.masks[1]]["state"] == "missing"
    assert found[packed.cartons[0]]["state"] == "arrived"  # on the pallet scanned
    html = partner.get(f"/shipments/{packed.reference}/receive").get_data(as_text=True)
    ids = _line_ids(html)
    assert input_value(html, f"received-{ids[1]}-quantity") == "1 carton"


@pytest.mark.parametrize("typed, said", [
    ("PKG-NOPE", "no package 'PKG-NOPE' is on shipment"),
    ("x" * 300, "characters)"),
    ("", "scan or type at least one number"),
])
def test_unknown_numbers_are_refused_naming_an_excerpt_and_nothing_is_marked(
        signed_in, make, packed, typed, said):
    partner = signed_in("partner", packed.org)
    page = partner.get(f"/shipments/{packed.reference}/receive")

    response = partner.submit(page, "Check these numbers", {"numbers": f"{packed.pallet}\n{typed}"
                                                            if typed else ""})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    said_on_page = text_of(html[html.index('<p class="problem"'):html.index("</ul>")])
    assert said in said_on_page
    assert "x" * 100 not in said_on_page  # an excerpt, not the whole of what was typed
    assert set(receipts(make.api("staff"), packed.reference).values()) == {None}


def test_a_damaged_package_without_a_note_is_refused_on_its_field_naming_it(signed_in, make, packed):
    partner = signed_in("partner", packed.org)
    page = partner.get(f"/shipments/{packed.reference}/receive")
    carton = packed.cartons[2]

    response = partner.submit(page, "Save the packages' states", {f"state-{carton}": "damaged"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f"package {carton} is damaged: say in the note what is damaged" in _main(response)
    assert re.search(rf'<input name="note-{carton}"[^>]*aria-invalid="true"', html)


def test_another_partner_cannot_mark_packages_on_the_page(signed_in, make, packed):
    stranger = signed_in("partner", make.org(name="Szpital Wojewódzki Łódź"))
    page = stranger.get("/shipments")  # any page for a CSRF token
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    data = {"package": packed.pallet, f"state-{packed.pallet}": "missing",
            "csrf_token": token.group(1) if token else ""}

    assert stranger.post(f"/shipments/{packed.reference}/receive/packages", data=data).status_code == 404
    assert set(receipts(make.api("staff"), packed.reference).values()) == {None}


def test_the_sender_sees_each_packages_state_on_the_shipment_page_and_the_receiving_page_reads_it_back(
        signed_in, make, packed):
    partner = make.api("partner", packed.org)
    crushed = packed.cartons[4]
    assert receive(partner, packed.reference, packages=[
        {"number": crushed, "state": "damaged", "note": "lid torn"},
        {"number": packed.masks[0], "state": "missing"}],
        received={1: {"quantity": "12 carton", "reason": "damaged"}, 2: {"quantity": "1 carton",
                                                                          "reason": "short"}}).status_code == 201
    staff = signed_in("staff")

    html = staff.get(f"/shipments/{packed.reference}").get_data(as_text=True)
    assert re.search(rf'<tr data-package="{packed.masks[0]}">.*?<td data-cell="receipt" class="missing">'
                     r'missing \(short\)', html, re.S)
    # a carton is a row of the package table, indented under the pallet it is on
    assert re.search(rf'<tr data-package="{crushed}" class="nested level-2">.*?<td>{packed.pallet}</td>'
                     r'.*?<td data-cell="receipt" class="damaged">damaged \(damaged: lid torn\)', html, re.S)
    after = _main(staff.get(f"/shipments/{packed.reference}/receive"))
    assert "The receipt was confirmed" in after and "damaged (damaged: lid torn)" in after
    assert "Save the packages' states" not in after and "Confirm receipt" not in after
