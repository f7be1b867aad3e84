"""API errors in the language the request asks for (Accept-Language), else English; never a stored setting."""
from __future__ import annotations

import pytest

from tests.factories import ApiClient

API = "/api/v1"
POLISH = {"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}


def _shipment_body(org_id: int, **extra) -> dict:
    return {"direction": "outbound", "kind": "donation", "counterparty_id": org_id,
            "origin": {"country": "CN"}, "destination": {"country": "CZ"},
            "lines": [{"sku": "PPE-COV", "quantity": "1 piece"}], **extra}


def test_a_missing_field_is_refused_in_polish_naming_the_field(make):
    make.coverall()
    staff = make.api("staff")
    body = _shipment_body(make.org().id)
    del body["direction"]

    response = staff.post(f"{API}/shipments", json=body, headers=POLISH)

    assert response.status_code == 422
    assert response.headers["Content-Language"] == "pl"
    error = response.get_json()
    assert error["errors"]["json"]["direction"] == ["Brak danych w wymaganym polu."]
    assert error["message"] == "nieprawidłowe dane: direction: Brak danych w wymaganym polu."
    assert error["status"] == "Unprocessable Entity"  # HTTP's reason phrase stays a client's word


def test_a_library_message_with_a_value_in_it_is_said_with_its_value(make):
    staff = make.api("staff")

    response = staff.post(f"{API}/organizations", headers={"Accept-Language": "cs"},
                          json={"name": "x" * 201, "country": "CZ", "kind": "recipient"})

    assert response.status_code == 422, response.get_json()
    assert response.get_json()["errors"]["json"]["name"] == ["Délka musí být mezi 1 a 200."]


def test_a_domain_error_is_said_in_polish_with_its_values(make):
    make.coverall()
    staff = make.api("staff")
    shipment = staff.post(f"{API}/shipments", json=_shipment_body(make.org().id)).get_json()

    response = staff.patch(f"{API}/shipments/{shipment['id']}", json={"carrier": "DHL"},
                           headers={**POLISH, "If-Match": f'"{shipment["version"] + 5}"'})

    assert response.status_code == 409
    error = response.get_json()
    version = shipment["version"]
    assert error["message"] == (f"przesyłka została zmieniona: wysłano wersję {version + 5}, aktualna wersja "
                                f"to {version}; wczytaj ją ponownie i wprowadź zmianę jeszcze raz")
    assert error["errors"] == {"version": [f"oczekiwano {version}"]}
    assert response.headers["Content-Language"] == "pl"


@pytest.mark.parametrize("unknown, said", [
    (23, "3 kolejne pola z błędami nie są pokazane"),
    (100, "80 kolejnych pól z błędami nie jest pokazanych"),
    (21, "1 kolejne pole z błędami nie jest pokazane"),
])
def test_messages_left_out_are_counted_in_polish_plural_forms(make, unknown, said):
    staff = make.api("staff")
    body = {"name": "Szpital", "country": "PL", "kind": "recipient",
            **{f"extra_{index}": 1 for index in range(unknown)}}

    error = staff.post(f"{API}/organizations", json=body, headers=POLISH).get_json()

    assert len(error["errors"]["json"]) == 20
    assert all(messages == ["Nieznane pole."] for messages in error["errors"]["json"].values())
    assert error["errors"]["_more"] == [said]


def test_an_unknown_address_is_refused_in_chinese_saying_simplified_chinese(make):
    response = make.api("staff").get(f"{API}/no-such-thing", headers={"Accept-Language": "zh-CN,zh;q=0.9"})

    assert response.status_code == 404
    assert response.headers["Content-Language"] == "zh-Hans"
    assert response.get_json()["message"].startswith("在服务器上找不到请求的 URL")


def test_without_accept_language_errors_are_english_even_for_a_user_whose_settings_are_polish(app, make):
    polish = make.org(language="pl")
    _, token = make.user("partner", polish, language="pl")
    partner = ApiClient(app, token)

    response = partner.get(f"{API}/shipments?from=someday")

    assert response.status_code == 422
    assert response.headers["Content-Language"] == "en"
    assert response.get_json()["errors"]["query"]["from"] == ["Not a valid date."]


def test_a_language_the_service_does_not_speak_gets_english(make):
    response = make.api("staff").get(f"{API}/shipments?from=someday", headers={"Accept-Language": "de-DE,fr"})

    assert response.headers["Content-Language"] == "en"
    assert response.get_json()["message"] == "invalid input: from: Not a valid date."


def test_a_successful_answer_says_no_language(make):
    response = make.api("staff").get(f"{API}/shipments", headers=POLISH)

    assert response.status_code == 200
    assert "Content-Language" not in response.headers


def test_a_refused_quantity_is_explained_in_polish_quoting_what_was_sent(make):
    make.coverall()
    staff = make.api("staff")
    body = _shipment_body(make.org().id, lines=[{"sku": "PPE-COV", "quantity": "12,5 kg"}])

    error = staff.post(f"{API}/shipments", json=body, headers=POLISH).get_json()

    assert error["errors"]["json"]["lines"]["0"]["quantity"] == [
        "'12,5 kg' jest niejednoznaczne: części dziesiętne zapisuj z kropką (22.5 t); "
        "przecinek może oddzielać tylko tysiące (1,200 box)"]
    assert error["message"].startswith("nieprawidłowe dane: lines.0.quantity: '12,5 kg' jest niejednoznaczne")


def test_the_same_refusal_without_the_header_is_the_english_it_always_was(make):
    make.coverall()
    staff = make.api("staff")
    body = _shipment_body(make.org().id, lines=[{"sku": "PPE-COV", "quantity": "12,5 kg"}])

    error = staff.post(f"{API}/shipments", json=body).get_json()

    assert error["errors"]["json"]["lines"]["0"]["quantity"] == [
        "'12,5 kg' is ambiguous: write decimals with a point (22.5 t); a comma may only separate thousands "
        "(1,200 box)"]


def test_a_workflow_refusal_names_the_statuses_in_czech(make):
    make.coverall()
    staff = make.api("staff")
    shipment = staff.post(f"{API}/shipments", json=_shipment_body(make.org().id)).get_json()

    response = staff.post(f"{API}/shipments/{shipment['id']}/events", json={"status": "received"},
                          headers={"Accept-Language": "cs", "If-Match": f'"{shipment["version"]}"'})

    assert response.status_code == 409
    error = response.get_json()
    assert error["message"] == ("zásilku nelze převést ze stavu draft do stavu received: povolené další stavy "
                                "jsou confirmed, cancelled")
    assert error["errors"] == {"status": ["aktuální stav je draft; povoleno: confirmed, cancelled"]}
