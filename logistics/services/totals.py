"""Read models of a shipment: each line's quantities, the totals, and the view an actor reads.

Builds the value objects of domain/totals.py and domain/shipments.py from stored rows (the
only place that turns stored columns, such as integers of millionths, back into Decimals);
``shipment_view`` adds the moves the reader may make (domain/access.py ``moves_for``).
"""
from __future__ import annotations

from decimal import Decimal

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
    link = tracking_url(actor, shipment.tracking_token, public_url)
    facts = [facts_of(line) for line in shipment.lines]
    org = shipment.counterparty
    return ShipmentView(
        id=stored_id(shipment.id), reference=shipment.reference, direction=Direction(shipment.direction),
        kind=Kind(shipment.kind), status=Status(shipment.status),
        allowed_next=moves_for(actor, shipment), version=shipment.version,
        counterparty=Counterparty(stored_id(org.id), org.name, org.country),
        origin=Place(shipment.origin_country, shipment.origin_place),
        destination=Place(shipment.destination_country, shipment.destination_place),
        carrier=shipment.carrier,
        transport_mode=TransportMode(shipment.transport_mode) if shipment.transport_mode else None,
        tracking_number=shipment.tracking_number, planned_departure=shipment.planned_departure,
        expected_arrival=shipment.expected_arrival, dispatched_at=shipment.dispatched_at,
        delivered_at=shipment.delivered_at, received_at=shipment.received_at, notes=shipment.notes,
        created_at=shipment.created_at, created_by_id=shipment.created_by_id,
        updated_at=shipment.updated_at, updated_by_id=shipment.updated_by_id,
        lines=tuple(line_view(line, fact) for line, fact in zip(shipment.lines, facts, strict=True)),
        totals=shipment_totals(facts), tracking_url=link, **customs_of(shipment),
    )


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
