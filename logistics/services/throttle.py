"""Sign-in throttling: counted atomically before the password is checked, and fair to the account's owner.

Three counters, each a row per key in ``login_throttle`` with a 15-minute window that starts at
its first attempt:

- an email at an address: 5 attempts;
- an address, whatever the email: 50 (an office behind one address is not locked out by one
  person's typing);
- an email from addresses other than the user's usual ones (any address the user opened a
  session from in the last 30 days): 20. An attacker spread over many addresses is stopped
  for that account, while its owner still signs in from their usual address.

An attempt takes one count from each counter that applies, in one transaction committed
before the password is checked: a single ``UPDATE ... SET attempts = attempts + 1 WHERE
attempts < limit RETURNING``, so of 40 simultaneous attempts at most 5 reach the password
check, on SQLite and PostgreSQL alike. If any counter is full the transaction is rolled back
(a refused attempt counts nowhere) and the attempt is refused. A successful sign-in clears
its email-at-address counter and gives back its counts on the others.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, delete, update

from logistics.domain.texts import EN_
from logistics.errors import Unauthenticated
from logistics.models import LoginThrottle
from logistics.models.types import UTCDateTime, utcnow
from logistics.unit_of_work import writing

WINDOW = timedelta(minutes=15)
USUAL_FOR = timedelta(days=30)
MAX_PER_EMAIL_AT_ADDRESS = 5
MAX_PER_ADDRESS = 50
MAX_PER_EMAIL_ELSEWHERE = 20


class Throttled(Unauthenticated):
    """Too many sign-in attempts for this email or from this address recently."""


@dataclass(frozen=True)
class Attempt:
    """The counts one sign-in attempt took: what to clear or give back when it succeeds."""

    email_at_address: str
    taken_back: tuple[str, ...]


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def begin_attempt(session: Session, email: str, address: str, usual_address: bool) -> Attempt:
    """Take a count for a sign-in attempt from each counter that applies, or raise Throttled."""
    pair = _key("pair", email, address)
    counters = [(pair, MAX_PER_EMAIL_AT_ADDRESS), (_key("address", address), MAX_PER_ADDRESS)]
    if not usual_address:
        counters.append((_key("email", email), MAX_PER_EMAIL_ELSEWHERE))
    now = utcnow()
    with writing(session):  # a full counter raises: the counts already taken are rolled back
        for key, limit in counters:  # always in this order, so two attempts never wait on each other
            if not _take(session, key, limit, now):
                raise Throttled(EN_("too many failed sign-ins: wait %(n)s minute and try again",
                                    "too many failed sign-ins: wait %(n)s minutes and try again",
                                    int(WINDOW.total_seconds() // 60)))
    return Attempt(pair, tuple(key for key, _ in counters[1:]))


def failed(session: Session) -> None:
    """Note a failed attempt (its counts stay taken); forget windows long past."""
    with writing(session):
        session.exec(delete(LoginThrottle).where(col(LoginThrottle.window_start) < utcnow() - 2 * WINDOW))


def succeeded(session: Session, attempt: Attempt) -> None:
    """Clear the email-at-address counter and give back the attempt's other counts."""
    with writing(session):
        session.exec(delete(LoginThrottle).where(col(LoginThrottle.key) == attempt.email_at_address))
        session.exec(update(LoginThrottle)
                     .where(col(LoginThrottle.key).in_(attempt.taken_back), col(LoginThrottle.attempts) > 0)
                     .values(attempts=col(LoginThrottle.attempts) - 1))


def _take(session: Session, key: str, limit: int, now: datetime) -> bool:
    """Count one attempt on a key unless its window is full: one atomic statement; say whether it counted."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(LoginThrottle).values(key=key, attempts=0, window_start=now)
                    .on_conflict_do_nothing(index_elements=["key"]))
    stale = col(LoginThrottle.window_start) < bindparam("since", now - WINDOW, type_=UTCDateTime)
    taken = session.execute(
        update(LoginThrottle)
        .where(col(LoginThrottle.key) == key, stale | (col(LoginThrottle.attempts) < limit))
        .values(attempts=case((stale, 1), else_=col(LoginThrottle.attempts) + 1),
                window_start=case((stale, bindparam("now", now, type_=UTCDateTime)),
                                  else_=col(LoginThrottle.window_start)))
        .returning(col(LoginThrottle.attempts))
    ).first()
    return taken is not None
