"""A packed shipment to a partner, walked to delivered, for the receiving-by-package tests."""
from __future__ import annotations

from dataclasses import dataclass

API = "/api/v1"
# A pallet of 12 cartons of coveralls (each 4 box = 1 carton), and 2 loose cartons of masks.
PALLET = {"type": "pallet", "count": 1, "gross_mass": "120 kg",
          "children": [{"type": "carton", "count": 12, "gross_mass": "9 kg",
                        "contents": [{"line_no": 1, "quantity": "4 box"}]}]}
MASKS = {"type": "carton", "count": 2, "contents": [{"line_no": 2, "quantity": "1 carton"}]}


@dataclass(frozen=True)
class Packed:
    """The shipment, its packages' numbers (pallet, its 12 cartons, 2 mask cartons), the partner's org."""

    reference: str
    pallet: str
    cartons: list[str]
    masks: list[str]
    org: object


def packed_and_delivered(make, org=None, items: bool = True) -> Packed:
    """Create, pack and deliver an outbound shipment: 12 carton of coveralls, 2 carton of masks."""
    if items:
        make.coverall()
        make.mask()
    org = org or make.org(name="Fakultná nemocnica Nitra")
    shipment = make.shipment(counterparty=org, lines=[("PPE-COV", "12 carton"), ("PPE-N95", "2 carton")])
    numbers = make.packages(shipment, PALLET) + make.packages(shipment, MASKS)
    staff = make.api("staff")
    for status in ("confirmed", "in_transit", "delivered"):
        version = staff.get(f"{API}/shipments/{shipment.reference}").get_json()["version"]
        body = {"status": status, **({"tracking_number": "CZ123"} if status == "in_transit" else {})}
        response = staff.post(f"{API}/shipments/{shipment.reference}/events", json=body,
                              headers={"If-Match": f'"{version}"'})
        assert response.status_code == 201, response.get_json()
    return Packed(shipment.reference, numbers[0], numbers[1:13], numbers[13:], org)


def receive(api, reference: str, packages=None, received=None):
    """POST the receipt of a shipment with package states and line entries (line_no -> fields)."""
    state = api.get(f"{API}/shipments/{reference}").get_json()
    ids = {line["line_no"]: line["id"] for line in state["lines"]}
    body: dict = {"status": "received"}
    if packages is not None:
        body["packages"] = packages
    if received:
        body["received"] = [{"line_id": ids[line_no], **fields} for line_no, fields in received.items()]
    return api.post(f"{API}/shipments/{reference}/events", json=body,
                    headers={"If-Match": f'"{state["version"]}"'})


def receipts(api, reference: str) -> dict[str, dict | None]:
    """Return each package's receipt, by number, as the packages API answers."""
    response = api.get(f"{API}/shipments/{reference}/packages")
    assert response.status_code == 200, response.get_json()
    return {package["number"]: package["receipt"] for package in response.get_json()["packages"]}
