"""Reprints are provably the same document; a changed shipment gets a new revision; every print is logged."""
from __future__ import annotations

import re
import time

import pytest

from tests.documents.conftest import API, expect, post_event
from tests.factories import ApiClient

KINDS = ["manifest", "grn", "donation-certificate"]
COMMANDS = {"manifest": "manifest", "grn": "grn", "donation-certificate": "donation-certificate"}


def _download(api, key, kind: str = "manifest"):
    response = api.get(f"{API}/shipments/{key}/{kind}.pdf")
    expect(response, 200)
    return response


@pytest.mark.parametrize("kind", KINDS)
def test_rendering_the_same_shipment_twice_through_the_api_gives_byte_identical_pdfs(ship, staff, kind):
    shipment = ship(status="received", received={0: ("90 piece", "10 torn")})
    first, second = _download(staff, shipment["id"], kind), _download(staff, shipment["reference"], kind)
    assert first.data == second.data
    assert first.headers["X-Document-Revision"] == second.headers["X-Document-Revision"]


def test_a_reprint_a_second_later_is_byte_identical_so_no_clock_reaches_the_pdf(ship, staff):
    shipment = ship(status="in_transit")
    first = _download(staff, shipment["id"]).data
    time.sleep(1.05)
    assert _download(staff, shipment["id"]).data == first


@pytest.mark.parametrize("kind", KINDS)
def test_rendering_twice_on_the_command_line_gives_byte_identical_files(ship, runner, tmp_path, kind):
    shipment = ship(status="received")
    paths = [tmp_path / "first.pdf", tmp_path / "second.pdf"]
    for path in paths:
        result = runner.invoke(args=[COMMANDS[kind], shipment["reference"], "-o", str(path)])
        assert result.exit_code == 0, result.output
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert paths[0].read_bytes().startswith(b"%PDF-")


def test_the_footer_of_every_page_prints_the_revisions_sha256_checksum(ship, render):
    shipment = ship(lines=[("PPE-N95", f"{n} box") for n in range(1, 161)])
    pdf, response = render(shipment["id"])
    checksum = response.headers["X-Document-Checksum"]
    assert re.fullmatch(r"[0-9a-f]{64}", checksum)
    assert response.headers["X-Document-Revision"].endswith(f".{checksum[:8]}")
    assert len(pdf.pages) > 1
    for index in range(len(pdf.pages)):
        assert f"SHA-256 of this revision: {checksum}" in pdf.page_words(index), index


# --- a changed shipment -----------------------------------------------------------------------

def _checkpoint(staff, shipment, org):
    post_event(staff, shipment, {"location": "Małaszewicze", "note": "border crossed"})


def _status(staff, shipment, org):
    post_event(staff, shipment, {"status": "confirmed"})


def _line_quantity(staff, shipment, org):
    line = shipment["lines"][0]["id"]
    expect(staff.patch(f"{API}/shipments/{shipment['id']}/lines/{line}", json={"quantity": "101 piece"},
                       headers={"If-Match": f'"{shipment["version"]}"'}), 200)


def _line_added(staff, shipment, org):
    expect(staff.post(f"{API}/shipments/{shipment['id']}/lines",
                      json={"sku": "PPE-N95", "quantity": "1 box", "version": shipment["version"]}), 201)


def _notes(staff, shipment, org):
    expect(staff.patch(f"{API}/shipments/{shipment['id']}",
                       json={"notes": "keep dry", "version": shipment["version"]}), 200)


def _counterparty_renamed(staff, shipment, org):
    expect(staff.patch(f"{API}/organizations/{org.id}", json={"name": "Nemocnica Žilina, a.s."}), 200)


def _counterparty_moved(staff, shipment, org):
    expect(staff.patch(f"{API}/organizations/{org.id}", json={"address": "Vojtecha Spanyola 43"}), 200)


def _item_renamed(staff, shipment, org):
    item = shipment["lines"][0]["item_id"]
    expect(staff.patch(f"{API}/items/{item}", json={"name": "Coverall, type 5/6"}), 200)


CHANGES = [_checkpoint, _status, _line_quantity, _line_added, _notes, _counterparty_renamed,
           _counterparty_moved, _item_renamed]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
def test_a_changed_shipment_gets_a_new_revision_and_different_bytes(make, ship, staff, change):
    org = make.org(name="Fakultná nemocnica Nitra", address="Špitálska 6")
    shipment = ship(counterparty=org)
    before = _download(staff, shipment["id"])
    change(staff, shipment, org)
    after = _download(staff, shipment["id"])
    assert after.headers["X-Document-Revision"] != before.headers["X-Document-Revision"]
    assert after.headers["X-Document-Checksum"] != before.headers["X-Document-Checksum"]
    assert after.data != before.data
    assert _download(staff, shipment["id"]).data == after.data


def _other_shipment_moved(make, ship, staff, shipment, org):
    post_event(staff, ship(counterparty=org), {"status": "confirmed"})


def _other_org_renamed(make, ship, staff, shipment, org):
    other = make.org()
    expect(staff.patch(f"{API}/organizations/{other.id}", json={"name": "Szpital w Łodzi"}), 200)


def _other_item_renamed(make, ship, staff, shipment, org):
    expect(staff.patch(f"{API}/items/{make.item().id}", json={"name": "Something else"}), 200)


UNRELATED = [_other_shipment_moved, _other_org_renamed, _other_item_renamed]


@pytest.mark.parametrize("change", UNRELATED, ids=[c.__name__.strip("_") for c in UNRELATED])
def test_a_change_elsewhere_leaves_the_revision_and_the_bytes_alone(make, ship, staff, change):
    org = make.org()
    shipment = ship(counterparty=org)
    before = _download(staff, shipment["id"])
    change(make, ship, staff, shipment, org)
    after = _download(staff, shipment["id"])
    assert after.headers["X-Document-Revision"] == before.headers["X-Document-Revision"]
    assert after.data == before.data


# --- the print log ----------------------------------------------------------------------------

def _client(make, role: str, org=None) -> tuple[int, ApiClient]:
    user, token = make.user(role, org)
    return user.id, ApiClient(make.app, token)


def test_every_generation_is_recorded_and_listed_newest_first_with_kind_revision_and_who(
        make, ship, runner, tmp_path):
    org = make.org()
    shipment = ship(counterparty=org, status="received")
    staff_id, staff = _client(make, "staff")
    manager_id, manager = _client(make, "manager")
    partner_id, partner = _client(make, "partner", org)
    prints = [(staff_id, _download(staff, shipment["id"], "manifest"), "manifest", "a4"),
              (manager_id, manager.get(f"{API}/shipments/{shipment['id']}/grn.pdf?paper=letter"),
               "grn", "letter"),
              (partner_id, _download(partner, shipment["reference"], "donation-certificate"),
               "donation_certificate", "a4")]
    result = runner.invoke(args=["manifest", shipment["reference"], "-o", str(tmp_path / "m.pdf")])
    assert result.exit_code == 0, result.output
    cli = (tmp_path / "m.pdf").read_bytes()

    expect(partner.get(f"{API}/shipments/{shipment['id']}/documents"), 403)  # the log names staff
    for api in (staff, manager):
        listed = expect(api.get(f"{API}/shipments/{shipment['id']}/documents"), 200)
        assert [(p["kind"], p["printed_by_id"]) for p in listed] == [
            ("manifest", None), ("donation_certificate", partner_id), ("grn", manager_id),
            ("manifest", staff_id)]
        for entry, (_, response, _, paper) in zip(listed[1:], reversed(prints)):
            assert entry["revision"] == response.headers["X-Document-Revision"]
            assert entry["checksum"] == response.headers["X-Document-Checksum"]
            assert (entry["paper"], entry["size_bytes"], entry["pages"]) == (paper, len(response.data), 1)
        assert listed[0]["revision"] == listed[3]["revision"] and listed[0]["size_bytes"] == len(cli)
        moments = [entry["printed_at"] for entry in listed]
        assert all(m.endswith(("+00:00", "Z")) for m in moments) and moments == sorted(moments, reverse=True)
    assert expect(staff.get(f"{API}/shipments/{shipment['reference'].lower()}/documents"), 200) == listed


def test_refused_requests_are_not_recorded_as_generations(make, ship, staff):
    org = make.org()
    shipment = ship(counterparty=org, status="delivered", direction="inbound")
    stranger = make.api("partner", make.org())
    refused = [(staff, "grn.pdf", 409), (staff, "donation-certificate.pdf", 409),
               (staff, "manifest.pdf?paper=a3", 422), (stranger, "manifest.pdf", 404),
               (make.anonymous(), "manifest.pdf", 401)]
    for api, path, code in refused:
        expect(api.get(f"{API}/shipments/{shipment['id']}/{path}"), code)
    assert expect(staff.get(f"{API}/shipments/{shipment['id']}/documents"), 200) == []
