"""The trail read as user actions: one entry per action, said in words, its raw row changes kept."""
from __future__ import annotations

import pytest

from tests.audit.trail import API, expect
from tests.web.pages import text_of


@pytest.fixture
def receipt(make):
    """A donation of masks and coveralls to a partner, received by the partner 480 masks short."""
    make.coverall()
    make.mask()
    org = make.org(name="Fakultná nemocnica Nitra", country="SK")
    shipment = make.shipment(org, [("PPE-N95", "12 carton"), ("PPE-COV", "40 box")], reference="OUT-2020-0009",
                             status="delivered")
    partner = make.api("partner", org)
    detail = expect(partner.get(f"{API}/shipments/OUT-2020-0009"), 200)
    masks, coveralls = (line["id"] for line in detail["lines"])
    body = {"status": "received", "received": [
        {"line_id": masks, "quantity": "5,280 piece", "reason": "short"},
        {"line_id": coveralls, "quantity": "1,000 piece"}]}
    expect(partner.post(f"{API}/shipments/OUT-2020-0009/events", json=body,
                        headers={"If-Match": f'"{detail["version"]}"'}), 201)
    return {"shipment": shipment, "org": org}


def test_a_receipt_is_one_action_whose_words_name_the_quantities_and_whose_rows_are_kept(make, receipt):
    manager = make.api("manager")

    actions = expect(manager.get(f"{API}/audit/actions?shipment=OUT-2020-0009"), 200)

    newest = actions[0]
    assert newest["actor_email"].startswith("user") and newest["shipments"] == [
        {"id": receipt["shipment"].id, "reference": "OUT-2020-0009"}]
    assert "received 5,280 piece of N95 respirator on OUT-2020-0009, 480 piece short" in newest["summary"]
    assert "received 1,000 piece of Medical protective coverall on OUT-2020-0009" in newest["summary"]
    assert "moved OUT-2020-0009 from delivered to received" in newest["summary"]
    entities = sorted(change["entity"] for change in newest["changes"])
    assert entities.count("shipment_lines") == 2 and "shipments" in entities and "shipment_events" in entities
    assert len({change["action_id"] for change in newest["changes"]}) == 1
    # The raw rows are still in the row-by-row trail, each naming the same action.
    rows = expect(manager.get(f"{API}/audit?shipment=OUT-2020-0009&page_size=100"), 200)
    mine = [row for row in rows if row["action_id"] == newest["key"]]
    assert sorted(row["id"] for row in mine) == sorted(change["id"] for change in newest["changes"])
    # Each earlier move of the walk (confirmed, in transit, delivered) is an action of its own.
    moves = [s for action in actions for s in action["summary"] if s.startswith("moved")]
    assert moves == ["moved OUT-2020-0009 from delivered to received",
                     "moved OUT-2020-0009 from in transit to delivered",
                     "moved OUT-2020-0009 from confirmed to in transit",
                     "moved OUT-2020-0009 from draft to confirmed"]
    assert actions[-1]["summary"][0].startswith("logged OUT-2020-0009 (outbound donation, draft)")
    assert "added line 1 to OUT-2020-0009: 12 carton of N95 respirator" in actions[-1]["summary"]


def test_a_header_change_reads_as_the_field_changed_from_and_to(make, receipt):
    make.shipment(reference="OUT-2020-0010")
    manager = make.api("manager")
    expect(manager.patch(f"{API}/shipments/OUT-2020-0010", json={"expected_arrival": "2020-04-09"},
                         headers={"If-Match": '"1"'}), 200)

    newest = expect(manager.get(f"{API}/audit/actions?shipment=OUT-2020-0010"), 200)[0]

    assert newest["summary"] == ["changed expected arrival of OUT-2020-0010 from (empty) to “2020-04-09”"]


@pytest.mark.parametrize("role", ["staff", "partner"])
def test_staff_and_partners_may_not_read_the_actions(make, receipt, role):
    client = make.api(role, receipt["org"] if role == "partner" else None)

    assert expect(client.get(f"{API}/audit/actions"), 403)["message"] == f"a {role} user may not do this"


def test_the_audit_page_shows_actions_in_words_with_their_rows_to_expand(signed_in, receipt):
    page = signed_in("manager").get("/audit?shipment=OUT-2020-0009")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "received 5,280 piece of N95 respirator on OUT-2020-0009, 480 piece short" in text_of(html)
    assert html.count("<details") >= 5  # every action's raw rows, folded away
    assert "shipment lines #" in text_of(html) or "shipment_lines" in html


def test_an_import_written_in_bulk_is_one_action_naming_what_it_logged(make):
    from tests.transfer.files import csv_bytes, row
    from tests.transfer.test_transfer_api import upload

    make.coverall()
    make.org(name="Bratislava Hospital", country="SK")
    staff, manager = make.api("staff"), make.api("manager")  # their users and tokens are actions too
    rows = [row(), row(line_no="2", quantity="4 box", unit=""), row(reference="IMP-0002")]
    assert upload(staff, csv_bytes(rows)).status_code == 200

    newest = expect(manager.get(f"{API}/audit/actions"), 200)[0]

    assert [ref["reference"] for ref in newest["shipments"]] == ["IMP-0001", "IMP-0002"]
    assert "logged IMP-0001 (outbound donation, draft)" in newest["summary"]
    assert "added line 2 to IMP-0001: 4 box of Medical protective coverall" in newest["summary"]
    assert sorted(c["entity"] for c in newest["changes"]).count("shipment_lines") == 3
