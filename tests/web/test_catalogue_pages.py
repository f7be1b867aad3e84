"""The catalogue pages: staff add organisations and items (with packs) through their forms."""
from __future__ import annotations

from tests.web.pages import text_of


def test_staff_add_an_organisation_from_its_page(signed_in):
    staff = signed_in("staff")

    response = staff.submit(staff.get("/organizations"), "Add organisation", {
        "name": "Szpital Wojewódzki Łódź", "country": "pl", "kind": "recipient"})

    assert response.status_code == 302
    text = text_of(staff.get("/organizations").get_data(as_text=True))
    assert "Szpital Wojewódzki Łódź is added." in text and "Poland" in text


def test_staff_add_an_item_with_its_packs_written_one_per_line(signed_in):
    staff = signed_in("staff")

    response = staff.submit(staff.get("/items"), "Add item", {
        "sku": "PPE-GLV", "name": "Nitrile gloves", "base_unit": "pair", "unit_mass": "0.008 kg",
        "packs": "box = 50 pair\ncarton = 20 box"})

    assert response.status_code == 302
    text = text_of(staff.get("/items").get_data(as_text=True))
    assert "PPE-GLV is added." in text and "box = 50 pair; carton = 20 box" in text


def test_a_refused_item_shows_what_was_wrong_and_adds_nothing(signed_in):
    staff = signed_in("staff")

    response = staff.submit(staff.get("/items"), "Add item", {
        "sku": "PPE-GLV", "name": "Nitrile gloves", "base_unit": "pair", "packs": "box = 50 kg"})

    assert response.status_code == 422
    assert "packs" in text_of(response.get_data(as_text=True))
    assert "PPE-GLV" not in text_of(staff.get("/items").get_data(as_text=True)).split("Add an item")[0]
