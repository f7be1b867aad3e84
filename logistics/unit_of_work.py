"""The unit of work: one write transaction for one actor, committed or rolled back whole (no Flask).

Every service that writes runs its changes inside ``writing(session, actor)``. A unit opened
while another runs on the same session joins it instead of committing early, so a caller can
run two services in one transaction::

    with writing(session, actor):
        organizations.create_organization(session, actor, new_partner)
        items.create_item(session, actor, new_item)   # refused: the partner is not kept either

db.py (the Flask glue) hands out the sessions; the audit trail reads the unit's actor with
``actor_of``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from uuid import uuid4

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from logistics.domain.access import SYSTEM, Actor

# The execution option that makes the engine open the transaction with BEGIN IMMEDIATE on SQLite
# (db.make_engine reads it): a write takes the lock up front instead of failing half way.
WRITE_OPTION = "logistics_write"
_UNIT = "logistics_unit"  # session.info key: the unit of work running on that session


@dataclass
class _Unit:
    """The unit running on a session: who it writes for, and whether a joined part of it failed."""

    actor: Actor | None
    failed: bool = False
    # Names the user action in the audit trail: every change this unit writes is one action.
    action_id: str = field(default_factory=lambda: uuid4().hex)
    # What to raise when an UPDATE guarded by a version matched no row (see on_stale_version).
    stale: list[Callable[[Session], Exception | None]] = field(default_factory=list)


class UnitFailed(RuntimeError):
    """A part of this unit of work failed and its error was caught: nothing of the unit is committed."""


def actor_of(session: Session) -> Actor | None:
    """Return who the unit running on a session writes for (None: the system, or no unit)."""
    unit = session.info.get(_UNIT)
    return unit.actor if unit else None


def action_of(session: Session) -> str | None:
    """Return the id of the user action the unit running on a session writes (None: no unit)."""
    unit = session.info.get(_UNIT)
    return unit.action_id if unit else None


def on_stale_version(session: Session, error: Callable[[Session], Exception | None]) -> None:
    """Say what the running unit raises if a version it claimed was taken meanwhile.

    The claimed row's UPDATE names the version it expects; when another writer got there first
    it matches nothing and SQLAlchemy raises StaleDataError at flush. The unit then rolls back
    and raises the first ``error(session)`` that is not None instead (a domain error, such as a
    409's StaleVersion; None says this claim still holds).
    """
    unit = session.info.get(_UNIT)
    if unit is None:
        raise RuntimeError("a version is claimed only inside a unit of work")
    unit.stale.append(error)


def in_unit(session: Session) -> bool:
    """Say whether a unit of work is running on this session."""
    return _UNIT in session.info


@contextmanager
def writing(session: Session, actor: Actor | None = None) -> Iterator[Session]:
    """Run a unit of work that writes for ``actor`` (None: the system): commit it, or roll it back on error.

    Inside a running unit this joins it: the outer unit commits once at its end, and any error
    in a joined part rolls the whole unit back, even if the caller caught that error.
    """
    outer = session.info.get(_UNIT)
    if outer is not None:
        with _joined(outer, actor):
            yield session
        return
    if session.in_transaction():
        # End the read-only transaction that earlier reads began, so the write starts with its lock.
        session.commit()
    session.connection(execution_options={WRITE_OPTION: True})
    unit = session.info[_UNIT] = _Unit(actor)
    try:
        yield session
        if unit.failed:
            raise UnitFailed("a part of this unit of work failed: nothing was written")
        session.commit()
    except StaleDataError:
        session.rollback()
        for stale in unit.stale:
            if (error := stale(session)) is not None:
                raise error from None
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        del session.info[_UNIT]


@contextmanager
def _joined(unit: _Unit, actor: Actor | None) -> Iterator[None]:
    """Run part of a unit; the audit trail names one actor per unit, so the part must write for it."""
    if (actor or SYSTEM) != (unit.actor or SYSTEM):
        raise ValueError(f"a unit of work for {_who(actor)} cannot join one for {_who(unit.actor)}")
    try:
        yield
    except BaseException:
        unit.failed = True
        raise


def _who(actor: Actor | None) -> str:
    return (actor.email or f"user {actor.user_id}") if actor else "the system"
