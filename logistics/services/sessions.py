"""Page sessions kept on the server: started at sign-in, checked on every request, ended for good.

The browser holds a random 256-bit id (in Flask's signed cookie); the database holds its SHA-256
hash, the user, the address it was opened from, when it was opened and last used, when it
expires at the latest, and when it was ended. A session works while it is not ended, not past
its absolute expiry and was used within the idle timeout. Ending is a write on the server, so
a copy of the cookie stops working with it.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select, update

from logistics.models import User, WebSession
from logistics.models.types import utcnow
from logistics.unit_of_work import writing

TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often: not a write per request
KEPT_FOR = timedelta(days=30)       # ended and expired rows kept as the addresses a user signs in from


@dataclass(frozen=True)
class Lifetime:
    """How long a session lasts: unused (idle) and at most (absolute), from the configuration."""

    idle: timedelta
    maximum: timedelta


def hash_session_id(raw: str) -> str:
    """Return the stored form of a session id (256 random bits: a plain hash suffices)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def start_session(session: Session, user_id: int, address: str, lifetime: Lifetime) -> str:
    """Open a session for a user who just signed in; return its raw id (for the cookie only)."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    with writing(session):
        session.add(WebSession(user_id=user_id, id_hash=hash_session_id(raw), address=address[:64],
                               created_at=now, last_seen_at=now, expires_at=now + lifetime.maximum))
        session.exec(delete(WebSession).where(col(WebSession.expires_at) < now - KEPT_FOR))
    return raw


def session_user(session: Session, raw: str, lifetime: Lifetime) -> User | None:
    """Return the active user of a live session, noting that it was used; None if it is not live."""
    if len(raw) > 100:
        return None
    now = utcnow()
    found = session.exec(
        select(WebSession, User).join(User, col(User.id) == WebSession.user_id).where(
            WebSession.id_hash == hash_session_id(raw), col(WebSession.ended_at).is_(None),
            col(WebSession.expires_at) > now, col(WebSession.last_seen_at) > now - lifetime.idle,
            col(User.active).is_(True))
    ).first()
    if found is None:
        return None
    web_session, user = found
    if now - web_session.last_seen_at >= TOUCH_EVERY:
        with writing(session):
            session.exec(update(WebSession).where(col(WebSession.id) == web_session.id)
                         .values(last_seen_at=now))
    return user


def end_session(session: Session, raw: str) -> None:
    """End one session (signing out): its id never works again."""
    with writing(session):
        session.exec(update(WebSession).where(col(WebSession.id_hash) == hash_session_id(raw),
                                              col(WebSession.ended_at).is_(None))
                     .values(ended_at=utcnow()))


def end_all_sessions(session: Session, user_id: int) -> int:
    """End every live session of a user, inside the caller's unit of work; return how many."""
    now = utcnow()
    result = session.exec(update(WebSession).where(
        col(WebSession.user_id) == user_id, col(WebSession.ended_at).is_(None),
        col(WebSession.expires_at) > now).values(ended_at=now))
    return result.rowcount


def sign_out_everywhere(session: Session, user_id: int) -> int:
    """End every live session of a user (their own request, or an admin's); return how many."""
    with writing(session):
        return end_all_sessions(session, user_id)


def signed_in_from(session: Session, user_id: int, address: str, since: datetime) -> bool:
    """Say whether a user opened a session from this address since a time (ended ones count)."""
    return session.exec(select(WebSession.id).where(
        WebSession.user_id == user_id, WebSession.address == address[:64],
        col(WebSession.created_at) >= since).limit(1)).first() is not None
