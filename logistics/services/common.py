"""Small helpers the use cases share: look-ups that 404, saving a change, integrity errors as conflicts."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Literal, Protocol, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel

from logistics.domain.inputs import MAX_ID as MAX_ID  # re-exported: services and schemas import it here
from logistics.domain.texts import E_, Text
from logistics.errors import Conflict, NotFound
from logistics.models.types import utcnow

T = TypeVar("T", bound=SQLModel)
What = Literal["user", "token", "organisation", "notification", "item"]  # what get_or_404 names


def stored_id(row_id: int | None) -> int:
    """Return the id of a stored row (SQLModel types ids as optional: None only before the first flush)."""
    if row_id is None:
        raise ValueError("the row has no id: it was never flushed")
    return row_id


def get_or_none(session: Session, model: type[T], key: int) -> T | None:
    """Return a row by primary key, or None (without asking the database about impossible ids)."""
    return session.get(model, key) if 0 < key <= MAX_ID else None


def get_or_404(session: Session, model: type[T], key: int, what: What) -> T:
    """Return a row by primary key, or raise NotFound naming what was missing."""
    row = get_or_none(session, model, key)
    if row is None:
        raise NotFound(not_found(what, key))
    return row


def not_found(what: What, key: int) -> Text:
    """Say that the ``what`` (user, token, organisation, notification, item) with id ``key`` is not there."""
    said = {"user": lambda: E_("user %(id)s not found", id=key),
            "token": lambda: E_("token %(id)s not found", id=key),
            "organisation": lambda: E_("organisation %(id)s not found", id=key),
            "notification": lambda: E_("notification %(id)s not found", id=key),
            "item": lambda: E_("item %(id)s not found", id=key)}
    return said[what]()


def changes_pending(session: OrmSession) -> bool:
    """Say whether the session holds a change the next flush would write.

    An attribute set to the value it had is no change (SQLAlchemy compares them), so a write
    that sets nothing new can keep its row's updated_at and leave the audit trail alone.
    """
    return bool(session.new or session.deleted) or any(
        session.is_modified(row) for row in session.dirty)


class Stamped(Protocol):
    """A row that says when it was last changed."""

    updated_at: datetime


def save_changes(session: OrmSession, row: Stamped, field: str, message: Text) -> None:
    """Flush a row's changes stamped with updated_at, a duplicate ``field`` refused with ``message``.

    When nothing changed, nothing is written: updated_at and the audit trail stay as they are.
    """
    if not changes_pending(session):
        return
    row.updated_at = utcnow()
    with unique(field, message):
        session.flush()


@contextmanager
def unique(field: str, message: Text) -> Iterator[None]:
    """Turn a unique-constraint violation at flush into a Conflict on ``field``."""
    try:
        yield
    except IntegrityError as error:
        if "unique" in str(error.orig).lower() or "duplicate" in str(error.orig).lower():
            raise Conflict(message, {field: [message]}) from None
        raise
