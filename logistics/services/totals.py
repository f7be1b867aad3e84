"""Read models of a shipment: each line's quantities, the totals, and the view an actor reads.

Builds the value objects of domain/totals.py and domain/shipments.py from stored rows (the
only place that turns stored columns, such as integers of millionths, back into Decimals);
``shipment_view`` adds the moves the reader may make (domain/access.py ``moves_for``).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from logistics.domain.access import Actor, moves_for
from logistics.domain.customs import Incoterm
from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.shipments import Counterparty, LineView, Place, ShipmentView
from logistics.domain.totals import (
    LineFacts,
    LineQuantities,
    Received,
    ShipmentTotals,
    line_quantities,
    shipment_totals,
)
from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.models import Shipment, ShipmentLine
from logistics.money import Money, from_minor
from logistics.services.common import stored_id
from logistics.units import Dimension, Quantity, from_micro, lookup_unit


def facts_of(line: ShipmentLine) -> LineFacts:
    """Return the plain values totals need from a stored line."""
    item = line.item
    return LineFacts(
        line_no=line.line_no, item_id=stored_id(item.id), sku=item.sku, name=item.name,
        base_unit=item.base_unit, base_dimension=lookup_unit(item.base_unit).dimension,
        unit_mass_kg=from_micro(item.unit_mass_micro_kg) if item.unit_mass_micro_kg else None,
        dimension=Dimension(line.dimension), value=from_micro(line.base_micro), unit=line.base_unit,
        rounded=line.rounded, declared=value_of(line),
        net_mass_kg=from_micro(line.net_mass_micro) if line.net_mass_micro is not None else None,
    )


def value_of(line: ShipmentLine) -> Money | None:
    """Return a stored line's declared value."""
    if line.value_minor is None or line.currency is None:
        return None
    return from_minor(line.value_minor, line.currency)


def net_mass_of(line: ShipmentLine) -> Quantity | None:
    """Return a stored line's net mass as entered."""
    if line.net_mass_value is None or line.net_mass_unit is None:
        return None
    return Quantity(Decimal(line.net_mass_value), line.net_mass_unit)


def quantities_of(line: ShipmentLine, facts: LineFacts | None = None) -> LineQuantities:
    """Return a stored line's quantities: as entered, normalised, estimated, received."""
    facts = facts or facts_of(line)
    received = None
    if line.received_micro is not None and line.received_value is not None and line.received_unit is not None:
        received = Received(Quantity(Decimal(line.received_value), line.received_unit),
                            Quantity(from_micro(line.received_micro), line.base_unit))
    return line_quantities(facts, Quantity(Decimal(line.quantity_value), line.quantity_unit), received)


def line_view(line: ShipmentLine, facts: LineFacts | None = None) -> LineView:
    """Return a stored line as clients read it."""
    facts = facts or facts_of(line)
    return LineView(
        id=stored_id(line.id), line_no=line.line_no, item_id=line.item_id, sku=facts.sku, name=facts.name,
        quantities=quantities_of(line, facts), lot=line.lot, expiry=line.expiry,
        value=facts.declared, country_of_origin=line.country_of_origin,
        net_mass=net_mass_of(line), net_mass_kg=facts.net_mass_kg, received_note=line.received_note,
        received_reason=DiscrepancyReason(line.received_reason) if line.received_reason else None)


def totals_of(shipment: Shipment) -> ShipmentTotals:
    """Return a shipment's totals per item and dimension, and its gross mass."""
    return shipment_totals([facts_of(line) for line in shipment.lines])


def shipment_view(shipment: Shipment, actor: Actor, public_url: str | None = None) -> ShipmentView:
    """Return a shipment as this actor reads it, with the moves this actor may make now.

    Staff also read its public tracking link (given ``public_url``, the service's public address).
    Partners do not: staff decide whom to give the link, and can replace it; a partner has its
    own sign-in to follow its shipments.
    """
    facts = [facts_of(line) for line in shipment.lines]
    org = shipment.counterparty
    return ShipmentView(
        **head_of(shipment, actor, Counterparty(stored_id(org.id), org.name, org.country), public_url),
        lines=tuple(line_view(line, fact) for line, fact in zip(shipment.lines, facts, strict=True)),
        totals=shipment_totals(facts))


def head_of(row: Any, actor: Actor, counterparty: Counterparty, public_url: str | None) -> dict[str, Any]:
    """Return the header (``ShipmentHead``'s fields) a shipment's view and its list row share, for this actor.

    ``row`` is a stored shipment or a list's plain row: both name the shipment's columns alike.
    """
    return dict(
        id=stored_id(row.id), reference=row.reference, direction=Direction(row.direction),
        kind=Kind(row.kind), status=Status(row.status),
        allowed_next=moves_for(actor, row), version=row.version, counterparty=counterparty,
        origin=Place(row.origin_country, row.origin_place),
        destination=Place(row.destination_country, row.destination_place),
        carrier=row.carrier,
        transport_mode=TransportMode(row.transport_mode) if row.transport_mode else None,
        tracking_number=row.tracking_number, planned_departure=row.planned_departure,
        expected_arrival=row.expected_arrival, dispatched_at=row.dispatched_at,
        delivered_at=row.delivered_at, received_at=row.received_at, notes=row.notes,
        created_at=row.created_at, created_by_id=row.created_by_id,
        updated_at=row.updated_at, updated_by_id=row.updated_by_id,
        tracking_url=tracking_url(actor, row.tracking_token, public_url), **customs_of(row))


def tracking_url(actor: Actor, token: str | None, public_url: str | None) -> str | None:
    """Return a shipment's public tracking link for staff; None for partners, or without a token."""
    return f"{public_url}/track/{token}" if public_url and token and not actor.is_partner else None


def customs_of(shipment: Shipment) -> dict:
    """Return a shipment's customs fields as the views hold them (the Incoterm as its enum)."""
    return {"incoterm": Incoterm(shipment.incoterm) if shipment.incoterm else None,
            "incoterm_place": shipment.incoterm_place, "invoice_number": shipment.invoice_number,
            "cmr_number": shipment.cmr_number, "awb_number": shipment.awb_number,
            "bill_of_lading_number": shipment.bill_of_lading_number,
            "rail_note_number": shipment.rail_note_number}
