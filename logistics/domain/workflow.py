"""The shipment status workflow and the partner's share of it.

Which moves an actor may make on a shipment now combines both halves in one place:
domain/access.py's ``moves_for``.
"""
from __future__ import annotations

from enum import StrEnum

from logistics.domain.texts import E_
from logistics.errors import InvalidTransition


class Status(StrEnum):
    """Where a shipment is in its life."""

    DRAFT = "draft"
    CONFIRMED = "confirmed"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    RECEIVED = "received"
    CANCELLED = "cancelled"


class Direction(StrEnum):
    """Inbound: to us (purchases, donations received); outbound: from us."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Kind(StrEnum):
    """Why the goods move."""

    PURCHASE = "purchase"
    DONATION = "donation"
    TRANSFER = "transfer"
    RETURN = "return"


class TransportMode(StrEnum):
    """How the goods travel."""

    ROAD = "road"
    RAIL = "rail"
    AIR = "air"
    SEA = "sea"
    MULTIMODAL = "multimodal"


NEXT: dict[Status, tuple[Status, ...]] = {
    Status.DRAFT: (Status.CONFIRMED, Status.CANCELLED),
    Status.CONFIRMED: (Status.IN_TRANSIT, Status.CANCELLED),
    Status.IN_TRANSIT: (Status.DELIVERED,),
    Status.DELIVERED: (Status.RECEIVED,),
    Status.RECEIVED: (),
    Status.CANCELLED: (),
}

EDITABLE = frozenset({Status.DRAFT, Status.CONFIRMED})
# Goods count as gone in or out once they are on their way; drafts and plans do not.
MOVED = (Status.IN_TRANSIT, Status.DELIVERED, Status.RECEIVED)


def allowed_next(current: Status) -> tuple[Status, ...]:
    """Return the statuses a shipment may move to from ``current``."""
    return NEXT[current]


def is_earlier_or_same(status: Status, than: Status) -> bool:
    """Say whether a shipment in ``status`` can have come to ``than`` along the workflow (or is there)."""
    reached, frontier = {status}, [status]
    while frontier:
        for later in NEXT[frontier.pop()]:
            if later not in reached:
                reached.add(later)
                frontier.append(later)
    return than in reached


def check_transition(current: Status, target: Status) -> None:
    """Refuse a status change the workflow does not allow, naming the allowed ones."""
    if target in NEXT[current]:
        return
    allowed = ", ".join(NEXT[current]) or E_("none (it is final)")
    raise InvalidTransition(
        E_("cannot move a shipment from %(current)s to %(target)s: allowed next statuses are %(allowed)s",
           current=str(current), target=str(target), allowed=allowed),
        {"status": [E_("current status is %(current)s; allowed: %(allowed)s",
                       current=str(current), allowed=allowed)]},
    )


HEADER_FIELDS = ("direction", "kind", "counterparty_id", "origin_country", "origin_place",
                 "destination_country", "destination_place", "carrier", "transport_mode",
                 "tracking_number", "planned_departure", "expected_arrival", "notes",
                 "incoterm", "incoterm_place", "invoice_number", "cmr_number", "awb_number",
                 "bill_of_lading_number", "rail_note_number")
# What may still change once goods are moving (the transport papers' numbers are often known only
# at dispatch), and once the shipment is closed.
_MOVING_FIELDS = ("carrier", "transport_mode", "tracking_number", "expected_arrival", "notes",
                  "cmr_number", "awb_number", "bill_of_lading_number", "rail_note_number")
_CLOSED_FIELDS = ("notes",)


def editable_fields(status: Status) -> tuple[str, ...]:
    """Return the header fields a shipment in this status may still change."""
    if status in EDITABLE:
        return HEADER_FIELDS
    if status in (Status.IN_TRANSIT, Status.DELIVERED):
        return _MOVING_FIELDS
    return _CLOSED_FIELDS


def tracking_number_may_change(current: Status, target: Status | None) -> bool:
    """Say whether an event may set the tracking number: on dispatch, or a checkpoint before the end."""
    return target is Status.IN_TRANSIT or (target is None and "tracking_number" in editable_fields(current))


# Filled in by the workflow's own moves (a dispatch event sets the tracking number): a file written
# at an earlier status leaves them blank, which does not mean "clear them".
FILLED_BY_MOVES = ("tracking_number",)


def lines_editable(status: Status) -> bool:
    """Say whether lines may be added, changed or removed in this status."""
    return status in EDITABLE


def partner_may_transition(direction: Direction, target: Status) -> bool:
    """Say whether a partner may post this transition on a shipment of theirs.

    Partners on the receiving side of an outbound shipment say that it arrived (delivered) and
    confirm its receipt; partners sending an inbound one report its dispatch (in_transit);
    nothing else.
    """
    if direction is Direction.OUTBOUND:
        return target in (Status.DELIVERED, Status.RECEIVED)
    return target is Status.IN_TRANSIT

