"""Fixtures for the document tests: a catalogue covering every base unit, shipments built through the API."""
from __future__ import annotations

import pytest

from tests.documents.pdfs import Pdf, read_pdf

API = "/api/v1"
WALK = ["confirmed", "in_transit", "delivered", "received"]


def expect(response, status: int):
    """Return the JSON body (or None) after checking the status code."""
    body = response.get_json(silent=True)
    assert response.status_code == status, (response.status_code, body)
    return body


@pytest.fixture
def catalogue(make) -> None:
    """Put items of every base unit in the catalogue: counted with and without a unit mass, weighed."""
    make.coverall()                                  # piece, 0.35 kg, box = 25 piece
    make.mask()                                      # piece, 0.012 kg, carton = 24 box of 20
    make.item("FOOD-RICE", "kg", name="Jasmine rice", hs_code="1006.30")
    make.item("GLV-NIT", "pair", "0.025 kg", [("box", "50 pair")], name="Nitrile gloves",
              hs_code="4015.19")
    make.item("DIS-ETH", "L", name="Hand disinfectant", hs_code="3808.94")
    make.item("SWAB", "dozen", name="Test swabs")


@pytest.fixture
def staff(make, catalogue):
    """Return a staff API client (the catalogue is in place)."""
    return make.api("staff")


@pytest.fixture
def ship(make, staff):
    """Return a factory that creates a shipment through the API and walks it to a status.

    lines are (sku, quantity) or (sku, quantity, lot, expiry); checkpoints are posted once the
    shipment is in transit; received maps a line's position to (quantity, note[, reason]) for the
    receipt (the reason is other when a note is given, none otherwise).
    """
    def create(counterparty=None, lines=(("PPE-COV", "100 piece"),), direction="outbound",
               kind=None, status="draft", checkpoints=(), received=None, **fields) -> dict:
        org = counterparty or make.org()
        body = {"direction": direction, "kind": kind or ("donation" if direction == "outbound" else "purchase"),
                "counterparty_id": org.id,
                "origin": {"country": "CN", "place": "Cangzhou"} if direction == "outbound"
                else {"country": org.country},
                "destination": {"country": org.country} if direction == "outbound"
                else {"country": "CN", "place": "Cangzhou"},
                "lines": [line if isinstance(line, dict) else _line(*line) for line in lines], **fields}
        shipment = expect(staff.post(f"{API}/shipments", json=body), 201)
        path = [] if status == "draft" else ["cancelled"] if status == "cancelled" else \
            WALK[: WALK.index(status) + 1]
        for target in path:
            event = {"status": target}
            if target == "received" and received:
                event["received"] = [
                    {"line_id": shipment["lines"][at]["id"], "quantity": entry[0],
                     **({"note": entry[1]} if entry[1] else {}),
                     "reason": entry[2] if len(entry) > 2 else "other" if entry[1] else None}
                    for at, entry in received.items()]
            shipment = post_event(staff, shipment, event)
            if target == "in_transit":
                for checkpoint in checkpoints:
                    shipment = post_event(staff, shipment, checkpoint)
        return shipment

    return create


def _line(sku: str, quantity: str, lot: str | None = None, expiry: str | None = None) -> dict:
    line = {"sku": sku, "quantity": quantity}
    if lot:
        line["lot"] = lot
    if expiry:
        line["expiry"] = expiry
    return line


def post_event(api, shipment: dict, event: dict) -> dict:
    """Post a status change or checkpoint at the shipment's current version; return the shipment."""
    response = api.post(f"{API}/shipments/{shipment['id']}/events", json=event,
                        headers={"If-Match": f'"{shipment["version"]}"'})
    return expect(response, 201)["shipment"]


@pytest.fixture
def render(staff):
    """Return a function that downloads a shipment document (200 expected) and reads it back."""
    def download(key, kind: str = "manifest", api=None, query: str = "") -> tuple[Pdf, object]:
        response = (api or staff).get(f"{API}/shipments/{key}/{kind}.pdf{query}")
        expect(response, 200)
        return read_pdf(response.data), response

    return download
