"""Who may do what: roles and the partner's view of shipments."""
from __future__ import annotations

from dataclasses import dataclass

from logistics.domain.roles import Role


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
