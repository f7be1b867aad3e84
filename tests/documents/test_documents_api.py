"""Shipment documents on the API and the command line: downloads, access, where each document applies."""
from __future__ import annotations

from datetime import datetime

import pytest

from tests.documents.conftest import API, expect
from tests.documents.pdfs import read_pdf

SUFFIXES = {"manifest": "manifest", "grn": "goods-received-note",
            "donation-certificate": "donation-certificate"}
TITLES = {"manifest": "Cargo manifest", "grn": "Goods received note",
          "donation-certificate": "Certificate of donation"}


@pytest.mark.parametrize("kind", SUFFIXES)
def test_a_document_is_a_pdf_download_named_after_the_reference_by_id_or_reference(ship, staff, kind):
    shipment = ship(status="received")
    reference = shipment["reference"]
    downloads = [staff.get(f"{API}/shipments/{key}/{kind}.pdf")
                 for key in (shipment["id"], reference, reference.lower())]
    for response in downloads:
        expect(response, 200)
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == \
            f'attachment; filename="{reference}-{SUFFIXES[kind]}.pdf"'
        pdf = read_pdf(response.data)
        assert pdf.page_words(0).startswith(TITLES[kind]) and reference in pdf.words
    assert downloads[0].data == downloads[1].data == downloads[2].data


# --- access -----------------------------------------------------------------------------------

def _reader(make, who: str, org):
    if who == "no token":
        return make.anonymous()
    if who == "bad token":
        api = make.anonymous()
        api.token = "lgx_not-a-real-token"
        return api
    if who == "partner of the counterparty":
        return make.api("partner", org)
    if who == "another partner":
        return make.api("partner", make.org())
    return make.api(who)


PATHS = ["manifest.pdf", "grn.pdf", "donation-certificate.pdf"]
ACCESS = [("another partner", path, 404) for path in PATHS] + [
    ("partner of the counterparty", "manifest.pdf", 200), ("partner of the counterparty", "grn.pdf", 200),
    # the print log names staff users: partners may not read it, their own shipment's or another's
    ("partner of the counterparty", "documents", 403), ("another partner", "documents", 403),
    ("staff", "documents", 200), ("no token", "manifest.pdf", 401),
    ("no token", "documents", 401), ("bad token", "grn.pdf", 401), ("admin", "manifest.pdf", 200),
    ("manager", "donation-certificate.pdf", 200)]


@pytest.mark.parametrize("who, path, code", ACCESS)
def test_documents_follow_the_shipments_access_rules(make, ship, who, path, code):
    org = make.org()
    shipment = ship(counterparty=org, status="received")
    response = _reader(make, who, org).get(f"{API}/shipments/{shipment['id']}/{path}")
    body = expect(response, code)
    if code == 200 and path.endswith(".pdf"):
        assert shipment["reference"] in read_pdf(response.data).words
    if code == 404:
        assert body["message"] == f"shipment {shipment['id']} not found"
    if code >= 400:
        assert response.mimetype == "application/json" and shipment["reference"] not in response.text


def test_another_partner_cannot_learn_a_shipments_status_from_a_refused_document(make, ship):
    org = make.org()
    shipment = ship(counterparty=org, status="delivered")
    stranger = make.api("partner", make.org())
    for key in (shipment["id"], shipment["reference"]):
        body = expect(stranger.get(f"{API}/shipments/{key}/grn.pdf"), 404)
        assert "delivered" not in body["message"]
    expect(make.api("partner", org).get(f"{API}/shipments/{shipment['id']}/grn.pdf"), 409)


@pytest.mark.parametrize("key", ["999999", "OUT-1999-0042", "99999999999"])
def test_an_unknown_shipment_has_no_documents(staff, key):
    for path in PATHS:
        body = expect(staff.get(f"{API}/shipments/{key}/{path}"), 404)
        assert "not found" in body["message"]


# --- goods received note ----------------------------------------------------------------------

@pytest.mark.parametrize("status", ["draft", "confirmed", "in_transit", "delivered", "cancelled"])
def test_a_goods_received_note_is_refused_with_409_until_the_shipment_is_received(ship, staff, status):
    shipment = ship(status=status, direction="inbound")
    body = expect(staff.get(f"{API}/shipments/{shipment['id']}/grn.pdf"), 409)
    assert "goods received note" in body["message"] and "received shipment" in body["message"]
    assert shipment["reference"] in body["message"] and status in body["message"]
    assert body["errors"] == {"status": [f"is {status}, must be received"]}


GRN_LINES = [("PPE-COV", "100 piece"), ("PPE-N95", "2 box"), ("FOOD-RICE", "1.5 t"), ("GLV-NIT", "3 box")]
IN_FULL = ["1 PPE-COV Medical protective coverall 100 piece 100 piece 0",
           "2 PPE-N95 N95 respirator 40 piece 40 piece 0",
           "3 FOOD-RICE Jasmine rice 1,500 kg 1,500 kg 0",
           "4 GLV-NIT Nitrile gloves 150 pair 150 pair 0"]
GRN_CASES = [
    # lines, receipt by line position, the rows printed, the summary
    (GRN_LINES,
     {0: ("90 piece", "10 torn in transit", "damaged"), 2: ("1,450 kg", "one sack split"),
      3: ("160 pair", "one box extra", "over")},
     ["1 PPE-COV Medical protective coverall 100 piece 90 piece -10 piece damaged: 10 torn in transit",
      IN_FULL[1],
      "3 FOOD-RICE Jasmine rice 1,500 kg 1,450 kg -50 kg other: one sack split",
      "4 GLV-NIT Nitrile gloves 150 pair 160 pair +10 pair over-receipt over-receipt: one box extra"],
     "4 lines received; 2 with a shortfall, 1 with an over-receipt."),
    (GRN_LINES, {3: ("4 box", "a fourth box came along", "over")},
     [*IN_FULL[:3], "4 GLV-NIT Nitrile gloves 150 pair 200 pair +50 pair over-receipt over-receipt: a fourth box came along"],
     "4 lines received; 1 with an over-receipt."),
    (GRN_LINES[:1], {0: ("999999999 piece", None, "over")},
     ["1 PPE-COV Medical protective coverall 100 piece 999,999,999 piece +999,999,899 piece over-receipt over-receipt"],
     "1 line received; 1 with an over-receipt."),
    (GRN_LINES, {}, IN_FULL, "4 lines received in full."),
    (GRN_LINES[:1], {0: ("1 piece", "pallet lost")},
     ["1 PPE-COV Medical protective coverall 100 piece 1 piece -99 piece other: pallet lost"],
     "1 line received; 1 with a shortfall."),
]


@pytest.mark.parametrize("direction", ["inbound", "outbound"])
@pytest.mark.parametrize("lines, received, rows, summary", GRN_CASES)
def test_a_goods_received_note_lists_sent_received_difference_and_reason_per_line(
        app, make, ship, render, direction, lines, received, rows, summary):
    org = make.org(name="Nemocnice Brno-Bohunice", country="CZ")
    shipment = ship(counterparty=org, direction=direction, lines=lines, status="received",
                    received=received)
    pdf, _ = render(shipment["id"], "grn")
    assert pdf.page_words(0).startswith("Goods received note")
    table = pdf.between("Received quantities and discrepancies", summary)
    assert "# SKU Item Sent Received Difference Reason given" in table
    for row in rows:
        assert row in table
    sender, receiver = (org.name, app.config["OPERATOR_NAME"])[:: 1 if direction == "inbound" else -1]
    assert sender in pdf.between("CONSIGNOR", "CONSIGNEE")
    assert receiver in pdf.between("CONSIGNEE", "CARRIER")
    assert "RECEIVED BY Name: Date: Signature:" in pdf.between("Signatures", "Page 1")


# --- certificate of donation ------------------------------------------------------------------

REFUSED_CERTIFICATES = [
    # direction, kind, status, what the refusal names
    ("inbound", "purchase", "received", "outbound donation"),
    ("inbound", "donation", "confirmed", "outbound donation"),
    ("outbound", "purchase", "confirmed", "outbound donation"),
    ("outbound", "transfer", "in_transit", "outbound donation"),
    ("outbound", "donation", "draft", "confirmed donation"),
    ("outbound", "donation", "cancelled", "confirmed donation"),
]


@pytest.mark.parametrize("direction, kind, status, reason", REFUSED_CERTIFICATES)
def test_a_certificate_of_donation_is_refused_with_409_unless_a_confirmed_outbound_donation(
        ship, staff, direction, kind, status, reason):
    shipment = ship(direction=direction, kind=kind, status=status)
    body = expect(staff.get(f"{API}/shipments/{shipment['id']}/donation-certificate.pdf"), 409)
    assert "certificate of donation" in body["message"] and reason in body["message"]
    assert shipment["reference"] in body["message"]
    assert body["errors"]


@pytest.mark.parametrize("status", ["confirmed", "in_transit", "delivered", "received"])
def test_a_certificate_of_donation_names_donor_recipient_goods_mass_date_and_the_gift_statement(
        app, make, ship, render, staff, status):
    org = make.org(name="Szpital Wojewódzki w Łodzi", country="PL", address="ul. Kopcińskiego 22, Łódź")
    shipment = ship(counterparty=org, status=status, planned_departure="2020-04-02",
                    lines=[("PPE-COV", "1,200 box"), ("PPE-N95", "2 carton"), ("PPE-COV", "100 piece"),
                           ("DIS-ETH", "20 L")])
    pdf, _ = render(shipment["reference"], "donation-certificate")
    events = expect(staff.get(f"{API}/shipments/{shipment['id']}/events"), 200)
    dispatched = [e["occurred_at"] for e in events if e["to_status"] == "in_transit"]
    day = datetime.fromisoformat(dispatched[0]).date().isoformat() if dispatched else "2020-04-02"

    assert pdf.page_words(0).startswith("Certificate of donation")
    donor, recipient = pdf.between("DONOR", "RECIPIENT"), pdf.between("RECIPIENT", "The goods")
    assert app.config["OPERATOR_NAME"] in donor and "China (CN)" in donor
    assert org.name in recipient and "ul. Kopcińskiego 22, Łódź" in recipient and "Poland (PL)" in recipient
    assert "a gift supplied free of charge" in pdf.words and "of no commercial value" in pdf.words
    assert f"Date of donation: {day}" in pdf.words
    goods = pdf.between("Goods donated", "CARRIER")
    for row in ["PPE-COV Medical protective coverall 30,100 piece", "PPE-N95 N95 respirator 960 piece",
                "DIS-ETH Hand disinfectant 20 L", "Number of lines: 4", "Gross mass: ≈ 10,546.52 kg",
                "Not included: line(s) 4, which could not be weighed (no unit mass)."]:
        assert row in goods
    assert "FOR THE DONOR" in pdf.words and "FOR THE RECIPIENT" in pdf.words


# --- the command line -------------------------------------------------------------------------

CLI_OUTPUTS = [
    # command, document on the API, where the command writes, paper
    ("manifest", "manifest", "file", "a4"),
    ("manifest", "manifest", "stdout", "letter"),
    ("manifest", "manifest", "default name", "a4"),
    ("grn", "grn", "file", "letter"),
    ("donation-certificate", "donation-certificate", "stdout", "a4"),
    ("donation-certificate", "donation-certificate", "default name", "letter"),
]


@pytest.mark.parametrize("command, kind, output, paper", CLI_OUTPUTS)
def test_the_command_line_writes_the_same_bytes_as_the_api_for_the_same_revision(
        ship, staff, runner, tmp_path, monkeypatch, command, kind, output, paper):
    shipment = ship(status="received", received={0: ("99 piece", "one missing")})
    reference = shipment["reference"]
    api = staff.get(f"{API}/shipments/{shipment['id']}/{kind}.pdf?paper={paper}")
    expect(api, 200)
    monkeypatch.chdir(tmp_path)
    args = [command, reference.lower(), "--paper", paper]
    target = tmp_path / "out.pdf"
    if output == "file":
        args += ["-o", str(target)]
    elif output == "stdout":
        args += ["-o", "-"]
    else:
        target = tmp_path / f"{reference}-{SUFFIXES[kind]}.pdf"
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    written = result.stdout_bytes if output == "stdout" else target.read_bytes()
    assert written == api.data
    if output != "stdout":
        assert api.headers["X-Document-Revision"] in result.stderr


@pytest.mark.parametrize("command, case, message", [
    ("manifest", "unknown", "shipment OUT-1999-0042 not found"),
    ("grn", "unknown", "not found"),
    ("grn", "delivered", "a goods received note needs a received shipment"),
    ("donation-certificate", "inbound", "a certificate of donation is for outbound donations"),
    ("donation-certificate", "draft", "a certificate of donation needs a confirmed donation"),
])
def test_the_command_line_exits_1_with_a_message_where_no_document_can_be_made(
        ship, runner, tmp_path, command, case, message):
    shipments = {"delivered": lambda: ship(status="delivered"),
                 "inbound": lambda: ship(direction="inbound", status="received"),
                 "draft": lambda: ship()}
    reference = shipments[case]()["reference"] if case in shipments else "OUT-1999-0042"
    target = tmp_path / "out.pdf"
    result = runner.invoke(args=[command, reference, "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert not target.exists()
