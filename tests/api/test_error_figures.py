"""Numbers inside API error sentences are written as the request's language writes them; English as it was."""
from __future__ import annotations

import pytest

API = "/api/v1"
NBSP = "\xa0"


@pytest.fixture
def delivered(make):
    """A delivered shipment of 100 coveralls."""
    make.coverall()
    return make.shipment(lines=[("PPE-COV", "100 piece")], status="delivered")


def _receive(api, shipment, quantity: str, language: str | None):
    state = api.get(f"{API}/shipments/{shipment.id}").get_json()
    headers = {"If-Match": f'"{state["version"]}"', **({"Accept-Language": language} if language else {})}
    body = {"status": "received", "received": [{"line_id": state["lines"][0]["id"], "quantity": quantity}]}
    return api.post(f"{API}/shipments/{shipment.id}/events", json=body, headers=headers)


@pytest.mark.parametrize("language, said", [
    ("hr", "stavka 1: stiglo je 2.400 piece više nego što je poslano (višak)"),
    ("cs", f"řádek 1: dorazilo o 2{NBSP}400 piece více, než bylo odesláno (nadpříjem)"),
    ("pl", f"pozycja 1: dotarło o 2{NBSP}400 piece więcej, niż wysłano (nadwyżka)"),
    ("zh", "第 1 行：到货比发货多 2,400 piece（超收）"),
    (None, "line 1: 2,400 piece more arrived than was sent (an over-receipt): confirm it with reason over"),
])
def test_an_over_receipt_refusal_writes_the_surplus_in_the_readers_language(make, delivered, language, said):
    response = _receive(make.api("staff"), delivered, "2500 piece", language)

    body = response.get_json()
    assert response.status_code == 422, body
    assert said in body["errors"]["received"]["0"]["reason"][0]
    assert said in body["message"]


def test_the_english_refusal_is_byte_for_byte_what_it_was(make, delivered):
    body = _receive(make.api("staff"), delivered, "2500 piece", "en").get_json()

    assert body["errors"]["received"]["0"]["reason"] == [
        "line 1: 2,400 piece more arrived than was sent (an over-receipt): confirm it with reason over, "
        "and say why in the note"]


@pytest.mark.parametrize("language, said", [
    ("hr", "najviše 10.000 stavki (navedeno 10.001)"), ("cs", f"nejvýše 10{NBSP}000 položek (zadáno 10{NBSP}001)"),
    (None, "at most 10,000 items (got 10,001)")])
def test_a_count_in_a_size_limit_is_written_in_the_readers_language(make, language, said):
    headers = {"Accept-Language": language} if language else {}
    body = make.api("staff").post(f"{API}/shipments", json={"lines": [{}] * 10_001}, headers=headers).get_json()

    assert said in body["errors"]["json"]["lines"][0], body["errors"]["json"]["lines"]
