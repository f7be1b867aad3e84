"""The edit form of a shipment offers as inputs only what its status still lets change."""
from __future__ import annotations

from datetime import date

import pytest

from logistics.domain.workflow import HEADER_FIELDS, Status, editable_fields
from tests.web.pages import form_with_button, submission, text_of

# The form names its fields as the domain does (the partner is chosen by id, the notes are a textarea).
FORM_NAMES = HEADER_FIELDS


def _offered(html: str) -> set[str]:
    """Return the header fields the page lets one type or choose (an input, select or textarea named so)."""
    return {name for name in FORM_NAMES if f'name="{name}"' in html}


@pytest.fixture
def catalogue(make):
    """The coverall the shipments carry."""
    return make.coverall()


@pytest.mark.parametrize("status", ["draft", "in_transit", "delivered", "received", "cancelled"])
def test_the_edit_form_offers_an_input_for_exactly_the_fields_the_status_lets_change(
        make, signed_in, catalogue, status):
    make.shipment(reference="OUT-LATE-1", status=status, planned_departure=date(2020, 4, 2))

    html = signed_in("staff").get("/shipments/OUT-LATE-1/edit").get_data(as_text=True)

    assert _offered(html) == set(editable_fields(Status(status)))
    if status != "draft":
        assert 'data-locked="planned_departure"' in html and "2020-04-02" in html  # shown, not offered
        assert "cannot change while the shipment is" in text_of(html)


def test_a_locked_field_posted_anyway_is_refused_with_a_clear_message_and_nothing_changes(
        make, signed_in, catalogue):
    make.shipment(reference="OUT-LATE-2", status="in_transit", destination_place="Nitra")
    staff = signed_in("staff")
    page = staff.get("/shipments/OUT-LATE-2/edit")
    before = make.api("manager").get("/api/v1/shipments/OUT-LATE-2").get_json()

    fields = submission(form_with_button(page.get_data(as_text=True), "Save"), "Save",
                        {"carrier": "DHL Freight"})
    fields["destination_place"] = "Košice"
    fields["planned_departure"] = "2020-05-01"
    response = staff.post("/shipments/OUT-LATE-2/edit", data=fields)

    text = text_of(response.get_data(as_text=True))
    assert response.status_code == 422, text
    assert "is in_transit: destination_place, planned_departure can no longer change" in text
    assert "nothing was saved" in text
    after = make.api("manager").get("/api/v1/shipments/OUT-LATE-2").get_json()
    assert after == before  # the carrier typed beside them is not saved either


def test_what_may_still_change_in_transit_is_saved_from_the_form(make, signed_in, catalogue):
    make.shipment(reference="OUT-LATE-3", status="in_transit")
    staff = signed_in("staff")
    page = staff.get("/shipments/OUT-LATE-3/edit")

    saved = staff.submit(page, "Save", {"carrier": "DHL Freight", "cmr_number": "CMR-77"})

    assert saved.status_code == 302
    body = make.api("manager").get("/api/v1/shipments/OUT-LATE-3").get_json()
    assert (body["carrier"], body["cmr_number"]) == ("DHL Freight", "CMR-77")
