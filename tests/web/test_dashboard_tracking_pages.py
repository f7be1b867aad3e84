"""The managers' dashboard, the public tracking page, the catalogue pages, and assets served locally."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from logistics.services.dashboard import month_of
from tests.web.conftest import Browser
from tests.web.pages import form_with_button, input_value, text_of


def _html(response) -> str:
    return response.get_data(as_text=True)


def _main(response) -> str:
    html = _html(response)
    return text_of(html[html.index("<main>"):html.index("</main>")])


def _table_rows(response, heading_id: str) -> list[list[str]]:
    """Return the body rows of the table under a heading, as lists of cell texts."""
    html = _html(response)
    table = html[html.index(f'id="{heading_id}"'):]
    table = table[table.index("<tbody>"):table.index("</tbody>")]
    return [[text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


@pytest.fixture
def catalogue(make):
    """Return the coverall (box = 25 piece) and the mask (box = 20 piece, carton = 24 box)."""
    return make.coverall(), make.mask()


# --- the dashboard --------------------------------------------------------------------------

@pytest.fixture
def known_shipments(make, catalogue):
    """Out to SK: 580 pieces on the way; out to CZ: 30,000 coveralls received; in from PL: 22.5 t
    of masks delivered; a cancelled shipment to SK that counts nowhere."""
    nitra = make.org(name="Nitra Hospital", country="SK")
    brno = make.org(name="Brno Clinic", country="CZ")
    gdansk = make.org(name="Gdansk Works", country="PL", kind="supplier")
    make.shipment(counterparty=nitra, reference="OUT-2020-0001", status="in_transit",
                  lines=[("PPE-COV", "4 box"), ("PPE-N95", "1 carton")])
    make.shipment(counterparty=brno, reference="OUT-2020-0002", status="received",
                  lines=[("PPE-COV", "1,200 box")])
    make.shipment(counterparty=gdansk, reference="IN-2020-0001", direction="inbound", status="delivered",
                  lines=[("PPE-N95", "22.5 t")])
    make.shipment(counterparty=nitra, reference="OUT-2020-0003", status="cancelled",
                  lines=[("PPE-COV", "999 box")])
    make.shipment(counterparty=brno, reference="OUT-2020-0004", status="confirmed",
                  lines=[("PPE-COV", "777 box")])  # planned, not yet gone: counts nowhere either


@pytest.mark.parametrize("role", ["manager", "admin", "staff"])
def test_the_dashboard_shows_what_moves_what_arrived_and_exact_totals(signed_in, known_shipments, role):
    page = signed_in(role).get("/dashboard")

    text = _main(page)
    assert page.status_code == 200
    assert "In transit (1) OUT-2020-0001 CN → SK, Nitra Hospital" in text
    first, last = month_of(datetime.now(UTC).date())
    assert f"Arrived {first} – {last} (2)" in text
    arrived = text[text.index("Arrived"):text.index("In and out per country")]
    assert "OUT-2020-0002 received" in arrived and "IN-2020-0001 delivered" in arrived
    assert "OUT-2020-0001" not in arrived and "OUT-2020-0003" not in text
    assert _table_rows(page, "by-country") == [
        ["inbound", "Poland (PL)", "22,500 kilograms", "1"],
        ["outbound", "Czechia (CZ)", "30,000 pieces", "1"],
        ["outbound", "Slovakia (SK)", "580 pieces", "1"],
    ]
    assert _table_rows(page, "by-item") == [
        ["inbound", "PPE-N95 N95 respirator", "22,500 kilograms", "1"],
        ["outbound", "PPE-COV Medical protective coverall", "30,100 pieces", "2"],
        ["outbound", "PPE-N95 N95 respirator", "480 pieces", "1"],
    ]


def test_the_dashboard_draws_the_country_totals_as_an_inline_svg_chart(signed_in, known_shipments):
    html = _html(signed_in("manager").get("/dashboard"))

    section = html[html.index('id="by-country"'):html.index('id="by-item"')]
    charts = re.findall(r"<svg\b.*?</svg>", section, re.S)
    assert len(charts) == 2  # one per direction and unit: inbound kilograms, outbound pieces
    inbound, outbound = charts
    labels, values = r'<text [^>]*class="label">([^<]*)</text>', r'<text [^>]*class="value"[^>]*>([^<]*)</text>'
    assert re.findall(labels, outbound) == ["Czechia (CZ)", "Slovakia (SK)"]
    assert re.findall(values, outbound) == ["30,000 pieces", "580 pieces"]
    assert [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', outbound)] == [320.0, 6.2]
    assert re.findall(values, inbound) == ["22,500 kilograms"]
    description = "Outbound — pieces: Czechia (CZ) 30,000 pieces, Slovakia (SK) 580 pieces"
    assert 'role="img"' in outbound and f'aria-label="{description}"' in outbound
    assert "<title id=\"country-2-title\">Outbound — pieces</title>" in outbound
    assert f"<desc id=\"country-2-desc\">{description}</desc>" in outbound
    # and the same figures as a table beside the charts
    assert "<td>outbound</td><td>Czechia (CZ)</td><td class=\"num\">30,000 pieces</td>" in section


def test_the_dashboard_draws_the_item_totals_as_charts_too_each_direction_and_unit_apart(signed_in,
                                                                                      known_shipments):
    html = _html(signed_in("manager").get("/dashboard"))
    section = html[html.index('id="by-item"'):]
    captions = re.findall(r'<figcaption id="item-\d+-caption">([^<]*)</figcaption>', section)
    assert captions == ["Inbound — kilograms", "Outbound — pieces"]
    outbound = re.findall(r"<svg\b.*?</svg>", section, re.S)[1]
    assert re.findall(r'<text [^>]*class="value"[^>]*>([^<]*)</text>', outbound) == ["30,100 pieces", "480 pieces"]
    assert re.findall(r'<text [^>]*class="label">([^<]*)</text>', outbound) == [
        "PPE-COV Medical protective…", "PPE-N95 N95 respirator"]  # cut to fit; whole in the description
    assert "PPE-COV Medical protective coverall 30,100 pieces" in outbound


def test_an_empty_dashboard_says_so_and_draws_no_chart(signed_in):
    page = signed_in("manager").get("/dashboard")

    assert page.status_code == 200
    assert "Nothing is on its way." in _main(page) and "Nothing arrived in this period." in _main(page)
    assert "<svg" not in _html(page)


def test_the_dashboard_offers_the_manifest_of_each_shipment_on_its_way(signed_in, known_shipments):
    manager = signed_in("manager")
    links = re.findall(r'href="([^"]+)">manifest</a>', _html(manager.get("/dashboard")))

    assert links == ["/shipments/OUT-2020-0001/manifest.pdf"]
    assert manager.get(links[0]).data.startswith(b"%PDF-")


# --- nothing from elsewhere -----------------------------------------------------------------

def _pages(make, signed_in):
    """Return (browser, path) for every kind of page, with a shipment that has a tracking link."""
    make.shipment(reference="OUT-2020-0001", status="in_transit")
    staff = signed_in("staff")
    token = re.search(r'href="/track/([^"]+)"', _html(staff.get("/shipments/OUT-2020-0001"))).group(1)
    anonymous = Browser(make.app.test_client())
    return [(anonymous, "/login"), (anonymous, f"/track/{token}"), (anonymous, "/track/" + "x" * 43)] + [
        (staff, path) for path in ("/shipments", "/shipments/new", "/shipments/OUT-2020-0001",
                                   "/shipments/OUT-2020-0001/edit", "/dashboard", "/organizations",
                                   "/items", "/password")]


def test_no_page_loads_anything_from_another_site_and_its_assets_are_served_here(make, signed_in, catalogue):
    assets = set()
    for browser, path in _pages(make, signed_in):
        html = _html(browser.get(path))
        addresses = re.findall(r'\b(?:src|href|action|srcset|poster|data)\s*=\s*"([^"]*)"', html)
        assert addresses, path
        assert [a for a in addresses if not re.match(r"^(/(?!/)|#)", a)] == [], path
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", html), path
        assets.update(re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', html))

    assert assets == {"/static/app.css", "/static/app.js"}
    for asset in assets:
        response = make.app.test_client().get(asset)
        body = response.data
        response.close()
        assert response.status_code == 200, asset
        assert response.mimetype in ("text/css", "text/javascript", "application/javascript"), asset
        assert not re.search(rb"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", body), asset


# --- the public tracking page ---------------------------------------------------------------

def _tracking_link(staff, reference: str) -> str:
    page = _html(staff.get(f"/shipments/{reference}"))
    return re.search(r'href="(/track/[^"]+)"', page).group(1)


def test_the_tracking_page_shows_status_timeline_and_countries_but_no_quantities_or_parties(
        make, signed_in, browser, catalogue):
    org = make.org(name="Nitra Hospital", country="SK", contact_name="Dr Novak")
    make.shipment(counterparty=org, reference="OUT-2020-0001", status="in_transit",
                  lines=[("PPE-COV", "1,200 box"), ("PPE-N95", "3 carton")], carrier="Rail Cargo Link",
                  origin_place="Cangzhou depot", notes="pallet 7 for ward B", tracking_number="JD014600003")
    staff = signed_in("staff")
    staff.submit(staff.get("/shipments/OUT-2020-0001"), "Record checkpoint",
                 {"location": "Małaszewicze", "note": "customs hold for Nitra Hospital"})
    link = _tracking_link(staff, "OUT-2020-0001")

    response = browser.get(link)

    text = _main(response)
    assert response.status_code == 200
    assert re.fullmatch(r"/track/[A-Za-z0-9_-]{43}", link)  # 256 random bits
    assert "Shipment OUT-2020-0001 in transit" in text
    assert "From China to Slovakia." in text
    assert re.search(r"UTC confirmed .* UTC in transit .* UTC checkpoint at Małaszewicze.* Logged in the tracker on",
                     text)
    for secret in ("Nitra", "Novak", "PPE-", "coverall", "respirator", "1,200", "30,000", "piece", "box",
                   "carton", "kilogram", "Rail Cargo", "Cangzhou depot", "pallet", "customs hold", "JD0146"):
        assert secret not in _html(response), secret
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]


@pytest.mark.parametrize("token", ["x" * 43, "abc", "a" * 65, "..%2F..%2Fetc"])
def test_an_unknown_tracking_token_is_404(browser, make, catalogue, token):
    make.shipment(reference="OUT-2020-0001")

    response = browser.get(f"/track/{token}")

    assert response.status_code == 404
    assert "OUT-2020-0001" not in _html(response)


REPLACE_LINK = "Replace the link (the old one stops working)"


def test_replacing_the_tracking_link_makes_the_old_one_404_and_the_new_one_work(
        make, signed_in, browser, catalogue):
    make.shipment(reference="OUT-2020-0001", status="confirmed")
    staff = signed_in("staff")
    old = _tracking_link(staff, "OUT-2020-0001")
    assert browser.get(old).status_code == 200

    response = staff.submit(staff.get("/shipments/OUT-2020-0001"), REPLACE_LINK)

    assert response.status_code == 302
    assert "A new tracking link is made; the old one no longer works." in \
        _main(staff.get("/shipments/OUT-2020-0001"))
    new = _tracking_link(staff, "OUT-2020-0001")
    assert new != old
    assert browser.get(old).status_code == 404
    assert browser.get(new).status_code == 200


def test_replacing_the_tracking_link_from_a_stale_page_is_refused_and_keeps_the_link(
        make, signed_in, browser, catalogue):
    make.shipment(reference="OUT-2020-0001")
    staff = signed_in("staff")
    stale = staff.get("/shipments/OUT-2020-0001")
    staff.submit(staff.get("/shipments/OUT-2020-0001"), "Confirm")
    link = _tracking_link(staff, "OUT-2020-0001")

    response = staff.submit(stale, REPLACE_LINK)

    assert response.status_code == 409
    assert "shipment has changed" in _main(response)
    assert _tracking_link(staff, "OUT-2020-0001") == link
    assert browser.get(link).status_code == 200


# --- the catalogue --------------------------------------------------------------------------

def test_staff_add_an_organisation(signed_in):
    staff = signed_in("staff")

    response = staff.submit(staff.get("/organizations"), "Add organisation",
                            {"name": "Brno Clinic", "country": "cz", "kind": "recipient",
                             "contact_name": "Dr Dvořák", "email": "dvorak@clinic.example"})

    assert response.status_code == 302
    page = staff.get("/organizations")
    assert "Brno Clinic is added." in _main(page)
    assert "Brno Clinic Czechia (CZ) recipient Dr Dvořák dvorak@clinic.example" in _main(page)
    new_shipment = _html(staff.get("/shipments/new"))
    assert re.search(r'<option value="\d+"\s*>Brno Clinic \(CZ\)</option>', new_shipment)


def test_a_refused_organisation_keeps_what_was_typed_and_says_why_at_each_field(signed_in):
    staff = signed_in("staff")
    typed = {"name": "", "country": "XX", "kind": "recipient", "email": "not an email", "phone": "+421 37 1"}

    response = staff.submit(staff.get("/organizations"), "Add organisation", typed)

    html = _html(response)
    assert response.status_code == 422
    for name in ("country", "kind", "email", "phone"):
        assert input_value(html, name) == typed[name], name
    for name in ("name", "country", "email"):
        assert f'id="{name}-error"' in html, name
    assert "XX" in re.search(r'id="country-error">([^<]*)<', html).group(1)
    assert re.search(r"<tbody>\s*</tbody>", html)  # nothing was added


def test_staff_add_an_item_with_packs_and_its_packs_count_in_lines(make, signed_in):
    staff = signed_in("staff")

    response = staff.submit(staff.get("/items"), "Add item",
                            {"sku": "GLV-NIT", "name": "Nitrile gloves", "base_unit": "pair",
                             "unit_mass": "8 g", "hs_code": "4015.19",
                             "packs": "box = 50 pair\r\ncarton = 10 box\r\n"})

    assert response.status_code == 302
    page = staff.get("/items")
    assert "GLV-NIT is added." in _main(page)
    assert "GLV-NIT Nitrile gloves pairs 8 g per pair box = 50 pair; carton = 10 box 4015.19" in _main(page)
    make.shipment(reference="OUT-2020-0001", lines=[("GLV-NIT", "1 box")])
    checked = staff.submit(staff.get("/shipments/OUT-2020-0001"), "Check quantity",
                           {"sku": "GLV-NIT", "quantity": "2 carton"})
    assert "Understood: 2 cartons = 1,000 pairs (≈ 8 kilograms" in _main(checked)


@pytest.mark.parametrize("typed, error", [
    ({"packs": "box = 50 pair\r\ncarton = 50 tons"}, "packs.1.quantity: &#39;tons&#39; is ambiguous"),
    ({"packs": "box 50 pair"}, "packs.0.quantity: a quantity is required"),
    ({"packs": "box = 50 pair\r\ncarton = 10 crate"}, "packs.1.quantity: unknown unit &#39;crate&#39;"),
    ({"base_unit": "parsec"}, "unknown unit &#39;parsec&#39;"),
    ({"unit_mass": "heavy"}, "&#39;heavy&#39; is not a quantity"),
    ({"sku": ""}, "Missing data for required field."),
], ids=["ambiguous pack", "pack without =", "pack of an unknown unit", "unknown base unit",
        "unit mass not a quantity", "no sku"])
def test_a_refused_item_keeps_what_was_typed_and_says_why(signed_in, typed, error):
    staff = signed_in("staff")
    form = {"sku": "GLV-NIT", "name": "Nitrile gloves", "base_unit": "pair", "unit_mass": "8 g",
            "packs": "box = 50 pair", **typed}

    response = staff.submit(staff.get("/items"), "Add item", form)

    html = _html(response)
    assert response.status_code == 422
    assert form_with_button(html, "Add item").value("packs") == form["packs"].replace("\r\n", "\n")
    for name in ("sku", "name", "base_unit", "unit_mass"):
        assert input_value(html, name) == form[name], name
    field = next(iter(typed))
    span = r'<span class="error"' + (r">" if field == "packs" else rf' id="{field}-error">')
    assert re.search(span + re.escape(error), html), re.findall(r'<span class="error".*?</span>', html)
    assert re.search(r"<tbody>\s*</tbody>", html)  # nothing was added
