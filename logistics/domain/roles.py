"""User roles."""
from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a user may do."""

    ADMIN = "admin"
    MANAGER = "manager"
    STAFF = "staff"
    PARTNER = "partner"
