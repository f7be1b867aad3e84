"""Quantities and bad input through the API: refused with 422 and per-field errors, never a 500."""
from __future__ import annotations

from datetime import date

import pytest

from tests.answers import expect

API = "/api/v1"
HUGE = 10**20


def _field_error(body: dict, path: tuple) -> list:
    """Return the messages at a field path, whether marshmallow (under "json") or a service said it."""
    errors = body["errors"]
    errors = errors.get("json", errors) if isinstance(errors, dict) else errors
    for key in path:
        assert key in errors, (path, body["errors"])
        errors = errors[key]
    assert errors and all(isinstance(message, str) and message for message in errors)
    return errors


def _shipment(counterparty_id: int, *lines, **fields) -> dict:
    return {"direction": "outbound", "kind": "donation", "counterparty_id": counterparty_id,
            "origin": {"country": "CN", "place": "Cangzhou"}, "destination": {"country": "SK"},
            "lines": [{"sku": sku, "quantity": quantity} for sku, quantity in lines], **fields}


def _create(api, org, *lines) -> dict:
    return expect(api.post(f"{API}/shipments", json=_shipment(org.id, *lines)), 201)


@pytest.fixture
def staff(make):
    """Return a staff client with the demo's coverall in the catalogue."""
    make.coverall()
    return make.api("staff")


@pytest.fixture
def partner_org(make):
    """Return a recipient organisation."""
    return make.org(name="Fakultná nemocnica Nitra")


REFUSED_QUANTITIES = [
    ("unknown unit", "5 parsec"),
    ("ton", "22.5 ton"),
    ("tons", "22.5 tons"),
    ("ton as an object", {"value": "22.5", "unit": "ton"}),
    ("seconds", "5 s"),
    ("metres", "3 m"),
    ("litres on a piece item", "2 L"),
    ("zero", "0 piece"),
    ("zero as an object", {"value": "0", "unit": "kg"}),
    ("negative", "-5 piece"),
    ("negative as an object", {"value": "-5", "unit": "piece"}),
    ("NaN", "NaN piece"),
    ("NaN as an object", {"value": "NaN", "unit": "kg"}),
    ("Infinity", "Infinity kg"),
    ("inf as an object", {"value": "inf", "unit": "kg"}),
    ("7 decimals", "0.1234567 t"),
    ("more than 10^12 base units", "1000000000001 piece"),
    ("more than 10^12 kg", "2000000000 t"),
    ("far too many digits", "123456789012345678901234567890 piece"),
    ("below a millionth of a kg", "0.000001 g"),
    ("half a piece", "2.5 piece"),
    ("abc", "abc"),
    ("decimal comma", "22,5 t"),
    ("no unit", "100"),
    ("two units", "5 kg 3 g"),
    ("exponent", "1e3 kg"),
    ("empty", ""),
    ("float", 22.5),
    ("integer", 100),
    ("float value", {"value": 22.5, "unit": "t"}),
    ("boolean", True),
    ("null", None),
    ("object without unit", {"value": "5"}),
    ("object with an extra key", {"value": "5", "unit": "piece", "per": "box"}),
    ("a list", ["5", "piece"]),
]
QUANTITY_IDS = [case[0] for case in REFUSED_QUANTITIES]
QUANTITIES = [case[1] for case in REFUSED_QUANTITIES]


@pytest.mark.parametrize("quantity", QUANTITIES, ids=QUANTITY_IDS)
def test_a_refused_quantity_in_a_new_shipment_is_422_and_nothing_is_written(
        staff, partner_org, quantity):
    assert expect(staff.get(f"{API}/shipments"), 200) == []
    body = {**_shipment(partner_org.id, ("PPE-COV", "100 piece")), "lines": [
        {"sku": "PPE-COV", "quantity": "100 piece"}, {"sku": "PPE-COV", "quantity": quantity}]}
    error = expect(staff.post(f"{API}/shipments", json=body), 422)
    assert error["message"]
    _field_error(error, ("lines", "1", "quantity"))
    assert expect(staff.get(f"{API}/shipments"), 200) == []


@pytest.mark.parametrize("quantity", QUANTITIES, ids=QUANTITY_IDS)
def test_a_refused_quantity_in_a_new_line_is_422_and_the_shipment_is_unchanged(make, staff, quantity):
    shipment = make.shipment()
    before = expect(staff.get(f"{API}/shipments/{shipment.id}"), 200)
    error = expect(staff.post(f"{API}/shipments/{shipment.id}/lines",
                               json={"sku": "PPE-COV", "quantity": quantity, "version": 1}), 422)
    assert error["message"]
    _field_error(error, ("quantity",))
    assert expect(staff.get(f"{API}/shipments/{shipment.id}"), 200) == before


@pytest.mark.parametrize("quantity", QUANTITIES, ids=QUANTITY_IDS)
def test_a_refused_quantity_in_a_changed_line_is_422_and_the_shipment_is_unchanged(
        make, staff, quantity):
    shipment = make.shipment()
    before = expect(staff.get(f"{API}/shipments/{shipment.id}"), 200)
    error = expect(staff.patch(f"{API}/shipments/{shipment.id}/lines/{shipment.lines[0].id}",
                                json={"quantity": quantity}, headers={"If-Match": '"1"'}), 422)
    assert error["message"]
    _field_error(error, ("quantity",))
    assert expect(staff.get(f"{API}/shipments/{shipment.id}"), 200) == before


REFUSED_UNIT_MASSES = [
    ("a count", "5 piece"),
    ("a volume", "1 L"),
    ("ton", "1 ton"),
    ("tons", "0.5 tons"),
    ("seconds", "5 s"),
    ("zero", "0 kg"),
    ("negative", "-0.35 kg"),
    ("NaN", "NaN kg"),
    ("7 decimals", "0.3500001 kg"),
    ("decimal comma", "0,35 kg"),
    ("abc", "abc"),
    ("float", 0.35),
    ("float value", {"value": 0.35, "unit": "kg"}),
    ("unknown unit", "3 stone"),
]


@pytest.mark.parametrize("unit_mass", [case[1] for case in REFUSED_UNIT_MASSES],
                         ids=[case[0] for case in REFUSED_UNIT_MASSES])
def test_a_refused_unit_mass_is_422_and_no_item_is_written(staff, unit_mass):
    before = expect(staff.get(f"{API}/items"), 200)
    error = expect(staff.post(f"{API}/items", json={
        "sku": "PPE-GLV", "name": "Nitrile examination gloves", "base_unit": "pair",
        "unit_mass": unit_mass}), 422)
    assert error["message"]
    _field_error(error, ("unit_mass",))
    assert expect(staff.get(f"{API}/items"), 200) == before


REFUSED_PACKS = [
    ("zero", {"name": "box", "quantity": "0 pair"}, ("packs", "0", "quantity")),
    ("negative", {"name": "box", "quantity": "-50 pair"}, ("packs", "0", "quantity")),
    ("a mass", {"name": "box", "quantity": "0.4 kg"}, ("packs", "0", "quantity")),
    ("a length", {"name": "box", "quantity": "3 m"}, ("packs", "0", "quantity")),
    ("half a pair", {"name": "box", "quantity": "2.5 pair"}, ("packs", "0", "quantity")),
    ("ton", {"name": "box", "quantity": "1 ton"}, ("packs", "0", "quantity")),
    ("an undefined pack", {"name": "carton", "quantity": "10 box"}, ("packs", "0", "quantity")),
    ("abc", {"name": "box", "quantity": "abc"}, ("packs", "0", "quantity")),
    ("float", {"name": "box", "quantity": 50.0}, ("packs", "0", "quantity")),
    ("too large", {"name": "box", "quantity": "1000000000001 pair"}, ("packs", "0", "quantity")),
    ("no quantity", {"name": "box"}, ("packs", "0", "quantity")),
    ("no name", {"quantity": "50 pair"}, ("packs", "0", "name")),
    ("a unit as the name", {"name": "kg", "quantity": "50 pair"}, ("packs", "0", "quantity")),
    ("two words as the name", {"name": "big box", "quantity": "50 pair"}, ("packs", "0", "name")),
    ("pieces of an item counted in pairs", {"name": "box", "quantity": "100 piece"}, ("packs", "0", "quantity")),
    ("dozens of an item counted in pairs", {"name": "box", "quantity": "4 dozen"}, ("packs", "0", "quantity")),
]


@pytest.mark.parametrize("pack, path", [case[1:] for case in REFUSED_PACKS],
                         ids=[case[0] for case in REFUSED_PACKS])
def test_a_refused_pack_is_422_and_no_item_is_written(staff, pack, path):
    before = expect(staff.get(f"{API}/items"), 200)
    error = expect(staff.post(f"{API}/items", json={
        "sku": "PPE-GLV", "name": "Nitrile examination gloves", "base_unit": "pair",
        "unit_mass": "0.008 kg", "packs": [pack]}), 422)
    assert error["message"]
    _field_error(error, path)
    assert expect(staff.get(f"{API}/items"), 200) == before


@pytest.mark.parametrize("pack, path", [case[1:] for case in REFUSED_PACKS],
                         ids=[case[0] for case in REFUSED_PACKS])
def test_a_refused_pack_in_an_item_change_is_422_and_the_item_is_unchanged(make, staff, pack, path):
    item = make.item("PPE-GLV", "pair", "0.008 kg", [("box", "50 pair")])
    before = expect(staff.get(f"{API}/items/{item.id}"), 200)
    error = expect(staff.patch(f"{API}/items/{item.id}", json={"packs": [pack]}), 422)
    assert error["message"]
    _field_error(error, path)
    assert expect(staff.get(f"{API}/items/{item.id}"), 200) == before


# --- accepted quantities --------------------------------------------------------------------

def _q(value: str, unit: str) -> dict:
    return {"value": value, "unit": unit}


def _n(value: str, unit: str, dimension: str, **flags) -> dict:
    return {"value": value, "unit": unit, "dimension": dimension, **flags}


ACCEPTED = [
    ("1,200 box", _q("1200", "box"), _n("30000", "piece", "count")),
    ({"value": "1,200", "unit": "Box"}, _q("1200", "box"), _n("30000", "piece", "count")),
    ("145 cartons", _q("145", "carton"), _n("14500", "piece", "count")),
    ("15000 pcs", _q("15000", "piece"), _n("15000", "piece", "count")),
    ("5 dozen", _q("5", "dozen"), _n("60", "piece", "count")),
    ("22.5 t", _q("22.5", "t"), _n("22500", "kg", "mass")),
    ("8000 kg", _q("8000", "kg"), _n("8000", "kg", "mass")),
    ("350 g", _q("350", "g"), _n("0.35", "kg", "mass")),
    ("1 lb", _q("1", "lb"), _n("0.453592", "kg", "mass", rounded=True)),
    ("1 short_ton", _q("1", "short_ton"), _n("907.18474", "kg", "mass")),
    ("0.000001 t", _q("0.000001", "t"), _n("0.001", "kg", "mass")),
    ("  7   piece ", _q("7", "piece"), _n("7", "piece", "count")),
]


@pytest.mark.parametrize("entered, quantity, normalized", ACCEPTED,
                         ids=[str(case[0]) for case in ACCEPTED])
def test_an_accepted_quantity_is_returned_as_entered_and_normalized_exactly(
        staff, partner_org, entered, quantity, normalized):
    created = _create(staff, partner_org, ("PPE-COV", entered))
    (line,) = created["lines"]
    assert line["quantity"] == quantity
    assert line["normalized"] == normalized
    assert expect(staff.get(f"{API}/shipments/{created['id']}"), 200)["lines"] == [line]


def test_22_5_tonnes_of_coveralls_are_22500_kg_with_about_64286_pieces_estimated(staff, partner_org):
    created = _create(staff, partner_org, ("PPE-COV", "22.5 t"))
    (line,) = created["lines"]
    assert line["normalized"] == {"value": "22500", "unit": "kg", "dimension": "mass"}
    assert line["estimated"] == {"value": "64286", "unit": "piece", "estimated": True}
    (item,) = created["totals"]["items"]
    assert item["totals"] == [{"dimension": "mass", "quantity": {"value": "22500", "unit": "kg"}}]
    assert item["estimated"]["base"] == {"value": "64286", "unit": "piece"}
    assert created["totals"]["gross_mass"]["total"] == {"value": "22500", "unit": "kg"}
    assert created["totals"]["gross_mass"]["estimated"] is False


def test_a_counted_line_carries_its_estimated_mass(staff, partner_org):
    created = _create(staff, partner_org, ("PPE-COV", "1,200 box"))
    assert created["lines"][0]["estimated"] == {"value": "10500", "unit": "kg", "estimated": True}
    assert created["totals"]["gross_mass"] == {
        "total": {"value": "10500", "unit": "kg"}, "exact_part": {"value": "0", "unit": "kg"},
        "estimated_part": {"value": "10500", "unit": "kg"}, "estimated": True, "rounded": False, "complete": True,
        "unweighed_lines": []}


def test_a_tenth_and_two_tenths_of_a_tonne_total_exactly_300_kg(staff, partner_org):
    created = _create(staff, partner_org, ("PPE-COV", {"value": "0.1", "unit": "t"}),
                      ("PPE-COV", {"value": "0.2", "unit": "t"}))
    assert [line["normalized"]["value"] for line in created["lines"]] == ["100", "200"]
    (item,) = created["totals"]["items"]
    assert item["totals"] == [{"dimension": "mass", "quantity": {"value": "300", "unit": "kg"}}]
    assert created["totals"]["gross_mass"]["exact_part"] == {"value": "300", "unit": "kg"}
    assert created["totals"]["gross_mass"]["total"] == {"value": "300", "unit": "kg"}


def test_totals_keep_counts_and_masses_apart_and_report_gross_mass(staff, partner_org):
    created = _create(staff, partner_org, ("PPE-COV", "10000 piece"), ("PPE-COV", "14.5 t"))
    (item,) = created["totals"]["items"]
    assert item["totals"] == [{"dimension": "count", "quantity": {"value": "10000", "unit": "piece"}},
                              {"dimension": "mass", "quantity": {"value": "14500", "unit": "kg"}}]
    gross = created["totals"]["gross_mass"]
    assert (gross["exact_part"], gross["estimated_part"], gross["total"]) == (
        _q("14500", "kg"), _q("3500", "kg"), _q("18000", "kg"))


def test_totals_list_the_lines_of_an_item_without_unit_mass_as_unweighed(make, staff, partner_org):
    make.item("KIT-1", "piece", name="Test kit")
    created = _create(staff, partner_org, ("PPE-COV", "100 piece"), ("KIT-1", "40 piece"),
                      ("KIT-1", "2 kg"))
    assert "estimated" not in created["lines"][1]
    gross = created["totals"]["gross_mass"]
    assert gross["unweighed_lines"] == [2]
    assert gross["complete"] is False
    assert gross["exact_part"] == {"value": "2", "unit": "kg"}
    assert gross["estimated_part"] == {"value": "35", "unit": "kg"}
    assert gross["total"] == {"value": "37", "unit": "kg"}


# --- bad bodies -----------------------------------------------------------------------------

LINE = {"sku": "PPE-COV", "quantity": "1 piece"}
BAD_SHIPMENT_BODIES = [
    ("not JSON", {"data": "{direction: outbound", "content_type": "application/json"}, None),
    ("not UTF-8", {"data": b"\xff\xfe\x00", "content_type": "application/json"}, None),
    ("a JSON array", {"json": ["outbound"]}, None),
    ("a JSON string", {"json": "outbound"}, None),
    ("JSON null", {"data": "null", "content_type": "application/json"}, None),
    ("an empty object", {"json": {}}, ("direction",)),
    ("counterparty_id as text", {"set": {"counterparty_id": "one"}}, ("counterparty_id",)),
    ("counterparty_id as a float", {"set": {"counterparty_id": 1.5}}, ("counterparty_id",)),
    ("counterparty_id as a boolean", {"set": {"counterparty_id": True}}, ("counterparty_id",)),
    ("unknown counterparty_id", {"set": {"counterparty_id": 987654}}, ("counterparty_id",)),
    ("counterparty_id beyond any id", {"set": {"counterparty_id": HUGE}}, ("counterparty_id",)),
    ("unknown direction", {"set": {"direction": "sideways"}}, ("direction",)),
    ("direction as a number", {"set": {"direction": 1}}, ("direction",)),
    ("origin as text", {"set": {"origin": "CN"}}, ("origin",)),
    ("origin without country", {"set": {"origin": {"place": "Cangzhou"}}}, ("origin", "country")),
    ("invalid country code XX", {"set": {"origin": {"country": "XX"}}}, ("origin", "country")),
    ("country name instead of code", {"set": {"destination": {"country": "Slovakia"}}},
     ("destination", "country")),
    ("date not a date", {"set": {"planned_departure": "next Tuesday"}}, ("planned_departure",)),
    ("expected_arrival before planned_departure",
     {"set": {"planned_departure": "2020-04-10", "expected_arrival": "2020-04-02"}}, ("expected_arrival",)),
    ("unknown field", {"set": {"colour": "red"}}, ("colour",)),
    ("lines as text", {"set": {"lines": "PPE-COV 100 piece"}}, ("lines",)),
    ("a line as text", {"set": {"lines": ["PPE-COV 100 piece"]}}, ("lines", "0")),
    ("unknown field in a line", {"set": {"lines": [{**LINE, "colour": 1}]}}, ("lines", "0", "colour")),
    ("unknown sku", {"set": {"lines": [{**LINE, "sku": "PPE-XYZ"}]}}, ("lines", "0", "sku")),
    ("unknown item_id", {"set": {"lines": [{"item_id": 987654, "quantity": "1 piece"}]}},
     ("lines", "0", "item_id")),
    ("item_id beyond any id", {"set": {"lines": [{"item_id": HUGE, "quantity": "1 piece"}]}},
     ("lines", "0", "item_id")),
    ("a line without an item", {"set": {"lines": [{"quantity": "1 piece"}]}}, ("lines", "0", "sku")),
    ("a line without a quantity", {"set": {"lines": [{"sku": "PPE-COV"}]}}, ("lines", "0", "quantity")),
    ("declared value without currency",
     {"set": {"lines": [{**LINE, "value": {"amount": "12.50"}}]}},
     ("lines", "0", "value", "currency")),
    ("declared value as a float",
     {"set": {"lines": [{**LINE, "value": {"amount": 12.5, "currency": "EUR"}}]}},
     ("lines", "0", "value", "amount")),
    ("unknown currency",
     {"set": {"lines": [{**LINE, "value": {"amount": "1", "currency": "XYZ"}}]}},
     ("lines", "0", "value", "currency")),
    ("more decimals than the currency has",
     {"set": {"lines": [{**LINE, "value": {"amount": "12.505", "currency": "EUR"}}]}},
     ("lines", "0", "value", "amount")),
    ("decimals in a currency without them",
     {"set": {"lines": [{**LINE, "value": {"amount": "1250.5", "currency": "JPY"}}]}},
     ("lines", "0", "value", "amount")),
    ("a negative amount",
     {"set": {"lines": [{**LINE, "value": {"amount": "-1", "currency": "EUR"}}]}},
     ("lines", "0", "value", "amount")),
    ("the old declared_value field",
     {"set": {"lines": [{**LINE, "declared_value": "1", "currency": "EUR"}]}},
     ("lines", "0", "value")),
    ("an unknown country of origin",
     {"set": {"lines": [{**LINE, "country_of_origin": "XX"}]}},
     ("lines", "0", "country_of_origin")),
    ("a net mass that is a count",
     {"set": {"lines": [{**LINE, "net_mass": "5 piece"}]}},
     ("lines", "0", "net_mass")),
    ("an unknown Incoterm", {"set": {"incoterm": "DAT"}}, ("incoterm",)),
    ("an air waybill with a wrong check digit", {"set": {"awb_number": "157-12345676"}}, ("awb_number",)),
    ("a CMR number with markup", {"set": {"cmr_number": "<b>1</b>"}}, ("cmr_number",)),
    ("bad reference", {"set": {"reference": "a b"}}, ("reference",)),
    ("carrier too long", {"set": {"carrier": "x" * 201}}, ("carrier",)),
    ("NUL in notes", {"set": {"notes": "a\x00b"}}, ("notes",)),
]


@pytest.mark.parametrize("request_args, path", [case[1:] for case in BAD_SHIPMENT_BODIES],
                         ids=[case[0] for case in BAD_SHIPMENT_BODIES])
def test_a_bad_shipment_body_is_422_with_a_message_and_nothing_is_written(
        staff, partner_org, request_args, path):
    if "set" in request_args:
        valid = _shipment(partner_org.id, ("PPE-COV", "100 piece"))
        request_args = {"json": {**valid, **request_args["set"]}}
    error = expect(staff.post(f"{API}/shipments", **request_args), 422)
    assert error["code"] == 422 and error["message"]
    if path:
        _field_error(error, path)
    assert expect(staff.get(f"{API}/shipments"), 200) == []


BAD_CHANGES = [
    ("shipment origin without country", "PATCH", "/shipments/{shipment}",
     {"origin": {"place": "Tianjin"}, "version": 1}, ("origin", "country")),
    ("shipment counterparty unknown", "PATCH", "/shipments/{shipment}",
     {"counterparty_id": 987654, "version": 1}, ("counterparty_id",)),
    ("shipment counterparty beyond any id", "PATCH", "/shipments/{shipment}",
     {"counterparty_id": HUGE, "version": 1}, ("counterparty_id",)),
    ("shipment arrival before the stored departure", "PATCH", "/shipments/{shipment}",
     {"expected_arrival": "2020-01-01", "version": 1}, ("expected_arrival",)),
    ("shipment lines through the header", "PATCH", "/shipments/{shipment}",
     {"lines": [{"sku": "PPE-COV", "quantity": "1 piece"}], "version": 1}, ("lines",)),
    ("shipment reference", "PATCH", "/shipments/{shipment}", {"reference": "OTHER-1", "version": 1},
     ("reference",)),
    ("line item beyond any id", "PATCH", "/shipments/{shipment}/lines/{line}",
     {"item_id": HUGE, "version": 1}, ("item_id",)),
    ("line unknown sku", "PATCH", "/shipments/{shipment}/lines/{line}",
     {"sku": "PPE-XYZ", "version": 1}, ("sku",)),
    ("new line without an item", "POST", "/shipments/{shipment}/lines",
     {"quantity": "1 piece", "version": 1}, ("sku",)),
    ("item base unit ton", "PATCH", "/items/{item}", {"base_unit": "ton"}, ("base_unit",)),
    ("item name null", "PATCH", "/items/{item}", {"name": None}, ("name",)),
    ("organisation country XX", "PATCH", "/organizations/{org}", {"country": "XX"}, ("country",)),
    ("organisation kind unknown", "PATCH", "/organizations/{org}", {"kind": "friend"}, ("kind",)),
    ("user in an unknown organisation", "PATCH", "/users/{user}",
     {"role": "partner", "organization_id": 987654}, ("organization_id",)),
    ("user in an organisation beyond any id", "PATCH", "/users/{user}",
     {"role": "partner", "organization_id": HUGE}, ("organization_id",)),
    ("new user in an unknown organisation", "POST", "/users",
     {"email": "new@example.org", "role": "partner", "organization_id": 987654}, ("organization_id",)),
    ("token label too long", "POST", "/users/{user}/tokens", {"label": "x" * 101}, ("label",)),
    ("event with an unknown status", "POST", "/shipments/{shipment}/events",
     {"status": "lost", "version": 1}, ("status",)),
    ("event with a blank tracking number and too long a note", "POST", "/shipments/{shipment}/events",
     {"tracking_number": " ", "note": "x" * 2001, "version": 1}, ("note",)),
]


@pytest.mark.parametrize("method, path, body, field", [case[1:] for case in BAD_CHANGES],
                         ids=[case[0] for case in BAD_CHANGES])
def test_a_bad_change_is_422_never_500_and_changes_nothing(make, method, path, body, field):
    item = make.coverall()
    org = make.org()
    shipment = make.shipment(counterparty=org, planned_departure=date(2020, 4, 2))
    user, _ = make.user("staff")
    admin = make.api("admin")
    watched = [f"/shipments/{shipment.id}", f"/items/{item.id}", f"/organizations/{org.id}",
               f"/users/{user.id}", "/users", f"/users/{user.id}/tokens"]
    before = [admin.get(API + url).get_json() for url in watched]
    url = API + path.format(shipment=shipment.id, line=shipment.lines[0].id, item=item.id, org=org.id,
                            user=user.id)
    error = expect(admin.request(method, url, json=body), 422)
    assert error["message"]
    _field_error(error, field)
    assert [admin.get(API + url).get_json() for url in watched] == before


@pytest.mark.parametrize("path", [
    "/shipments/{huge}", "/shipments/{huge}/events", "/items/{huge}", "/organizations/{huge}",
    "/users/{huge}", "/users/{huge}/tokens", "/shipments/0", "/shipments/\u0663",
])
def test_an_id_no_row_can_have_is_404_not_500(make, path):
    make.shipment(lines=())
    body = expect(make.api("admin").get(API + path.format(huge=HUGE)), 404)
    assert body["message"]


@pytest.mark.parametrize("path, field", [
    ("/shipments?counterparty_id=" + str(HUGE), "counterparty_id"),
    ("/shipments?status=lost", "status"),
    ("/shipments?from=yesterday", "from"),
    ("/shipments?country=XX", "country"),
    ("/shipments?q=OUT%00", "q"),
    ("/items?q=%00", "q"),
    ("/items?category=PPE%00", "category"),
    ("/organizations?q=Nitra%00", "q"),
    ("/organizations?kind=friend", "kind"),
])
def test_a_bad_list_filter_is_422_not_500(make, path, field):
    make.shipment(lines=())
    error = expect(make.api("staff").get(API + path), 422)
    assert error["message"] and field in error["errors"]["query"]


@pytest.mark.parametrize("path", ["/shipments", "/items", "/organizations", "/users"])
@pytest.mark.parametrize("page", [2, HUGE])
def test_a_page_past_the_end_is_empty_not_500(make, path, page):
    make.shipment(lines=())
    response = make.api("admin").get(f"{API}{path}?page={page}&page_size=5")
    assert expect(response, 200) == []
