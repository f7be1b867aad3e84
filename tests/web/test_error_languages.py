"""Errors the domain and the services make are shown on pages in the reader's language."""
from __future__ import annotations

from tests.web.conftest import PASSWORD, Browser
from tests.web.pages import text_of


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
