"""Who may do what: roles, the partner's view of shipments, and the moves an actor may make.

``moves_for(actor, shipment)`` is the one answer to "which statuses may this actor move this
shipment to now": the API's ``allowed_next``, the pages' status buttons and the event
service's permission check all ask it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from logistics.domain.roles import Role
from logistics.domain.workflow import Direction, Status, allowed_next, partner_may_transition


@dataclass(frozen=True)
class Actor:
    """The user behind a request, as plain values."""

    user_id: int | None
    role: Role
    organization_id: int | None = None
    email: str = ""

    @property
    def is_partner(self) -> bool:
        """Say whether this user sees only their own organisation's shipments."""
        return self.role is Role.PARTNER


SYSTEM = Actor(user_id=None, role=Role.ADMIN, email="system")

STAFF_ROLES = (Role.ADMIN, Role.MANAGER, Role.STAFF)
ALL_ROLES = (Role.ADMIN, Role.MANAGER, Role.STAFF, Role.PARTNER)
AUDIT_ROLES = (Role.ADMIN, Role.MANAGER)
REPORT_ROLES = (Role.ADMIN, Role.MANAGER)  # the printed flow report is a managers' summary


class Movable(Protocol):
    """What moves_for needs of a shipment: a stored row or a view will do."""

    @property
    def status(self) -> str:
        """The current status."""
        ...

    @property
    def direction(self) -> str:
        """Inbound or outbound."""
        ...


def may_move(actor: Actor, direction: Direction, target: Status) -> bool:
    """Say whether this actor may ever move a shipment of this direction to ``target``.

    Staff may make any move the workflow allows; a partner only the few of partner_may_transition.
    Whether the workflow allows the move now is the other half (see moves_for).
    """
    return _may_move(actor.is_partner, direction, target)


def _may_move(partner: bool, direction: Direction, target: Status) -> bool:
    return not partner or partner_may_transition(direction, target)


def moves_for(actor: Actor, shipment: Movable) -> tuple[Status, ...]:
    """Return the statuses this actor may move this shipment to now, in the workflow's order."""
    return moves_of(actor.is_partner, shipment.direction, shipment.status)


@cache  # a handful of answers (partner or not, two directions, six statuses), asked for every listed row
def moves_of(partner: bool, direction: str, status: str) -> tuple[Status, ...]:
    """Return the statuses a partner (or staff) may move a shipment of this direction and status to."""
    return tuple(target for target in allowed_next(Status(status))
                 if _may_move(partner, Direction(direction), target))


def may_record_checkpoint(actor: Actor) -> bool:
    """Say whether this actor may record a checkpoint (a location or note without a status)."""
    return not actor.is_partner
