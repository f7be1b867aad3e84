"""Items' names and pack names in other languages through the API; the JSON API stays locale-neutral."""
from __future__ import annotations

import pytest

from tests.answers import expect

API = "/api/v1"
CS = {"cs": {"name": "Ochranný overal", "packs": {"carton": ["karton", "kartony", "kartonů"],
                                                   "box": "krabička"}},
      "zh": {"name": "医用防护服"}}


def _coverall(**extra) -> dict:
    return {"sku": "PPE-COV", "name": "Medical protective coverall", "base_unit": "piece",
            "packs": [{"name": "box", "quantity": "25 piece"}, {"name": "carton", "quantity": "4 box"}],
            **extra}


def test_an_items_translations_are_kept_and_read_back(make):
    staff = make.api("staff")
    item = expect(staff.post(f"{API}/items", json=_coverall(translations=CS)), 201)
    assert item["translations"] == CS
    assert expect(staff.get(f"{API}/items/{item['id']}"), 200)["translations"] == CS


def test_an_item_without_translations_reads_an_empty_object(make):
    staff = make.api("staff")
    item = expect(staff.post(f"{API}/items", json=_coverall()), 201)
    assert item["translations"] == {}


@pytest.mark.parametrize(("translations", "path"), [
    ({"de": {"name": "Overall"}}, ("translations", "de")),
    ({"en": {"name": "Overall"}}, ("translations", "en")),
    ({"cs": {"packs": {"pallet": "paleta"}}}, ("translations", "cs", "packs", "pallet")),
    ({"cs": {"packs": {"box": "ks"}}}, ("translations", "cs", "packs", "box")),
    ({"cs": {"packs": {"box": "kg"}}}, ("translations", "cs", "packs", "box")),
    ({"cs": {"packs": {"box": "carton"}}}, ("translations", "cs", "packs", "box")),
    ({"cs": {"packs": {"carton": "krabice"}}}, ("translations", "cs", "packs", "carton")),  # the box's
    ({"cs": {"packs": {"box": "krabice", "carton": "Krabice"}}}, ("translations", "cs", "packs")),
    ({"cs": {"packs": {"box": "2 krabice"}}}, ("translations", "cs", "packs", "box")),
    ({"cs": {"packs": {"box": ["a", "b", "c", "d"]}}}, ("translations", "cs", "packs", "box")),
    ({"cs": {"packs": {"box": 5}}}, ("translations", "cs", "packs", "box")),
    ({"cs": {"name": ""}}, ("translations", "cs", "name")),
    ({"cs": {"name": "x" * 301}}, ("translations", "cs", "name")),
    ({"cs": {"colour": "red"}}, ("translations", "cs")),
    ({"cs": "Overal"}, ("translations", "cs")),
    ("Overal", ("translations",)),
])
def test_bad_translations_are_422_naming_the_field_and_nothing_is_written(make, translations, path):
    staff = make.api("staff")
    before = expect(staff.get(f"{API}/items"), 200)
    error = expect(staff.post(f"{API}/items", json=_coverall(translations=translations)), 422)
    errors = error["errors"].get("json", error["errors"])
    for key in path:  # marshmallow nests a dict value's errors under "value"
        errors = errors.get("value", errors) if key not in errors else errors
        assert key in errors, (path, error["errors"])
        errors = errors[key]
    assert expect(staff.get(f"{API}/items"), 200) == before


def test_a_patch_with_the_same_translations_writes_nothing_and_a_removed_pack_takes_its_own(make):
    staff = make.api("staff")
    item = expect(staff.post(f"{API}/items", json=_coverall(translations=CS)), 201)
    same = expect(staff.patch(f"{API}/items/{item['id']}", json={"translations": CS}), 200)
    assert same["updated_at"] == item["updated_at"]
    changed = expect(staff.patch(f"{API}/items/{item['id']}", json={
        "packs": [{"name": "box", "quantity": "25 piece"}]}), 200)
    assert changed["translations"] == {"cs": {"name": "Ochranný overal", "packs": {"box": "krabička"}},
                                       "zh": {"name": "医用防护服"}}
    cleared = expect(staff.patch(f"{API}/items/{item['id']}", json={"translations": None}), 200)
    assert cleared["translations"] == {}


@pytest.mark.parametrize("quantity", ["12 kartonů", "22,5 t", "5 760 ks", "1 200 piece"])
def test_the_json_api_reads_no_language_but_its_own(make, quantity):
    """Localised forms are for pages: the API takes a point decimal and the tracker's unit symbols."""
    staff = make.api("staff")
    staff_item = expect(staff.post(f"{API}/items", json=_coverall(translations=CS)), 201)
    org = make.org(name="Fakultní nemocnice Brno")
    error = expect(staff.post(f"{API}/shipments", headers={"Accept-Language": "cs"}, json={
        "direction": "outbound", "kind": "donation", "counterparty_id": org.id,
        "origin": {"country": "CN"}, "destination": {"country": "CZ"},
        "lines": [{"sku": staff_item["sku"], "quantity": quantity}]}), 422)
    assert "lines" in error["errors"].get("json", error["errors"])


def test_the_json_api_answers_quantities_with_a_point_and_symbols_whatever_the_language(make):
    staff = make.api("staff")
    expect(staff.post(f"{API}/items", json=_coverall(translations=CS)), 201)
    org = make.org(name="Fakultní nemocnice Brno")
    shipment = expect(staff.post(f"{API}/shipments", headers={"Accept-Language": "cs"}, json={
        "direction": "outbound", "kind": "donation", "counterparty_id": org.id,
        "origin": {"country": "CN"}, "destination": {"country": "CZ"},
        "lines": [{"sku": "PPE-COV", "quantity": "12 carton"}, {"sku": "PPE-COV", "quantity": "2.5 t"}]}), 201)
    lines = shipment["lines"]
    assert lines[0]["quantity"] == {"value": "12", "unit": "carton"}
    assert lines[0]["normalized"]["value"] == "1200" and lines[0]["normalized"]["unit"] == "piece"
    assert lines[1]["quantity"] == {"value": "2.5", "unit": "t"}

