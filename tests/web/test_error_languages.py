"""Errors the domain and the services make are shown on pages in the reader's language."""
from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD, Browser
from tests.web.pages import forms_of, text_of


def _main(response) -> str:
    html = response.get_data(as_text=True)
    return text_of(html[html.index("<main>"):html.index("</main>")])


def _czech_staff(app, make) -> Browser:
    user, _ = make.user("staff", password=PASSWORD, language="cs")
    browser = Browser(app.test_client(), user)
    assert browser.sign_in(user.email, PASSWORD).status_code == 302
    return browser


def test_a_stale_page_is_refused_in_the_czech_users_language(app, make, signed_in):
    make.coverall()
    shipment = make.shipment(reference="OUT-2020-0001")
    czech, colleague = _czech_staff(app, make), signed_in("staff")
    stale = czech.get("/shipments/OUT-2020-0001")
    colleague.submit(colleague.get("/shipments/OUT-2020-0001"), "Confirm")

    response = czech.submit(stale, "Zrušit zásilku")

    assert response.status_code == 409
    assert (f"zásilka se změnila: poslali jste verzi {shipment.version}, aktuální verze je "
            f"{shipment.version + 1}; načtěte ji znovu a proveďte změnu ještě jednou") in _main(response)


def test_a_form_field_refused_by_the_schema_is_named_in_czech(app, make):
    czech = _czech_staff(app, make)

    response = czech.submit(czech.get("/organizations"), "Přidat organizaci", {"name": "x" * 201})

    assert response.status_code == 422
    assert "Délka musí být mezi 1 a 200." in _main(response)


def _partner_reading(app, make, language: str) -> Browser:
    """Sign in a partner of an organisation reading ``language``, with a delivered shipment of 100 coveralls."""
    make.coverall()
    org = make.org(name="Osijek Hospital", language=language)
    make.shipment(counterparty=org, reference="OUT-2020-0001", status="delivered", lines=[("PPE-COV", "100 piece")])
    user, _ = make.user("partner", org, password=PASSWORD)
    browser = Browser(app.test_client(), user)
    assert browser.sign_in(user.email, PASSWORD).status_code == 302
    return browser


CONFIRM_RECEIPT = {"hr": "Potvrdi primitak", "cs": "Potvrdit příjem", "en": "Confirm receipt"}


def _over_receipt(browser: Browser, language: str):
    """Confirm receipt of 2,500 coveralls where 100 were sent, giving no reason."""
    page = browser.get("/shipments/OUT-2020-0001")
    form = next(f for f in forms_of(page.get_data(as_text=True)) if f.value("status") == "received")
    line = next(value for name, value in form.fields if name == "line_id")
    return browser.submit(page, CONFIRM_RECEIPT[language], {f"received-{line}-quantity": "2500 piece"})


@pytest.mark.parametrize("language, said, raw", [
    ("hr", "stavka 1: stiglo je 2.400 piece više nego što je poslano", "2.400 piece"),
    ("cs", "řádek 1: dorazilo o 2 400 piece více, než bylo odesláno", "2\xa0400 piece"),
    ("en", "line 1: 2,400 piece more arrived than was sent (an over-receipt)", "2,400 piece"),
])
def test_a_receipt_refused_on_the_page_writes_the_surplus_as_the_reader_writes_numbers(app, make, language, said,
                                                                                      raw):
    response = _over_receipt(_partner_reading(app, make, language), language)

    assert response.status_code == 422
    assert said in _main(response)
    assert raw in response.get_data(as_text=True)
