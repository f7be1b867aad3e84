"""The shipment form offers partners, never a carrier (it moves goods; it neither sends nor receives them)."""
from __future__ import annotations

from tests.web.test_shipment_pages import _html

RAIL = "Cangzhou–Europe Express Rail"


def test_the_shipment_form_does_not_offer_carriers_as_partners(make, signed_in):
    make.coverall()
    make.org(name=RAIL, country="CN", kind="carrier")
    make.org(name="Fakultná nemocnica Nitra", country="SK")
    html = _html(signed_in("staff").get("/shipments/new"))
    assert "Fakultná nemocnica Nitra (SK)" in html
    assert RAIL not in html
