"""When things happened: the rules for an event's actual time, and a shipment's actual dates.

An event has the moment it happened (``occurred_at``, given by the user, default now) and the
moment it was typed in (``recorded_at``, always now). Documents, reports and the dashboard use
the first; the audit trail keeps the second. A shipment's actual dispatch, delivery and receipt
are the occurred_at of its first event moving it to in_transit, delivered and received.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Protocol, TypeVar

from logistics.domain.texts import E_, Text, TextError
from logistics.domain.workflow import Status
from logistics.errors import Invalid

# Clocks differ a little between a user's device and the server: a moment this far ahead is "now".
CLOCK_SKEW = timedelta(minutes=5)
# An entry typed in more than this after it happened is marked on the history ("recorded 3 days later").
RECORDED_LATE_AFTER = timedelta(hours=24)
# The days a record may name: a departure, an arrival, an expiry, when an event happened (that one
# also no later than now). A day outside is a slip (0202 for 2020, 9999-12-31 for "no date"), never
# what physically happened; the API, the pages and the import all check it here. Filters of lists
# and reports are not records: they take any day.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)

# Which departure a period is taken by: the actual dispatch (dispatched_at) or the planned departure.
DATE_BASES = ("actual", "planned")

# The shipment column that keeps the actual date of reaching each of these statuses.
ACTUAL_DATES = {Status.IN_TRANSIT: "dispatched_at", Status.DELIVERED: "delivered_at",
                Status.RECEIVED: "received_at"}


def check_occurred_at(occurred_at: datetime, now: datetime, previous: datetime | None) -> None:
    """Refuse a moment in the future (beyond CLOCK_SKEW) or before the shipment's previous event."""
    if occurred_at.tzinfo is None:
        raise Invalid(E_("occurred_at: give the time with its UTC offset"),
                      {"occurred_at": [E_("give the time with its UTC offset, "
                                          "e.g. 2020-04-02T09:30:00+08:00")]})
    if not _in_window(occurred_at, now):
        message = E_("must lie between %(earliest)s and now, not in year %(year)s",
                     earliest=EARLIEST_DAY.isoformat(), year=occurred_at.year)
        raise Invalid(_not_recorded(message), {"occurred_at": [message]})
    if occurred_at > now + CLOCK_SKEW:
        message = E_("is in the future (%(moment)s, now is %(now)s): give when it actually happened",
                     moment=_utc(occurred_at), now=_utc(now))
        raise Invalid(_not_recorded(message), {"occurred_at": [message]})
    if previous is not None and occurred_at < previous:
        message = E_("is before the shipment's previous event (%(previous)s): give a time on or after it",
                     previous=_utc(previous))
        raise Invalid(_not_recorded(message), {"occurred_at": [message]})


def _in_window(moment: datetime, now: datetime) -> bool:
    """Say whether a moment lies on or after EARLIEST_DAY and not years ahead of now.

    The day is the moment's own, at the offset it was given with: 05:00 on 1 January 2000 in
    Cangzhou (+08:00) is on the first day, though it is still 31 December 1999 in UTC.
    """
    # The years first: comparing year 1 or 9999 with an offset overflows.
    return EARLIEST_DAY.year - 1 <= moment.year <= now.year + 1 and moment.date() >= EARLIEST_DAY


def check_day(day: date) -> Text | None:
    """Say why a day a record names is refused (outside EARLIEST_DAY..LATEST_DAY), or None if it is fine."""
    if EARLIEST_DAY <= day <= LATEST_DAY:
        return None
    return E_("%(day)s is not a date this tracker records: give a date from %(earliest)s to %(latest)s",
              day=day.isoformat(), earliest=EARLIEST_DAY.isoformat(), latest=LATEST_DAY.isoformat())


def window_text() -> str:
    """Describe the window in the OpenAPI document and hints: "from 2000-01-01 to 2100-12-31"."""
    return f"from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"


def _not_recorded(reason: Text) -> Text:
    return E_("the event was not recorded: occurred_at %(reason)s", reason=reason)


ACTUAL_FIELDS = tuple(ACTUAL_DATES.values())


_ISO_MOMENT = E_("give a moment as ISO 8601 with its UTC offset, e.g. 2020-04-02T09:30:00+08:00")


class MomentError(TextError, ValueError):
    """A moment that cannot be read; the message says what would be right."""


def parse_moment(text: str, now: datetime) -> datetime:
    """Read an ISO 8601 moment with its UTC offset, as exports write actual dates; ValueError says why."""
    if not isinstance(text, str) or len(text) > 40 or not text.isascii():
        raise MomentError(_ISO_MOMENT)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise MomentError(_ISO_MOMENT) from None
    if moment.tzinfo is None:
        raise MomentError(E_("give the time with its UTC offset, e.g. 2020-04-02T09:30:00+08:00"))
    if not _in_window(moment, now) or moment > now + CLOCK_SKEW:
        raise MomentError(E_("must lie between %(earliest)s and now", earliest=EARLIEST_DAY.isoformat()))
    return moment.astimezone(UTC)


class _Entry(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def recorded_at(self) -> datetime: ...


E = TypeVar("E", bound=_Entry)


def logging_apart(history: Sequence[E]) -> tuple[datetime | None, list[E]]:
    """Split a history into when the shipment was logged in the tracker and what happened to the goods.

    The "created" entry records when someone typed the shipment in, not anything that happened to
    the goods: a 2020 shipment logged today would otherwise open its history with today, above its
    2020 movements. Pages say it apart, as a record-keeping fact; documents leave it out.
    """
    logged = next((entry.recorded_at for entry in history if entry.kind == "created"), None)
    return logged, [entry for entry in history if entry.kind != "created"]


def recorded_delay(occurred_at: datetime, recorded_at: datetime) -> tuple[str, int] | None:
    """Say how much later an entry was recorded: ("years", 6); None within RECORDED_LATE_AFTER."""
    delay = recorded_at - occurred_at
    if delay <= RECORDED_LATE_AFTER:
        return None
    days = delay.days
    if days < 2:
        return "hours", int(delay.total_seconds() // 3600)
    if days < 60:
        return "days", days
    if days < 730:
        return "months", days // 30
    return "years", days // 365


def recorded_later(occurred_at: datetime, recorded_at: datetime) -> str | None:
    """Say in English (the API's words) how much later an entry was recorded: "recorded 3 days later"."""
    delay = recorded_delay(occurred_at, recorded_at)
    return None if delay is None else f"recorded {delay[1]} {delay[0]} later"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
