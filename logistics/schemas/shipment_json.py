"""The shipment output schemas' JSON built by plain functions: the exact dicts their fields dump.

Reading a shipment dumped it through ``ShipmentSchema``'s nested fields (35 nested dumps and
about 160 fields a read): a third of the read's CPU. ``ShipmentSchema`` and
``ShipmentSummarySchema`` (schemas/shipments.py) stay the contract that /api/v1/openapi.json
describes, and their ``dump`` calls these functions, which give the same dict at a fraction of
the cost. tests/unit/test_shipment_json.py and tests/api/test_shipment_json.py compare the two
on every kind of shipment (statuses, packs, values, receipts, rounded lines, estimates, staff and
partner views): a field added to a schema and not here fails them.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache

from logistics.countries import country_name
from logistics.domain.access import Actor, moves_of
from logistics.domain.shipments import CUSTOMS_FIELDS, LineView, Place, ShipmentSummary, ShipmentView
from logistics.domain.totals import GrossMass, ItemTotal, NetMass, ShipmentTotals
from logistics.money import Money, plain_amount
from logistics.services.shipment_list import LIST_COLUMNS
from logistics.services.totals import tracking_url
from logistics.units import Quantity, format_decimal


def _place(place: Place) -> dict:
    return {"country": place.country, "country_name": place.country_name, "place": place.place}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _enum(value) -> str | None:
    return value.value if value is not None else None


def _decimal(value: Decimal | None) -> str | None:
    return format_decimal(value) if value is not None else None


def exact(quantity: Quantity | None) -> dict | None:
    """Return a quantity as ExactQuantitySchema dumps it: a decimal string and its unit."""
    if quantity is None:
        return None
    return {"value": format_decimal(quantity.value), "unit": quantity.unit}


def money_json(value: Money | None) -> dict | None:
    """Return a declared value as ValueSchema dumps it."""
    if value is None:
        return None
    return {"amount": plain_amount(value), "currency": value.currency}


def line_json(line: LineView) -> dict:
    """Return a line as ShipmentLineSchema dumps it (``estimated`` only when there is one)."""
    quantities = line.quantities
    normalized = quantities.normalized
    norm: dict[str, object] = {"value": format_decimal(normalized.value), "unit": normalized.unit,
            "dimension": normalized.dimension.value}
    if normalized.rounded:
        norm["rounded"] = True
    received = quantities.received
    discrepancy = quantities.discrepancy
    row = {
        "id": line.id, "line_no": line.line_no, "item_id": line.item_id, "sku": line.sku, "name": line.name,
        "quantity": exact(quantities.quantity), "normalized": norm, "lot": line.lot,
        "expiry": _day(line.expiry), "value": money_json(line.value),
        "country_of_origin": line.country_of_origin, "net_mass": exact(line.net_mass),
        "net_mass_kg": _decimal(line.net_mass_kg),
        "received": None if received is None else {
            "value": format_decimal(received.quantity.value), "unit": received.quantity.unit,
            "normalized": exact(received.normalized)},
        "discrepancy": exact(discrepancy), "received_note": line.received_note,
        "received_reason": _enum(line.received_reason),
        "over_receipt": discrepancy is not None and discrepancy.value > 0,
    }
    if quantities.estimated is not None:
        row["estimated"] = {**exact(quantities.estimated), "estimated": True}  # type: ignore[dict-item]
    return row


def item_total_json(item: ItemTotal) -> dict:
    """Return an item's totals as ItemTotalSchema dumps them."""
    totals = []
    for total in item.totals:
        one: dict[str, object] = {"dimension": total.dimension.value, "quantity": exact(total.quantity)}
        if total.rounded:
            one["rounded"] = True
        totals.append(one)
    row = {"item_id": item.item_id, "sku": item.sku, "name": item.name, "base_unit": item.base_unit,
           "totals": totals}
    if (estimate := item.estimated) is not None:
        row["estimated"] = {
            "note": (f"estimated from the unit mass of {format_decimal(estimate.unit_mass_kg)} kg "
                     f"per {estimate.base.unit}"),
            "base": exact(estimate.base), "mass": exact(estimate.mass)}
    return row


def _gross(mass: GrossMass) -> dict:
    return {"total": exact(mass.total), "exact_part": exact(mass.exact_part),
            "estimated_part": exact(mass.estimated_part), "estimated": mass.estimated,
            "rounded": mass.rounded, "complete": mass.complete, "unweighed_lines": list(mass.unweighed_lines)}


def _net(mass: NetMass) -> dict:
    return {"declared": exact(mass.declared), "complete": mass.complete,
            "missing_lines": list(mass.missing_lines)}


def totals_json(totals: ShipmentTotals) -> dict:
    """Return a shipment's totals as ShipmentTotalsSchema dumps them."""
    return {"line_count": totals.line_count, "items": [item_total_json(item) for item in totals.items],
            "gross_mass": _gross(totals.gross_mass), "net_mass": _net(totals.net_mass),
            "values": [money_json(value) for value in totals.values]}


def _header(shipment: ShipmentView | ShipmentSummary) -> dict:
    """Return the header fields a shipment and a list row share."""
    org = shipment.counterparty
    return {
        "id": shipment.id, "reference": shipment.reference, "direction": shipment.direction.value,
        "kind": shipment.kind.value, "status": shipment.status.value,
        "allowed_next": [status.value for status in shipment.allowed_next], "version": shipment.version,
        "counterparty": {"id": org.id, "name": org.name, "country": org.country},
        "origin": _place(shipment.origin), "destination": _place(shipment.destination),
        "carrier": shipment.carrier, "transport_mode": _enum(shipment.transport_mode),
        "tracking_number": shipment.tracking_number, "planned_departure": _day(shipment.planned_departure),
        "expected_arrival": _day(shipment.expected_arrival), "notes": shipment.notes,
        "created_at": shipment.created_at.isoformat(), "created_by_id": shipment.created_by_id,
        "updated_at": shipment.updated_at.isoformat(), "updated_by_id": shipment.updated_by_id,
        "dispatched_at": _moment(shipment.dispatched_at), "delivered_at": _moment(shipment.delivered_at),
        "received_at": _moment(shipment.received_at), "tracking_url": shipment.tracking_url,
        "incoterm": _enum(shipment.incoterm),
        **{name: getattr(shipment, name) for name in CUSTOMS_FIELDS[1:]},
    }


def shipment_json(shipment: ShipmentView) -> dict:
    """Return a shipment as ShipmentSchema's fields dump it: header, lines, totals."""
    row = _header(shipment)
    row["lines"] = [line_json(line) for line in shipment.lines]
    row["totals"] = totals_json(shipment.totals)
    return row


def summary_json(summary: ShipmentSummary) -> dict:
    """Return a list row as ShipmentSummarySchema's fields dump it (``totals`` only when read)."""
    row = _header(summary)
    row["line_count"] = summary.line_count
    if summary.totals:
        row["totals"] = totals_json(summary.totals)
    return row


def list_row_json(row, actor: Actor, line_count: int, totals: ShipmentTotals | None = None,
                  public_url: str | None = None) -> dict:
    """Return a list row straight from its Core row: ``summary_json(summary_of(row, ...))``, cheaper.

    The API's list builds its rows with this (``shipment_list.shipment_page(summarise=...)``):
    no ``ShipmentSummary``, places, enums or counterparties per row, only the dict the JSON is
    made of. The row's values are taken by position (``LIST_COLUMNS``' order): reading 35 of
    them by name cost more than the rest of the row together. The stored texts of directions,
    kinds, statuses, modes and Incoterms are their enums' values, so they are written as read.
    tests/api/test_shipment_json.py compares the list's rows with the schema fields' dump of
    ``summary_of``'s, for staff and for partners.
    """
    v = dict(zip(LIST_COLUMNS, row, strict=True))
    json = {
        "id": v["id"], "reference": v["reference"], "direction": v["direction"], "kind": v["kind"],
        "status": v["status"], "allowed_next": _allowed(actor.is_partner, v["direction"], v["status"]),
        "version": v["version"],
        "counterparty": {"id": v["org_id"], "name": v["org_name"], "country": v["org_country"]},
        "origin": {"country": v["origin_country"], "country_name": country_name(v["origin_country"]),
                   "place": v["origin_place"]},
        "destination": {"country": v["destination_country"],
                        "country_name": country_name(v["destination_country"]),
                        "place": v["destination_place"]},
        "carrier": v["carrier"], "transport_mode": v["transport_mode"] or None,
        "tracking_number": v["tracking_number"], "planned_departure": _day(v["planned_departure"]),
        "expected_arrival": _day(v["expected_arrival"]), "notes": v["notes"],
        "created_at": v["created_at"].isoformat(), "created_by_id": v["created_by_id"],
        "updated_at": v["updated_at"].isoformat(), "updated_by_id": v["updated_by_id"],
        "dispatched_at": _moment(v["dispatched_at"]), "delivered_at": _moment(v["delivered_at"]),
        "received_at": _moment(v["received_at"]),
        "tracking_url": tracking_url(actor, v["tracking_token"], public_url),
        "incoterm": v["incoterm"] or None,
        **{name: v[name] for name in CUSTOMS_FIELDS[1:]},
        "line_count": line_count,
    }
    if totals is not None:
        json["totals"] = totals_json(totals)
    return json


@cache  # a handful of move lists: partner or not, two directions, six statuses
def _allowed(partner: bool, direction: str, status: str) -> tuple[str, ...]:
    return tuple(target.value for target in moves_of(partner, direction, status))
