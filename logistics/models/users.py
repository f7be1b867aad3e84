"""Users, their roles, and the API tokens they authenticate with."""

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlmodel import Field, SQLModel

from logistics.domain.languages import sql_check
from logistics.domain.roles import Role  # noqa: F401  (re-exported)
from logistics.models.types import UTCDateTime, utcnow


class User(SQLModel, table=True):
    """A person who signs in; a partner belongs to one organisation."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'manager', 'staff', 'partner')", name="role"),
        CheckConstraint("role != 'partner' OR organization_id IS NOT NULL", name="partner_org"),
        CheckConstraint(sql_check("language"), name="language"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_type=String(254), unique=True)
    name: str | None = Field(default=None, sa_type=String(200))
    role: str = Field(sa_type=String(20))
    organization_id: int | None = Field(default=None, foreign_key="organizations.id", index=True)
    password_hash: str | None = Field(default=None, sa_type=String(300))
    active: bool = True
    # Pages and messages in this language; None: the organisation's, else the browser's (logistics/i18n.py).
    language: str | None = Field(default=None, sa_type=String(5))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ApiToken(SQLModel, table=True):
    """A bearer token; only its SHA-256 hash is stored, so a leaked database leaks no token."""

    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(sa_type=String(64), unique=True)
    prefix: str = Field(sa_type=String(12))
    label: str | None = Field(default=None, sa_type=String(100))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebSession(SQLModel, table=True):
    """A signed-in browser: its cookie names this row by a random id, stored here only as a SHA-256 hash.

    Checked on every request, so signing out (or a password change, or an admin's reset) ends it
    on the server: a copied cookie stops working. Ended and expired rows are kept a while, as the
    addresses a user usually signs in from (see services/throttle.py).
    """

    __tablename__ = "web_sessions"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    id_hash: str = Field(sa_type=String(64), unique=True)
    address: str = Field(sa_type=String(64))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginThrottle(SQLModel, table=True):
    """Sign-in attempts counted against one key (an email at an address, an address, an email) in a window.

    The key is a SHA-256 of what it counts, so mistyped emails (often a password typed into the
    email field) are not kept in clear. One row per key, counted with a single conditional UPDATE.
    """

    __tablename__ = "login_throttle"

    key: str = Field(sa_type=String(64), primary_key=True)
    attempts: int = 0
    window_start: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
