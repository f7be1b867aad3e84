"""What a cargo manifest says, read back from the PDF: parties, lines, totals, history, receipt, text."""
from __future__ import annotations

from datetime import datetime

import pytest

from tests.documents.conftest import API, expect
from tests.documents.pdfs import runs, squash, squeeze

OPERATOR_CHINESE = "沧州中国—中东欧中小企业合作区"


def _stamp(timestamp: str) -> str:
    """Return an API timestamp as documents print it: 2020-04-02 08:15:00 UTC."""
    return datetime.fromisoformat(timestamp).strftime("%Y-%m-%d %H:%M:%S UTC")


# --- header -----------------------------------------------------------------------------------

def test_a_manifest_is_titled_with_its_reference_revision_issue_time_and_page_count(ship, render, staff):
    shipment = ship(status="confirmed")
    pdf, response = render(shipment["id"])
    revision = response.headers["X-Document-Revision"]
    events = expect(staff.get(f"{API}/shipments/{shipment['id']}/events"), 200)
    last_change = max([shipment["updated_at"], *(e["occurred_at"] for e in events)])

    assert pdf.page_words(0).startswith("Cargo manifest")
    assert revision.startswith(f"{shipment['version']}.")
    assert f"REFERENCE {shipment['reference']}" in pdf.words
    assert f"REVISION {revision}" in pdf.words
    assert f"ISSUED {_stamp(last_change)}" in pdf.words
    assert "STATUS confirmed" in pdf.words
    assert "DIRECTION / KIND outbound donation" in pdf.words
    assert len(pdf.pages) == 1 and "Page 1 of 1" in pdf.pages[0]


# --- parties and transport --------------------------------------------------------------------

PARTIES = [
    # direction, partner country, its printed name, who sends, who receives
    ("outbound", "SK", "Slovakia", "operator", "partner"),
    ("outbound", "HR", "Croatia", "operator", "partner"),
    ("inbound", "CZ", "Czechia", "partner", "operator"),
    ("inbound", "PL", "Poland", "partner", "operator"),
]


@pytest.mark.parametrize("direction, country, country_name, sender, receiver", PARTIES)
def test_consignor_and_consignee_follow_the_direction_with_country_names_and_addresses(
        app, make, ship, render, direction, country, country_name, sender, receiver):
    org = make.org(name="Fakultná nemocnica Nitra — oddelenie zásobovania", country=country,
                   address="Špitálska 6, 949 01 Nitra", contact_name="Ľubomír Ďurovič",
                   email="zasobovanie@example.org")
    pdf, _ = render(ship(counterparty=org, direction=direction)["id"])
    operator = app.config["OPERATOR_NAME"]
    assert OPERATOR_CHINESE in operator
    blocks = {
        "operator": [operator, "Cangzhou, Hebei", "China (CN)"],
        "partner": [org.name, "Špitálska 6, 949 01 Nitra", f"{country_name} ({country})",
                    "Ľubomír Ďurovič, zasobovanie@example.org"],
    }
    consignor, consignee = pdf.between("CONSIGNOR", "CONSIGNEE"), pdf.between("CONSIGNEE", "CARRIER")
    for text in blocks[sender]:
        assert text in consignor
    for text in blocks[receiver]:
        assert text in consignee
    assert org.name not in (consignee if sender == "partner" else consignor)
    assert "China (CN)" not in (consignor if sender == "partner" else consignee)


def test_the_transport_block_names_carrier_mode_tracking_route_and_dates(ship, render):
    shipment = ship(carrier="ČD Cargo, a.s.", transport_mode="rail", tracking_number="CDC-2020-0417",
                    planned_departure="2020-04-02", expected_arrival="2020-04-19")
    pdf, _ = render(shipment["reference"])
    transport = pdf.between("CARRIER", "Goods")
    for label, value in [("TRANSPORT MODE", "rail"), ("TRACKING NUMBER", "CDC-2020-0417"),
                         ("ORIGIN", "Cangzhou, China (CN)"), ("DESTINATION", "Slovakia (SK)"),
                         ("PLANNED DEPARTURE", "2020-04-02"), ("EXPECTED ARRIVAL", "2020-04-19")]:
        assert label in transport and value in transport
    assert "ČD Cargo, a.s." in transport


# --- lines ------------------------------------------------------------------------------------

LINES = [
    # (sku, quantity as entered, lot, expiry), the row as printed after its line number
    (("PPE-COV", "1,200 box"),
     ["PPE-COV", "Medical protective coverall", "6210.10", "1,200 box", "30,000 piece", "H87", "≈ 10,500 kg"]),
    (("PPE-N95", "2 carton", "LOT-77", "2025-03-31"),
     ["PPE-N95", "N95 respirator", "6307.90", "LOT-77 / 2025-03-31", "2 carton", "960 piece", "H87",
      "≈ 11.52 kg"]),
    (("FOOD-RICE", "1.5 t"), ["FOOD-RICE", "Jasmine rice", "1006.30", "1.5 t", "1,500 kg", "KGM", "1,500 kg"]),
    (("GLV-NIT", "3 box", "B-2020/14"),
     ["GLV-NIT", "Nitrile gloves", "4015.19", "B-2020/14", "3 box", "150 pair", "PR", "≈ 3.75 kg"]),
    (("DIS-ETH", "250 mL"), ["DIS-ETH", "Hand disinfectant", "3808.94", "250 mL", "0.25 L", "LTR", "—"]),
    (("SWAB", "24 piece"), ["SWAB", "Test swabs", "24 piece", "2 dozen", "DZN", "—"]),
]


def test_every_line_prints_sku_name_hs_code_lot_quantities_unit_code_and_mass(ship, render):
    pdf, _ = render(ship(lines=[line for line, _ in LINES], status="confirmed")["id"])
    for number, (line, printed) in enumerate(LINES, start=1):
        assert " ".join([str(number), *printed]) in pdf.words, line
    assert "≈ estimated from the item's unit mass" in pdf.words


def test_a_line_without_an_estimate_gets_no_estimate_legend(ship, render):
    pdf, _ = render(ship(lines=[("FOOD-RICE", "2 t")])["id"])
    assert "1 FOOD-RICE Jasmine rice 1006.30 2 t 2,000 kg KGM 2,000 kg" in pdf.words
    assert "≈" not in pdf.words


# --- totals -----------------------------------------------------------------------------------

TOTALS = [
    # lines, per-item total rows, gross mass, note on the gross mass (None: no note at all)
    ([("PPE-COV", "100 piece"), ("PPE-COV", "4 box")],
     ["PPE-COV Medical protective coverall 200 piece"], "≈ 70 kg",
     "Includes ≈ 70 kg estimated from unit masses; 0 kg weighed."),
    ([("FOOD-RICE", "1.5 t"), ("FOOD-RICE", "500 kg")], ["FOOD-RICE Jasmine rice 2,000 kg"], "2,000 kg", None),
    ([("PPE-COV", "100 piece"), ("DIS-ETH", "20 L"), ("FOOD-RICE", "1 t"), ("DIS-ETH", "5 L")],
     ["PPE-COV Medical protective coverall 100 piece", "DIS-ETH Hand disinfectant 25 L",
      "FOOD-RICE Jasmine rice 1,000 kg"], "≈ 1,035 kg",
     "Not included: line(s) 2, 4, which could not be weighed (no unit mass)."),
    ([("SWAB", "10 dozen"), ("GLV-NIT", "40 pair"), ("SWAB", "12 piece")],
     ["SWAB Test swabs 11 dozen", "GLV-NIT Nitrile gloves 40 pair"], "≈ 1 kg",
     "Not included: line(s) 1, 3, which could not be weighed (no unit mass)."),
]


@pytest.mark.parametrize("lines, items, gross, note", TOTALS)
def test_totals_give_each_item_in_its_base_unit_the_line_count_and_the_gross_mass(
        ship, render, lines, items, gross, note):
    pdf, _ = render(ship(lines=lines)["id"])
    totals = pdf.between("Totals", "Status history")
    for row in items:
        assert row in totals
    assert f"Number of lines: {len(lines)}" in totals
    assert f"Gross mass: {gross}" in totals
    if note:
        assert note in totals
    else:
        assert "Not included" not in totals and "estimated from unit masses" not in totals


def test_an_item_logged_by_count_and_by_mass_is_never_added_across_dimensions(ship, render):
    pdf, _ = render(ship(lines=[("PPE-COV", "100 piece"), ("PPE-COV", "1 t")])["id"])
    totals = pdf.between("Totals", "Status history")
    assert "PPE-COV Medical protective coverall 100 piece; 1,000 kg" in totals
    assert "Gross mass: ≈ 1,035 kg" in totals


# --- history and receipt ----------------------------------------------------------------------

def test_the_status_history_lists_every_event_in_order_with_location_and_note(ship, render, staff):
    shipment = ship(status="delivered", checkpoints=[
        {"location": "Małaszewicze border crossing", "note": "customs inspection passed"},
        {"location": "Vienna", "note": "reloaded to truck", "tracking_number": "AT-77"}])
    pdf, _ = render(shipment["id"])
    events = expect(staff.get(f"{API}/shipments/{shipment['id']}/events"), 200)
    history = pdf.between("Status history", "Signatures")
    # The first event is the logging in the tracker: no fact about the goods, not printed.
    assert "created" not in history
    expected = [f"{_stamp(events[1]['occurred_at'])} confirmed",
                f"{_stamp(events[2]['occurred_at'])} in transit",
                f"{_stamp(events[3]['occurred_at'])} checkpoint Małaszewicze border crossing "
                "customs inspection passed",
                f"{_stamp(events[4]['occurred_at'])} checkpoint Vienna reloaded to truck tracking AT-77",
                f"{_stamp(events[5]['occurred_at'])} delivered"]
    assert len(events) == len(expected) + 1
    positions = [history.index(row) for row in expected]
    assert positions == sorted(positions)


RECEIPTS = [
    # what arrived of 100 piece, the reason given, printed as received, the difference
    ("90 piece", "10 torn in transit", "90 piece", "-10 piece"),
    ("0 piece", "lost", "0 piece", "-100 piece"),
    ("4 box", None, "100 piece", "0"),
    ("110 piece", "one extra box", "110 piece", "+10 piece over-receipt"),
]


@pytest.mark.parametrize("quantity, reason, received, difference", RECEIPTS)
def test_a_received_shipment_prints_what_arrived_and_the_discrepancy_per_line(
        ship, render, quantity, reason, received, difference):
    why = "over" if difference.startswith("+") else "other" if reason else None
    shipment = ship(lines=[("PPE-COV", "100 piece"), ("PPE-N95", "2 box")], status="received",
                    received={0: (quantity, reason, why)})
    pdf, _ = render(shipment["id"])
    receipt = pdf.between("Received quantities and discrepancies", "Status history")
    first = f"1 PPE-COV Medical protective coverall 100 piece {received} {difference}"
    given = {"over": "over-receipt: ", "other": "other: ", None: ""}[why]
    assert squeeze(f"{first} {given}{reason or ''}") in receipt
    assert "2 PPE-N95 N95 respirator 40 piece 40 piece 0" in receipt


@pytest.mark.parametrize("status", ["draft", "confirmed", "in_transit", "delivered", "cancelled"])
def test_a_shipment_not_yet_received_prints_no_receipt(ship, render, status):
    pdf, _ = render(ship(status=status)["id"])
    assert "Received quantities" not in pdf.words
    assert "STATUS " + status.replace("_", " ") in pdf.words


def test_a_shipment_without_lines_still_gets_a_manifest(ship, render):
    pdf, _ = render(ship(lines=())["id"])
    assert "Number of lines: 0" in pdf.between("Totals", "Status history")
    assert "Gross mass: 0 kg" in pdf.words
    assert "Page 1 of 1" in pdf.pages[0]


def test_notes_keep_their_line_breaks(ship, render):
    pdf, _ = render(ship(notes="Handle with care.\nKeep dry — do not stack.")["id"])
    assert "Handle with care.\nKeep dry — do not stack." in pdf.pages[0]


# --- partners' languages and user text --------------------------------------------------------

LANGUAGES = {
    "czech": "Žluťoučký kůň ěščřžýáíéůňťď ĚŠČŘŽÝÁÍÉŮŇŤĎ",
    "slovak": "Ľudová ľĺô Žilina äô",
    "polish": "Zażółć gęślą jaźń ąćęłńóśźż Łódź",
    "croatian": "Đakovo čćđšž ČĆĐŠŽ",
    "chinese": OPERATOR_CHINESE,
}


def _everywhere(make, ship, text: str) -> tuple[dict, dict]:
    """Create a received donation carrying `text` in every user-entered field; return it and the fields."""
    fields = {"partner": f"Partner {text}", "address": f"Ulica {text} 1", "item": f"Item {text}",
              "lot": f"L-{text}"[:100], "carrier": f"Carrier {text}", "location": f"At {text}",
              "checkpoint": f"Note {text}", "reason": f"Reason {text}", "notes": f"Notes {text}"}
    org = make.org(name=fields["partner"], address=fields["address"])
    make.item("TEXT-1", "piece", name=fields["item"])
    shipment = ship(counterparty=org, lines=[("TEXT-1", "10 piece", fields["lot"])], status="received",
                    carrier=fields["carrier"], notes=fields["notes"],
                    checkpoints=[{"location": fields["location"], "note": fields["checkpoint"]}],
                    received={0: ("9 piece", fields["reason"])})
    return shipment, fields


@pytest.mark.parametrize("text", LANGUAGES.values(), ids=LANGUAGES.keys())
def test_partners_languages_come_back_out_of_the_pdf_exactly(make, ship, render, text):
    shipment, fields = _everywhere(make, ship, text)
    pdf, _ = render(shipment["id"])
    for field, value in fields.items():
        assert squash(value) in pdf.squashed, field
    assert fields["partner"] in pdf.words
    for kind in ("grn", "donation-certificate"):
        sibling, _ = render(shipment["id"], kind)
        assert fields["partner"] in sibling.words
        assert squash(fields["item"]) in sibling.squashed


HOSTILE = [
    "Dobrá & Sons <b>",
    "</para><font size=80>",
    '<font name="Nope" color="red">x</font>',
    "&amp; &lt;b&gt; &#169; &nbsp;",
    "<br/><img src='x'/><para>",
    "a < b > c & d \"quoted\" 'single'",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_that_looks_like_markup_prints_literally_and_keeps_the_layout(make, ship, render, text):
    shipment, fields = _everywhere(make, ship, text)
    pdf, _ = render(shipment["id"])
    for field, value in fields.items():
        assert squash(value) in pdf.squashed, field
    assert fields["partner"] in pdf.words
    for page in range(len(pdf.pages)):
        for run in runs(pdf.content, page):
            assert run.size <= 17.5, run                        # the title is the largest text
