"""Shipment pages for every role: access, list filters and pages, the forms, status buttons, receipt."""
from __future__ import annotations

import re
from datetime import date

import pytest

from tests.web.pages import form_with_button, forms_of, input_value, text_of

SCRIPT = "<script>alert(1)</script>"


def _html(response) -> str:
    return response.get_data(as_text=True)


def _main(response) -> str:
    """Return the text of the page's main part (no navigation, no footer)."""
    html = _html(response)
    return text_of(html[html.index("<main>"):html.index("</main>")])


def _references(response) -> list[str]:
    """Return the references listed in the shipment table, in order."""
    assert response.status_code == 200, _main(response)
    return re.findall(r'<td><a href="/shipments/[^"]+">([^<]+)</a></td>', _html(response))


def _moves(response) -> list[tuple[str, str]]:
    """Return the status buttons offered: (target status, button text)."""
    return [(form.value("status"), button.text) for form in forms_of(_html(response))
            if form.value("status") is not None for button in form.buttons]


def _line_rows(response) -> list[dict[str, str]]:
    """Return the rows of the Lines table as {column heading: cell text}."""
    html = _html(response)
    table = html[html.index('id="lines-heading"'):]
    table = table[:table.index("</table>")]
    headings = [text_of(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    body = table[table.index("<tbody>"):]
    rows = [[text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return [dict(zip(headings, cells)) for cells in rows if len(cells) == len(headings)]


def _detail(browser, reference: str):
    response = browser.get(f"/shipments/{reference}")
    assert response.status_code == 200, _main(response)
    return response


@pytest.fixture
def catalogue(make):
    """Return the coverall (box = 25 piece) and the mask (box = 20 piece, carton = 24 box)."""
    return make.coverall(), make.mask()


# --- who may open what ----------------------------------------------------------------------

PAGES = ["/shipments", "/shipments/new", "/shipments/OUT-OWN-1", "/shipments/OUT-OWN-1/edit",
         "/shipments/OUT-OWN-1/manifest.pdf", "/shipments/OUT-OTHER-1",
         "/shipments/OUT-OTHER-1/manifest.pdf", "/shipments/OUT-OTHER-1/edit", "/dashboard",
         "/organizations", "/items", "/password"]
STAFF_SEES = dict.fromkeys(PAGES, 200)
PARTNER_SEES = {**STAFF_SEES, "/shipments/new": 403, "/shipments/OUT-OWN-1/edit": 403,
                "/shipments/OUT-OTHER-1": 404, "/shipments/OUT-OTHER-1/manifest.pdf": 404,
                "/shipments/OUT-OTHER-1/edit": 403, "/dashboard": 403, "/organizations": 403,
                "/items": 403}


@pytest.mark.parametrize("role, expected", [("admin", STAFF_SEES), ("manager", STAFF_SEES),
                                            ("staff", STAFF_SEES), ("partner", PARTNER_SEES)])
def test_each_role_opens_exactly_the_pages_it_may(make, signed_in, catalogue, role, expected):
    own, other = make.org(name="Nitra Hospital"), make.org(name="Brno Clinic", country="CZ")
    make.shipment(counterparty=own, reference="OUT-OWN-1", status="in_transit")
    make.shipment(counterparty=other, reference="OUT-OTHER-1", status="in_transit")
    browser = signed_in(role, own if role == "partner" else None)

    statuses = {path: browser.get(path).status_code for path in PAGES}

    assert statuses == expected


def test_a_partner_is_told_why_a_page_is_refused_and_what_is_not_theirs_is_simply_not_found(
        make, signed_in, catalogue):
    make.shipment(counterparty=make.org(), reference="OUT-OTHER-1")
    partner = signed_in("partner")

    refused, missing = partner.get("/dashboard"), partner.get("/shipments/OUT-OTHER-1")

    assert "a partner user may not open this page" in _main(refused)
    assert "OUT-OTHER-1 not found" in _main(missing)
    assert "Nitra" not in _main(missing)


def test_a_partner_lists_only_their_own_shipments_whatever_the_filter(make, signed_in, catalogue):
    own, other = make.org(name="Nitra Hospital"), make.org(name="Brno Clinic", country="CZ")
    make.shipment(counterparty=own, reference="OUT-OWN-1", status="confirmed")
    make.shipment(counterparty=own, reference="OUT-OWN-DRAFT")
    make.shipment(counterparty=other, reference="OUT-OTHER-1", status="confirmed")
    partner = signed_in("partner", own)

    assert _references(partner.get("/shipments")) == ["OUT-OWN-1"]
    assert partner.get("/shipments/OUT-OWN-DRAFT").status_code == 404
    assert _references(partner.get(f"/shipments?counterparty_id={other.id}")) == []
    assert _references(partner.get("/shipments?country=CZ")) == []
    assert "Brno Clinic" not in _html(partner.get("/shipments"))


def _token_of(browser) -> str:
    return input_value(_html(browser.get("/password")), "csrf_token")


@pytest.mark.parametrize("path, data, status", [
    ("/shipments/OUT-OWN-1/lines", {"sku": "PPE-COV", "quantity": "1 box", "version": "4"}, 403),
    ("/shipments/OUT-OWN-1/lines/1", {"action": "remove", "version": "4"}, 403),
    ("/shipments/OUT-OWN-1/tracking-link", {"version": "4"}, 403),
    ("/shipments/OUT-OWN-1/edit", {"carrier": "DHL", "version": "4"}, 403),
    ("/shipments/new", {"direction": "outbound"}, 403),
    ("/organizations", {"name": "Mine", "country": "SK", "kind": "recipient"}, 403),
    ("/items", {"sku": "X-1", "name": "X", "base_unit": "piece"}, 403),
    ("/shipments/OUT-OWN-1/events", {"status": "cancelled", "version": "4"}, 403),
    ("/shipments/OUT-OWN-1/events", {"location": "Nitra", "version": "4"}, 403),
    ("/shipments/OUT-OTHER-1/events", {"status": "received", "version": "4"}, 404),
], ids=["add a line", "remove a line", "replace the tracking link", "edit", "log a shipment",
        "add an organisation", "add an item", "cancel", "record a checkpoint",
        "receive another partner's shipment"])
def test_a_partner_cannot_send_the_forms_meant_for_staff(make, signed_in, catalogue, path, data, status):
    own = make.org(name="Nitra Hospital")
    make.shipment(counterparty=own, reference="OUT-OWN-1", status="in_transit")
    make.shipment(counterparty=make.org(), reference="OUT-OTHER-1", status="delivered")
    partner = signed_in("partner", own)
    staff = signed_in("staff")
    before = [_main(staff.get(page)) for page in ("/shipments/OUT-OWN-1", "/shipments/OUT-OTHER-1",
                                                  "/organizations", "/items")]

    response = partner.post(path, data={**data, "csrf_token": _token_of(partner)})

    assert response.status_code == status
    assert [_main(staff.get(page)) for page in ("/shipments/OUT-OWN-1", "/shipments/OUT-OTHER-1",
                                                "/organizations", "/items")] == before


# --- the list: filters and pages ------------------------------------------------------------

@pytest.fixture
def three_shipments(make, catalogue):
    """OUT-2020-0001 draft to SK in March; OUT-2020-0002 confirmed to CZ in April;
    IN-2020-0001 in transit from PL in May."""
    make.shipment(counterparty=make.org(name="Nitra Hospital", country="SK"), reference="OUT-2020-0001",
                  planned_departure=date(2020, 3, 1))
    make.shipment(counterparty=make.org(name="Brno Clinic", country="CZ"), reference="OUT-2020-0002",
                  planned_departure=date(2020, 4, 15), status="confirmed")
    make.shipment(counterparty=make.org(name="Gdansk Works", country="PL", kind="supplier"),
                  reference="IN-2020-0001", direction="inbound", planned_departure=date(2020, 5, 20),
                  status="in_transit", tracking_number="JD014600003")


@pytest.mark.parametrize("filters, expected", [
    ({}, ["IN-2020-0001", "OUT-2020-0002", "OUT-2020-0001"]),
    ({"direction": "inbound"}, ["IN-2020-0001"]),
    ({"direction": "outbound"}, ["OUT-2020-0002", "OUT-2020-0001"]),
    ({"status": "draft"}, ["OUT-2020-0001"]),
    ({"status": "in_transit"}, ["IN-2020-0001"]),
    ({"kind": "purchase"}, ["IN-2020-0001"]),
    ({"country": "CZ"}, ["OUT-2020-0002"]),
    ({"country": "cz"}, ["OUT-2020-0002"]),
    ({"q": "out-2020-000"}, ["OUT-2020-0002", "OUT-2020-0001"]),
    ({"q": "0002"}, ["OUT-2020-0002"]),
    ({"q": "JD0146"}, ["IN-2020-0001"]),
    ({"from": "2020-04-01", "to": "2020-04-30"}, ["OUT-2020-0002"]),
    ({"from": "2020-04-15"}, ["IN-2020-0001", "OUT-2020-0002"]),
    ({"to": "2020-04-14"}, ["OUT-2020-0001"]),
    ({"direction": "outbound", "status": "confirmed", "country": "CZ"}, ["OUT-2020-0002"]),
    ({"q": "nothing-like-it"}, []),
], ids=lambda value: "&".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None)
def test_the_list_filters_narrow_the_shipments_shown(signed_in, three_shipments, filters, expected):
    staff = signed_in("staff")

    response = staff.submit(staff.get("/shipments"), "Filter", filters)

    assert _references(response) == expected
    shown = f"{len(expected)} shipment{'' if len(expected) == 1 else 's'}"
    assert shown in _main(response)
    for name, value in filters.items():  # the form still shows what was chosen
        assert input_value(_html(response), name) == value


def test_a_filter_by_partner_lists_that_partners_shipments(make, signed_in, catalogue):
    nitra, brno = make.org(name="Nitra Hospital"), make.org(name="Brno Clinic", country="CZ")
    make.shipment(counterparty=nitra, reference="OUT-2020-0001")
    make.shipment(counterparty=brno, reference="OUT-2020-0002")
    staff = signed_in("staff")

    response = staff.submit(staff.get("/shipments"), "Filter", {"counterparty_id": str(brno.id)})

    assert _references(response) == ["OUT-2020-0002"]


@pytest.mark.parametrize("filters, field", [({"from": "2020-13-01"}, "from"), ({"country": "XX"}, "country"),
                                            ({"status": "lost"}, "status")])
def test_a_refused_filter_says_which_field_is_wrong(signed_in, three_shipments, filters, field):
    staff = signed_in("staff")

    response = staff.get("/shipments", query_string=filters)

    assert response.status_code == 200
    assert re.search(rf"\b{field}(\.0)?: ", _main(response)), _main(response)


def test_the_list_shows_25_shipments_a_page_and_keeps_the_filters_across_pages(make, signed_in, catalogue):
    org = make.org(name="Nitra Hospital")
    for number in range(1, 28):
        make.shipment(counterparty=org, reference=f"OUT-2020-{number:04d}")
    make.shipment(counterparty=org, reference="IN-2020-0001", direction="inbound")
    staff = signed_in("staff")

    first = staff.get("/shipments?direction=outbound")
    next_link = _link(first, "Older →")
    second = staff.get(next_link)
    back = staff.get(_link(second, "← Newer"))
    oldest = staff.get(_link(first, "Oldest »"))

    assert len(_references(first)) == 25 and "Older →" in _main(first) and "Newer" not in _main(first)
    assert "27 shipments" in _main(first) and "about" not in _main(first)
    assert "direction=outbound" in next_link and "cursor=" in next_link
    assert _references(second) == ["OUT-2020-0002", "OUT-2020-0001"]
    assert "Older →" not in _main(second) and "← Newer" in _main(second)
    assert _references(back) == _references(first) and _references(oldest)[-2:] == _references(second)
    assert sorted(_references(first) + _references(second)) == [f"OUT-2020-{n:04d}" for n in range(1, 28)]
    # Old numbered links still work (OFFSET), past the end they show the last page.
    assert _references(staff.get("/shipments?direction=outbound&page=2")) == _references(second)
    assert _references(staff.get("/shipments?direction=outbound&page=99")) == _references(second)
    assert _references(staff.get("/shipments?direction=outbound&page=nonsense")) == _references(first)


def test_a_garbled_cursor_shows_the_newest_page_and_says_what_was_wrong(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001")
    staff = signed_in("staff")

    response = staff.get("/shipments?cursor=bm9uc2Vuc2U")

    assert response.status_code == 200
    assert _references(response) == ["OUT-2020-0001"]
    assert "cursor: " in _main(response) and "not a cursor this list gave out" in _main(response)


def _link(response, text: str) -> str:
    """Return the address of the link with this text (the page's HTML escapes its ampersands)."""
    return re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(text)}</a>', _html(response)).group(1) \
        .replace("&amp;", "&")


# --- creating a shipment through the form ---------------------------------------------------

def _new_shipment_form(org) -> dict:
    return {"direction": "outbound", "kind": "donation", "counterparty_id": str(org.id),
            "origin_country": "CN", "origin_place": "Cangzhou", "destination_country": "SK",
            "destination_place": "Nitra", "planned_departure": "2020-03-02",
            "line-0-sku": "PPE-COV", "line-0-quantity": "1,200 box",
            "line-1-sku": "PPE-N95", "line-1-quantity": "22.5 t"}


def test_staff_log_a_shipment_and_its_page_shows_the_normalised_quantities(make, signed_in, catalogue):
    org = make.org(name="Nitra Hospital")
    staff = signed_in("staff")

    response = staff.submit(staff.get("/shipments/new"), "Log shipment", _new_shipment_form(org))

    assert response.status_code == 302 and response.headers["Location"] == "/shipments/OUT-2020-0001"
    page = _main(_detail(staff, "OUT-2020-0001"))
    assert "Shipment OUT-2020-0001 is logged as a draft with 2 lines." in page
    assert "1 PPE-COV · Medical protective coverall 1,200 boxes 30,000 pieces ≈ 10,500 kilograms" in page
    assert "2 PPE-N95 · N95 respirator 22.5 tonnes 22,500 kilograms ≈ 1,875,000 pieces" in page
    assert "Nitra Hospital (SK)" in page


def test_a_refused_shipment_form_gets_422_keeps_what_was_typed_says_why_and_writes_nothing(
        make, signed_in, catalogue):
    org = make.org(name="Nitra Hospital")
    staff = signed_in("staff")
    typed = {**_new_shipment_form(org), "destination_country": "XX", "line-1-sku": "",
             "line-1-quantity": "", "line-2-sku": "PPE-N95", "line-2-quantity": "5 ton",
             "notes": 'fragile "top" & <dry>'}

    response = staff.submit(staff.get("/shipments/new"), "Log shipment", typed)

    html = _html(response)
    assert response.status_code == 422
    for name in ("destination_country", "line-0-quantity", "line-2-sku", "line-2-quantity", "notes",
                 "counterparty_id", "origin_place", "planned_departure"):
        assert input_value(html, name) == typed[name], name
    assert re.search(r'name="destination_country" value="XX"[^>]*aria-invalid="true"', html)
    assert re.search(r'id="destination_country-error">&#39;XX&#39; is not an ISO 3166-1', html)
    assert "line-0-quantity-error" not in html
    assert _references(staff.get("/shipments")) == []

    # The country put right, the quantity is checked against the item, at the row it was typed in.
    response = staff.submit(response, "Log shipment", {"destination_country": "SK"})

    assert response.status_code == 422
    assert re.search(r'id="line-2-quantity-error">[^<]*&#39;ton&#39; is ambiguous', _html(response))
    assert input_value(_html(response), "line-2-quantity") == "5 ton"
    assert "line-0-quantity-error" not in _html(response)
    assert _references(staff.get("/shipments")) == []


def test_a_shipment_form_without_a_partner_or_places_says_what_is_missing_at_each_field(
        signed_in, catalogue):
    staff = signed_in("staff")

    response = staff.submit(staff.get("/shipments/new"), "Log shipment", {"direction": "outbound"})

    html = _html(response)
    assert response.status_code == 422
    for field in ("kind", "counterparty_id", "origin_country", "destination_country"):
        assert f'id="{field}-error">Missing data for required field.' in html, field
    assert input_value(html, "direction") == "outbound"
    assert _references(staff.get("/shipments")) == []


def test_a_line_typed_without_an_item_is_refused_at_its_row(make, signed_in, catalogue):
    org = make.org(name="Nitra Hospital")
    staff = signed_in("staff")

    response = staff.submit(staff.get("/shipments/new"), "Log shipment",
                            {**_new_shipment_form(org), "line-3-quantity": "4 box"})

    assert response.status_code == 422
    assert 'id="line-3-sku-error">give the item' in _html(response)
    assert _references(staff.get("/shipments")) == []


def test_staff_edit_a_shipment_header_and_a_stale_edit_is_refused(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001")
    staff, colleague = signed_in("staff"), signed_in("staff")
    mine, theirs = staff.get("/shipments/OUT-2020-0001/edit"), colleague.get("/shipments/OUT-2020-0001/edit")
    assert input_value(_html(mine), "destination_country") == "SK"

    saved = staff.submit(mine, "Save", {"carrier": "DHL Freight", "transport_mode": "rail"})
    stale = colleague.submit(theirs, "Save", {"carrier": "Maersk"})

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "shipment has changed" in _main(stale)
    assert input_value(_html(stale), "carrier") == "Maersk"
    assert "rail, DHL Freight" in _main(_detail(staff, "OUT-2020-0001"))


# --- lines ----------------------------------------------------------------------------------

def test_the_check_button_echoes_what_a_quantity_means_without_adding_a_line(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001")
    staff = signed_in("staff")

    response = staff.submit(_detail(staff, "OUT-2020-0001"), "Check quantity",
                            {"sku": "PPE-COV", "quantity": "1,200 box"})

    assert response.status_code == 200
    assert "Understood: 1,200 boxes = 30,000 pieces (≈ 10,500 kilograms, estimated from the unit mass)" \
        in _main(response)
    add_line = form_with_button(_html(response), "Add line")
    assert (add_line.value("sku"), add_line.value("quantity")) == ("PPE-COV", "1,200 box")
    assert "30,000" not in _main(_detail(staff, "OUT-2020-0001"))


def test_the_check_button_says_why_it_refuses_a_quantity(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001")
    staff = signed_in("staff")

    response = staff.submit(_detail(staff, "OUT-2020-0001"), "Check quantity",
                            {"sku": "PPE-COV", "quantity": "5 ton"})

    assert response.status_code == 422
    assert re.search(r'id="quantity-error">[^<]*&#39;ton&#39; is ambiguous', _html(response))
    assert form_with_button(_html(response), "Add line").value("quantity") == "5 ton"


def test_staff_add_change_and_remove_a_line(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001", lines=[("PPE-COV", "100 piece")])
    staff = signed_in("staff")

    added = staff.submit(_detail(staff, "OUT-2020-0001"), "Add line",
                         {"sku": "PPE-N95", "quantity": "2 carton", "lot": "L-7", "expiry": "2025-06-30"})

    assert added.status_code == 302
    page = _detail(staff, "OUT-2020-0001")
    assert "Line 2 added: 2 carton = 960 piece." in _main(page)
    assert [(row["#"], row["Item"], row["As entered"], row["Base quantity"], row["Estimate"],
             row["Lot / expiry"]) for row in _line_rows(page)] == [
        ("1", "PPE-COV · Medical protective coverall", "100 pieces", "100 pieces", "≈ 35 kilograms", ""),
        ("2", "PPE-N95 · N95 respirator", "2 cartons", "960 pieces", "≈ 11.52 kilograms", "L-7 2025-06-30")]

    changed = staff.submit(page, "Save", {"quantity": "4 box"},
                           where=lambda form: form.value("quantity") == "100 piece")

    assert changed.status_code == 302
    page = _detail(staff, "OUT-2020-0001")
    assert [(row["As entered"], row["Base quantity"]) for row in _line_rows(page)] == [
        ("4 boxes", "100 pieces"), ("2 cartons", "960 pieces")]

    removed = staff.submit(page, "Remove", where=lambda form: form.value("quantity") == "4 box")

    assert removed.status_code == 302
    assert [row["Item"] for row in _line_rows(_detail(staff, "OUT-2020-0001"))] == \
        ["PPE-N95 · N95 respirator"]


def test_a_changed_line_with_a_refused_quantity_says_why_and_stays_as_it_was(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001", lines=[("PPE-COV", "100 piece")])
    staff = signed_in("staff")

    response = staff.submit(_detail(staff, "OUT-2020-0001"), "Save", {"quantity": "100 litre"})

    html = _html(response)
    assert response.status_code == 422
    assert re.search(r'name="quantity" value="100 litre"[^>]*>'
                     r'<span class="error" id="line-\d+-quantity-error">PPE-COV: this item cannot be measured',
                     html)
    assert form_with_button(html, "Add line").value("quantity") == ""
    assert 'id="quantity-error"' not in html
    assert _line_rows(_detail(staff, "OUT-2020-0001"))[0]["As entered"] == "100 pieces"


def test_a_refused_line_keeps_what_was_typed_and_adds_nothing(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001")
    staff = signed_in("staff")

    response = staff.submit(_detail(staff, "OUT-2020-0001"), "Add line",
                            {"sku": "PPE-N95", "quantity": "3 parsec", "lot": "L-9"})

    assert response.status_code == 422
    assert re.search(r'id="quantity-error">[^<]*parsec', _html(response))
    add_line = form_with_button(_html(response), "Add line")
    assert [add_line.value(name) for name in ("sku", "quantity", "lot")] == ["PPE-N95", "3 parsec", "L-9"]
    assert [row["Item"] for row in _line_rows(_detail(staff, "OUT-2020-0001"))] == \
        ["PPE-COV · Medical protective coverall"]


def test_lines_of_a_shipment_on_its_way_cannot_be_changed(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001", status="in_transit")
    staff = signed_in("staff")

    buttons = [b.text for f in forms_of(_html(_detail(staff, "OUT-2020-0001"))) for b in f.buttons]

    assert not {"Add line", "Check quantity", "Save", "Remove"} & set(buttons)


# --- status buttons -------------------------------------------------------------------------

@pytest.mark.parametrize("role, direction, status, expected", [
    ("staff", "outbound", "draft", [("confirmed", "Confirm"), ("cancelled", "Cancel shipment")]),
    ("staff", "outbound", "confirmed", [("in_transit", "Report dispatch (in transit)"),
                                        ("cancelled", "Cancel shipment")]),
    ("staff", "outbound", "in_transit", [("delivered", "Mark delivered")]),
    ("staff", "outbound", "delivered", [("received", "Confirm receipt")]),
    ("staff", "outbound", "received", []),
    ("staff", "outbound", "cancelled", []),
    ("partner", "outbound", "confirmed", []),
    ("partner", "outbound", "in_transit", [("delivered", "Mark delivered")]),
    ("partner", "outbound", "delivered", [("received", "Confirm receipt")]),
    ("partner", "inbound", "confirmed", [("in_transit", "Report dispatch (in transit)")]),
    ("partner", "inbound", "delivered", []),
])
def test_the_status_buttons_offer_exactly_the_moves_allowed_now(make, signed_in, catalogue, role,
                                                                 direction, status, expected):
    org = make.org(name="Nitra Hospital")
    make.shipment(counterparty=org, reference="REF-1", direction=direction, status=status)
    browser = signed_in(role, org if role == "partner" else None)

    assert _moves(_detail(browser, "REF-1")) == expected


def test_a_partner_on_the_receiving_side_says_the_goods_arrived_with_the_mark_delivered_button(
        make, signed_in, catalogue):
    own = make.org(name="Nitra Hospital")
    make.shipment(counterparty=own, reference="OUT-2020-0001", status="in_transit")
    partner = signed_in("partner", own)

    response = partner.submit(_detail(partner, "OUT-2020-0001"), "Mark delivered")

    assert response.status_code in (200, 302, 303)
    page = _detail(partner, "OUT-2020-0001")
    assert _moves(page) == [("received", "Confirm receipt")]
    assert "delivered" in _main(page)


def test_pressing_a_status_button_moves_the_shipment_and_records_it_in_the_history(
        make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001")
    staff = signed_in("staff")

    response = staff.submit(_detail(staff, "OUT-2020-0001"), "Confirm")

    assert response.status_code == 302
    page = _detail(staff, "OUT-2020-0001")
    assert "Status is now confirmed." in _main(page)
    assert re.search(r"History \S+ \S+ UTC confirmed.* Logged in the tracker on", _main(page)), _main(page)
    assert _moves(page)[0] == ("in_transit", "Report dispatch (in transit)")


def test_a_status_button_on_a_stale_page_is_refused_with_409_and_a_message(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001")
    staff, colleague = signed_in("staff"), signed_in("staff")
    stale = _detail(staff, "OUT-2020-0001")
    colleague.submit(_detail(colleague, "OUT-2020-0001"), "Confirm")

    response = staff.submit(stale, "Cancel shipment")

    assert response.status_code == 409
    assert "shipment has changed: you sent version" in _main(response)
    assert "reload it" in _main(response)
    assert _moves(_detail(staff, "OUT-2020-0001"))[0][0] == "in_transit"  # still confirmed, not cancelled


@pytest.mark.parametrize("path, button, typed", [
    ("/shipments/OUT-2020-0001", "Confirm", {}),
    ("/shipments/OUT-2020-0001", "Record checkpoint", {"location": "Brest"}),
    ("/shipments/OUT-2020-0001", "Add line", {"sku": "PPE-COV", "quantity": "1 box"}),
    ("/shipments/OUT-2020-0001", "Remove", {}),
    ("/shipments/OUT-2020-0001", "Replace the link (the old one stops working)", {}),
    ("/shipments/OUT-2020-0001/edit", "Save", {"carrier": "DHL"}),
], ids=["status", "checkpoint", "add a line", "remove a line", "tracking link", "edit"])
@pytest.mark.parametrize("version", ["1.0", "one"])
def test_a_form_with_a_garbled_version_is_refused_as_stale(make, signed_in, catalogue, path, button,
                                                           typed, version):
    make.shipment(reference="OUT-2020-0001")
    staff = signed_in("staff")
    before = _main(_detail(staff, "OUT-2020-0001"))

    response = staff.submit(staff.get(path), button, {**typed, "version": version})

    assert response.status_code == 409
    assert "shipment has changed" in _main(response)
    assert _main(_detail(staff, "OUT-2020-0001")) == before


def test_a_checkpoint_needs_a_location_or_a_note(make, signed_in, catalogue):
    make.shipment(reference="OUT-2020-0001", status="in_transit")
    staff = signed_in("staff")

    refused = staff.submit(_detail(staff, "OUT-2020-0001"), "Record checkpoint")
    recorded = staff.submit(_detail(staff, "OUT-2020-0001"), "Record checkpoint",
                            {"location": "Małaszewicze", "note": "gauge change"})

    assert refused.status_code == 422 and "a checkpoint needs a location or a note" in _main(refused)
    assert recorded.status_code == 302
    assert "checkpoint at Małaszewicze — gauge change" in _main(_detail(staff, "OUT-2020-0001"))


# --- the partner's forms --------------------------------------------------------------------

def test_a_partner_confirms_receipt_with_a_shortfall_and_a_note(make, signed_in, catalogue):
    org = make.org(name="Nitra Hospital")
    make.shipment(counterparty=org, reference="OUT-2020-0001", status="delivered",
                  lines=[("PPE-COV", "4 box"), ("PPE-N95", "2 box")])
    partner = signed_in("partner", org)
    page = _detail(partner, "OUT-2020-0001")
    receipt = next(f for f in forms_of(_html(page)) if f.value("status") == "received")
    line_ids = [value for name, value in receipt.fields if name == "line_id"]
    assert [receipt.value(f"received-{i}-quantity") for i in line_ids] == ["100 piece", "40 piece"]

    response = partner.submit(page, "Confirm receipt", {f"received-{line_ids[1]}-quantity": "30 piece",
                                                        f"received-{line_ids[1]}-reason": "damaged",
                                                        f"received-{line_ids[1]}-note": "one box crushed"})

    assert response.status_code == 302
    page = _detail(partner, "OUT-2020-0001")
    assert "Status is now received." in _main(page)
    assert [(row["Base quantity"], row["Received"], row["Difference"], row["Reason"], row["Note"])
            for row in _line_rows(page)] == [("100 pieces", "100 pieces", "0 pieces", "", ""),
                                             ("40 pieces", "30 pieces", "-10 pieces", "damaged", "one box crushed")]
    assert 'class="num short">-10' in _html(page)
    assert _moves(page) == []


def test_a_refused_receipt_keeps_what_the_partner_typed(make, signed_in, catalogue):
    org = make.org(name="Nitra Hospital")
    make.shipment(counterparty=org, reference="OUT-2020-0001", status="delivered")
    partner = signed_in("partner", org)
    page = _detail(partner, "OUT-2020-0001")
    line_id = next(f for f in forms_of(_html(page)) if f.value("status") == "received").value("line_id")

    response = partner.submit(page, "Confirm receipt", {f"received-{line_id}-quantity": "90 kg",
                                                        f"received-{line_id}-note": "wet"})

    assert response.status_code == 422
    assert "give what arrived by count too" in _main(response)
    assert input_value(_html(response), f"received-{line_id}-quantity") == "90 kg"
    assert input_value(_html(response), f"received-{line_id}-note") == "wet"
    assert _moves(_detail(partner, "OUT-2020-0001")) == [("received", "Confirm receipt")]


def test_a_partner_reports_dispatch_with_a_tracking_number_and_not_without(make, signed_in, catalogue):
    org = make.org(name="Gdansk Works", country="PL", kind="supplier")
    make.shipment(counterparty=org, reference="IN-2020-0001", direction="inbound", status="confirmed")
    partner = signed_in("partner", org)

    refused = partner.submit(_detail(partner, "IN-2020-0001"), "Report dispatch (in transit)",
                             {"tracking_number": ""})
    reported = partner.submit(_detail(partner, "IN-2020-0001"), "Report dispatch (in transit)",
                              {"tracking_number": "JD014600003"})

    assert refused.status_code == 422
    assert "give the carrier's tracking number when reporting dispatch" in _main(refused)
    assert reported.status_code == 302
    page = _main(_detail(partner, "IN-2020-0001"))
    assert "in transit" in page and "Tracking number JD014600003" in page
    assert "(tracking JD014600003)" in page


# --- escaping, documents --------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/shipments", "/shipments/OUT-2020-0001", "/shipments/new",
                                  "/shipments/OUT-2020-0001/edit", "/organizations", "/dashboard"])
def test_user_text_is_shown_as_text_never_as_markup(make, signed_in, catalogue, path):
    org = make.org(name=SCRIPT)
    make.shipment(counterparty=org, reference="OUT-2020-0001", status="in_transit", notes=SCRIPT,
                  carrier=SCRIPT, origin_place=SCRIPT)
    staff = signed_in("staff")

    html = _html(staff.get(path))

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html
    assert "<script>" not in html


def test_a_partner_named_like_markup_sees_their_page_escaped(make, signed_in, catalogue):
    org = make.org(name=SCRIPT)
    make.shipment(counterparty=org, reference="OUT-2020-0001", status="delivered", notes=SCRIPT)
    partner = signed_in("partner", org)

    for path in ("/shipments", "/shipments/OUT-2020-0001"):
        html = _html(partner.get(path))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html, path


@pytest.mark.parametrize("role", ["staff", "manager", "partner"])
def test_the_manifest_link_downloads_a_pdf(make, signed_in, catalogue, role):
    org = make.org(name="Nitra Hospital")
    make.shipment(counterparty=org, reference="OUT-2020-0001", status="confirmed")
    browser = signed_in(role, org if role == "partner" else None)
    page = _html(_detail(browser, "OUT-2020-0001"))
    link = re.search(r'href="([^"]+)">Print manifest \(PDF\)', page).group(1)

    response = browser.get(link)

    assert link == "/shipments/OUT-2020-0001/manifest.pdf"
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"].startswith("attachment;")
