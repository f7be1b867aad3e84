"""Pages read quantities typed in the reader's language and write them for the reader, both ways strict."""
from __future__ import annotations

import re

import pytest

from tests.web.pages import form_with_button, forms_of, text_of

NBSP = "\u00a0"
API = "/api/v1"
# The pages' buttons, as the messages catalogs translate them.
ADD_LINE = {"en": "Add line", "cs": "Přidat řádek", "sk": "Pridať riadok", "pl": "Dodaj pozycję",
            "hr": "Dodaj stavku", "zh": "添加明细行"}


def _main(response) -> str:
    html = response.get_data(as_text=True)
    return text_of(html[html.index("<main>"):html.index("</main>")])


def _speaking(browser, language: str):
    """Make a signed-in browser send its language as browsers do (Accept-Language)."""
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return browser


def _lines(make, reference: str) -> list[dict]:
    response = make.api("staff").get(f"{API}/shipments/{reference}")
    assert response.status_code == 200
    return response.get_json()["lines"]


@pytest.fixture
def coverall(make):
    return make.coverall()


def test_a_polish_partner_types_5_760_szt_on_the_receipt_form_and_5760_pieces_are_received(
        make, signed_in, coverall):
    org = make.org(name="Szpital Łódź", country="PL")
    make.shipment(counterparty=org, reference="OUT-2020-0002", status="delivered",
                  lines=[("PPE-COV", "6000 piece")])
    partner = _speaking(signed_in("partner", org), "pl")
    page = partner.get("/shipments/OUT-2020-0002")
    receipt = next(f for f in forms_of(page.get_data(as_text=True)) if f.value("status") == "received")
    line_id = receipt.value("line_id")
    assert receipt.value(f"received-{line_id}-quantity") == "6000 szt."  # pre-filled in Polish

    response = partner.submit(page, "Potwierdź przyjęcie", {f"received-{line_id}-quantity": "5 760 szt.",
                                                        f"received-{line_id}-reason": "short"})

    assert response.status_code == 302, _main(response)
    received = _lines(make, "OUT-2020-0002")[0]["received"]
    assert received["normalized"]["value"] == "5760" and received["normalized"]["unit"] == "piece"
    assert f"5{NBSP}760 sztuk" in partner.get("/shipments/OUT-2020-0002").get_data(as_text=True)


def test_1_200_typed_on_a_czech_page_is_refused_saying_both_readings_and_nothing_is_added(
        make, signed_in, coverall):
    make.shipment(reference="OUT-2020-0001")
    staff = _speaking(signed_in("staff"), "cs")
    page = staff.get("/shipments/OUT-2020-0001")

    response = staff.submit(page, ADD_LINE["cs"], {"sku": "PPE-COV", "quantity": "1,200 krabic"})

    assert response.status_code == 422
    assert "'1,200 krabic' je nejednoznačné: dá se číst jako 1200 i jako 1,2" in _main(response)
    assert re.search(r'<span class="error" id="quantity-error">[^<]*nejednoznačné', response.get_data(as_text=True))
    assert len(_lines(make, "OUT-2020-0001")) == 1


def test_the_check_button_echoes_a_czech_quantity_in_czech(make, signed_in, coverall):
    make.shipment(reference="OUT-2020-0001")
    staff = _speaking(signed_in("staff"), "cs")

    response = staff.submit(staff.get("/shipments/OUT-2020-0001"), "Zkontrolovat množství",
                            {"sku": "PPE-COV", "quantity": "1 200 krabic"})

    assert response.status_code == 200
    main = _main(response)
    assert "1 200 krabic = 30 000 kusů (≈ 10 500 kilogramů" in main  # text_of turns NBSP into spaces
    assert f"1{NBSP}200 krabic" in response.get_data(as_text=True)
    add_line = form_with_button(response.get_data(as_text=True), ADD_LINE["cs"])
    assert add_line.value("quantity") == "1 200 krabic"  # kept as typed, to be sent
    assert len(_lines(make, "OUT-2020-0001")) == 1


@pytest.mark.parametrize(("language", "typed", "value", "unit"), [
    ("cs", "22,5 t", "22.5", "t"),
    ("sk", "40 kartónov", "40", "carton"),
    ("hr", "1.200.000 kom", "1200000", "piece"),
    ("zh", "12箱", "12", "carton"),
    ("en", "1,200 box", "1200", "box"),
])
def test_a_line_typed_in_the_readers_language_is_stored_locale_neutral(make, signed_in, coverall, language,
                                                                       typed, value, unit):
    make.shipment(reference="OUT-2020-0001")
    staff = _speaking(signed_in("staff"), language)

    response = staff.submit(staff.get("/shipments/OUT-2020-0001"), ADD_LINE[language],
                            {"sku": "PPE-COV", "quantity": typed})

    assert response.status_code == 302, _main(response)
    assert _lines(make, "OUT-2020-0001")[1]["quantity"] == {"value": value, "unit": unit}


def test_an_items_own_pack_name_is_understood_when_typed(make, signed_in):
    make.item("PPE-GLV", "pair", "0.008 kg", [("box", "50 pair")], name="Nitrile gloves",
              translations={"pl": {"name": "Rękawice nitrylowe", "packs": {"box": ["pudło", "pudła", "pudeł"]}}})
    make.shipment(reference="OUT-2020-0001", lines=[("PPE-GLV", "10 box")])
    staff = _speaking(signed_in("staff"), "pl")

    response = staff.submit(staff.get("/shipments/OUT-2020-0001"), ADD_LINE["pl"],
                            {"sku": "PPE-GLV", "quantity": "12 pudeł"})

    assert response.status_code == 302, _main(response)
    assert _lines(make, "OUT-2020-0001")[1]["quantity"] == {"value": "12", "unit": "box"}
    page = _main(staff.get("/shipments/OUT-2020-0001"))
    assert "Rękawice nitrylowe" in page
    assert "10 pudeł" in page and "12 pudeł" in page  # the item's own name for its box, plural forms


def test_pieces_of_an_item_counted_in_pairs_are_refused_on_the_page(make, signed_in):
    make.item("PPE-GLV", "pair", "0.008 kg", [("box", "50 pair")], name="Nitrile gloves")
    make.shipment(reference="OUT-2020-0001", lines=[("PPE-GLV", "10 box")])
    staff = _speaking(signed_in("staff"), "pl")

    response = staff.submit(staff.get("/shipments/OUT-2020-0001"), ADD_LINE["pl"],
                            {"sku": "PPE-GLV", "quantity": "100 szt."})

    assert response.status_code == 422
    assert "counted in pairs" in _main(response)
    assert len(_lines(make, "OUT-2020-0001")) == 1


def test_quantities_on_a_croatian_page_are_written_in_croatian(make, signed_in, coverall):
    make.shipment(reference="OUT-2020-0001", lines=[("PPE-COV", "1200 box")])
    staff = _speaking(signed_in("staff"), "hr")

    main = _main(staff.get("/shipments/OUT-2020-0001"))

    assert "1.200 kutija" in main and "30.000 komada" in main


def test_the_catalogue_names_items_in_the_readers_language(make, signed_in):
    make.item("PPE-GLV", "pair", "0.008 kg", [("box", "50 pair")], name="Nitrile gloves",
              translations={"hr": {"name": "Nitrilne rukavice"}})
    staff = signed_in("staff")

    assert "Nitrile gloves" in _main(staff.get("/items"))
    assert "Nitrilne rukavice" in _main(_speaking(staff, "hr").get("/items"))
