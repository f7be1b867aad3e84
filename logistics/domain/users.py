"""The commands that create and change users and issue their API tokens."""
from __future__ import annotations

from dataclasses import dataclass, field

from logistics.domain.roles import Role


@dataclass(frozen=True)
class CreateUser:
    """A new user: a partner belongs to an organisation, other roles do not."""

    email: str
    role: Role
    name: str | None = None
    organization_id: int | None = None
    language: str | None = None  # one of domain.languages.LANGUAGES; None: the organisation's
    # None: the user signs in with API tokens only. Never shown: commands end up in logs and tracebacks.
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class UpdateUser:
    """A change to a user: only the fields named in ``given`` change; deactivating revokes their tokens."""

    given: frozenset[str]
    name: str | None = None
    role: Role | None = None
    organization_id: int | None = None
    active: bool | None = None
    password: str | None = field(default=None, repr=False)
    language: str | None = None


@dataclass(frozen=True)
class IssueToken:
    """A new API token for a user, with a label saying what it is for."""

    label: str | None = None


@dataclass(frozen=True)
class SignedOut:
    """What a change to a user ended: their page sessions and API tokens (both 0 for most changes)."""

    sessions_ended: int = 0
    tokens_revoked: int = 0
