"""The shipment status workflow and who may move a shipment along it."""
from __future__ import annotations

from enum import StrEnum

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


def allowed_next(current: Status) -> tuple[Status, ...]:
    """Return the statuses a shipment may move to from ``current``."""
    return NEXT[current]


def check_transition(current: Status, target: Status) -> None:
    """Refuse a status change the workflow does not allow, naming the allowed ones."""
    if target in NEXT[current]:
        return
    allowed = ", ".join(NEXT[current]) or "none (it is final)"
    raise InvalidTransition(
        f"cannot move a shipment from {current} to {target}: allowed next statuses are {allowed}",
        {"status": [f"current status is {current}; allowed: {allowed}"]},
    )


def lines_editable(status: Status) -> bool:
    """Say whether lines may be added, changed or removed in this status."""
    return status in EDITABLE


def partner_may_transition(direction: Direction, target: Status) -> bool:
    """Say whether a partner may post this transition on a shipment of theirs.

    Partners confirm receipt of outbound shipments to them, and report dispatch
    (in_transit) of inbound shipments from them; nothing else.
    """
    return (direction is Direction.OUTBOUND and target is Status.RECEIVED) or (
        direction is Direction.INBOUND and target is Status.IN_TRANSIT
    )
