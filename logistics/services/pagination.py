"""One page of a list, the one home of paging: keyset pages (cursors), numbered pages and totals.

Long lists (shipments) page by keyset: ``keyset_page`` reads the rows after (or before) the key of
a cursor, newest first, so a deep page costs what the first one does. Numbered pages
(``page``/``page_size``, OFFSET) stay for the short lists and for clients that send ``page``:
``page_of``. A numbered page past the end is answered in one of two ways: the API gives it
empty (its X-Pagination says where the list ends), the pages show the last page instead.

Totals (``total_of``) are exact up to ``EXACT_UP_TO`` rows, counted with a LIMIT; above that they
are estimated and marked so: PostgreSQL's planner estimate of the filtered query, on SQLite the
density of matches among the newest keys scaled to the whole key range.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Generic, Literal, TypeVar

from sqlalchemy import ColumnElement, Select, String, cast, func, select
from sqlalchemy.orm import Session

from logistics.domain.texts import E_
from logistics.errors import Invalid

T = TypeVar("T")
PastEnd = Literal["empty", "last"]


EXACT_UP_TO = 1000  # a total up to this is counted exactly (LIMIT EXACT_UP_TO + 1); above, estimated


@dataclass(frozen=True)
class Total:
    """How many rows a list has: exact, or an estimate (said so wherever it is shown)."""

    count: int
    estimated: bool = False


@dataclass(frozen=True)
class Page(Generic[T]):
    """A page of a list: its number (from 1), its size, the number of rows in the whole list, its rows."""

    number: int
    size: int
    total: int
    items: Sequence[T] = field(default=())
    estimated: bool = False  # the total (and so the number of pages) is an estimate

    @classmethod
    def choose(cls, requested: int | None, size: int, total: int, past_end: PastEnd = "last") -> Page[T]:
        """Return the page to show for a requested number (missing or below 1: the first), without rows."""
        if size < 1:
            raise ValueError(f"a page holds at least one row, not {size}")
        number = max(1, requested or 1)
        if past_end == "last":
            number = min(number, max(1, -(-total // size)))
        return cls(number, size, total)

    @property
    def pages(self) -> int:
        """Return how many pages the list has (an empty list has one, empty page)."""
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        """Return how many rows come before this page."""
        return (self.number - 1) * self.size

    @property
    def past_end(self) -> bool:
        """Say whether the page starts after the last row (so it has none)."""
        return self.offset >= self.total


def page_of(session: Session, query: Select, requested: int | None, size: int,
            past_end: PastEnd = "last", key: ColumnElement[int] | None = None,
            rows_of: Select | None = None) -> Page:
    """Count a select's rows and return the requested page of them (ORM rows, as ``session.scalars``).

    With a ``key`` (an integer column the list is ordered by) the total is bounded (``total_of``);
    without, it is counted exactly (short lists). ``rows_of`` as in ``keyset_page``.
    """
    if key is None:
        total = Total(session.execute(
            select(func.count()).select_from(query.order_by(None).subquery())).scalar_one())
    else:
        total = total_of(session, query, key)
    # An estimated end is not trusted: the page is read, and is empty if the list is shorter.
    chosen: Page = Page.choose(requested, size, total.count, "empty" if total.estimated else past_end)
    if chosen.number > 10**9 or (chosen.past_end and not total.estimated):
        return Page(chosen.number, size, total.count, (), total.estimated)  # no rows (nor a huge offset)
    page = (rows_of if rows_of is not None else query).offset(chosen.offset).limit(size)
    rows = list(session.connection().execute(page) if rows_of is not None else session.scalars(page))
    return Page(chosen.number, size, total.count, rows, total.estimated)


def total_of(session: Session, query: Select, key: ColumnElement[int],
             exact_up_to: int | None = None) -> Total:
    """Return a select's number of rows: counted up to ``exact_up_to`` (EXACT_UP_TO), estimated above."""
    return _counted(session, query, key, EXACT_UP_TO if exact_up_to is None else exact_up_to, False)[0]


def _counted(session: Session, query: Select, key: ColumnElement[int], exact_up_to: int,
             listing: bool = True) -> tuple[Total, list[int] | None]:
    """Return a select's total and, when it is exact and ``listing``, every key it matches (newest first).

    The keys come in the same statement as the count (as one text, cheaper to read than 1,000
    rows), so that a short list's page is read by its keys instead of running the list's filter
    a second time (a substring search costs its trigram index scan twice otherwise).
    """
    newest = (query.order_by(None).with_only_columns(key.label("key"))
              .order_by(key.desc()).limit(exact_up_to + 1).subquery())
    listed = (func.group_concat(newest.c.key) if session.get_bind().dialect.name == "sqlite"
              else func.string_agg(cast(newest.c.key, String), ","))
    counted, low, high, *keys = session.execute(select(
        func.count(), func.min(newest.c.key), func.max(newest.c.key), *([listed] if listing else []))).one()
    if counted <= exact_up_to:
        if not listing:
            return Total(counted), None
        return Total(counted), sorted(map(int, keys[0].split(",")), reverse=True) if keys[0] else []
    if session.get_bind().dialect.name == "postgresql":
        estimate = _planner_estimate(session, query.order_by(None).with_only_columns(key))
    else:
        # The newest matches span keys low..high; assume the same density over every key there is.
        # Two subqueries: SQLite reads min() or max() alone from the index, both together by a scan.
        first, last = session.execute(select(select(func.min(key)).scalar_subquery(),
                                             select(func.max(key)).scalar_subquery())).one()
        estimate = round(counted * (last - first + 1) / (high - low + 1))
    return Total(max(counted, estimate), estimated=True), None


def _planner_estimate(session: Session, query: Select) -> int:
    """Return PostgreSQL's estimate of a select's rows (EXPLAIN; nothing is run)."""
    compiled = query.compile(dialect=session.get_bind().dialect,
                             compile_kwargs={"render_postcompile": True})  # IN (...) spelt out
    plan = session.connection().exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}",
                                                compiled.params).scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


# --- keyset pages ----------------------------------------------------------------------------

_CURSOR = re.compile(r"^(after|before):(\d{1,18})$|^(last)$")
BAD_CURSOR = E_("not a cursor this list gave out: follow next_cursor or previous_cursor from the list's "
                "X-Pagination (or its page links), or leave it out for the newest")


@dataclass(frozen=True)
class Cursor:
    """Where a keyset page starts: after a key (older rows), before one (newer), or the oldest page."""

    direction: Literal["after", "before", "last"]
    key: int = 0

    def encode(self) -> str:
        """Return the opaque text clients send back (base64url, no padding)."""
        text = "last" if self.direction == "last" else f"{self.direction}:{self.key}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Read a cursor a client sent back; raise Invalid (422) for anything else."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raw = ""
        match = _CURSOR.match(raw) if len(text) <= 40 else None
        if not match:
            raise Invalid(E_("the cursor is not one this list gave out"), {"cursor": [BAD_CURSOR]})
        if match.group(3):
            return cls("last")
        return cls(match.group(1), int(match.group(2)))  # type: ignore[arg-type]


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    """A page of a list ordered by a key, newest first: its rows, the total, cursors either side."""

    items: Sequence[T]
    size: int
    total: Total
    next: Cursor | None = None      # older rows follow
    previous: Cursor | None = None  # newer rows come before

    @property
    def newest(self) -> bool:
        """Say whether this is the first page (nothing newer)."""
        return self.previous is None


def keyset_page(session: Session, query: Select, key: ColumnElement[int], cursor: Cursor | None,
                size: int, count: bool = True, rows_of: Select | None = None,
                ascending: bool = False, rows_by_key: Select | None = None) -> KeysetPage:
    """Return the page of a select at a cursor (None: the first), by ``key`` descending (or ``ascending``).

    One row more than the page is read to know whether another page follows; the page after a
    cursor's row always has a previous one (the row the cursor was taken from came before it).
    ``rows_of``, when given, is the same select with the columns to read (plain rows with a ``key``
    column, read as Core rows: cheaper than ORM objects); ``query`` is then only counted.
    Descending is newest first (shipments); ascending is oldest first (a shipment's packages, in
    the order they were packed): "after" a key is always further down the list, "before" further up.
    ``rows_by_key`` is ``rows_of`` without the list's filters (only what the reader may see): a
    short list's page, whose keys its count listed, is read from it by those keys, so a costly
    filter (a full-text search on SQLite, which would run again inside ``IN``) runs once.
    """
    if size < 1:
        raise ValueError(f"a page holds at least one row, not {size}")
    total, known = _counted(session, query, key, EXACT_UP_TO) if count else (Total(0, estimated=True), None)
    base = (rows_of if rows_of is not None else query).order_by(None)
    # Plain rows are read on the connection: the ORM's result machinery would only wrap them again.
    read = session.connection().execute if rows_of is not None else session.scalars

    def below(this, value):  # further down the list than a key (a column or a known key)
        return this > value if ascending else this < value

    def fetch(query: Select, descending: bool, keep: Callable[[int], bool]) -> tuple[list, bool]:
        """Read the next rows in order and whether more follow; a short list's by the keys its count listed.

        A listed row gone by the time it is read (deleted, or moved out of the reader's shipments)
        leaves the page short, but the rows after it are still said to follow.
        """
        order = key.desc() if descending else key.asc()
        if known is None:
            rows = list(read(query.order_by(order).limit(size + 1)))
            return rows[:size], len(rows) > size
        window = [k for k in (known if descending else reversed(known)) if keep(k)][:size + 1]
        by_key = rows_by_key.order_by(None) if rows_by_key is not None else query
        rows = list(read(by_key.where(key.in_(window[:size])).order_by(order))) if window else []
        return rows, len(window) > size

    if cursor is None or cursor.direction == "after":
        query = base.where(below(key, cursor.key)) if cursor is not None else base
        rows, more = fetch(query, not ascending, lambda k: cursor is None or below(k, cursor.key))
        if cursor is not None and not rows:  # past the end: the way back includes the cursor's row
            return KeysetPage(rows, size, total,
                              previous=Cursor("before", cursor.key + (1 if ascending else -1)))
        keys = _ends(rows, key)
        return KeysetPage(rows, size, total,
                          next=Cursor("after", keys[-1]) if more else None,
                          previous=Cursor("before", keys[0]) if cursor is not None else None)
    query = base.where(below(cursor.key, key)) if cursor.direction == "before" else base
    rows, more = fetch(query, ascending, lambda k: cursor.direction == "last" or below(cursor.key, k))
    if cursor.direction == "before" and not more:  # nothing further up: the first page
        return replace(keyset_page(session, base, key, None, size, count=False,
                                   rows_of=base if rows_of is not None else None, ascending=ascending),
                       total=total)
    rows = rows[::-1]
    keys = _ends(rows, key)
    return KeysetPage(rows, size, total,
                      next=Cursor("after", keys[-1]) if cursor.direction == "before" and rows else None,
                      previous=Cursor("before", keys[0]) if more else None)


def _ends(rows: list, key: ColumnElement[int]) -> list[int]:
    """Return the keys of a page's first and last rows (none for no rows): all its cursors need."""
    return [_key_of(rows[0], key), _key_of(rows[-1], key)] if rows else []


def _key_of(row, key: ColumnElement[int]) -> int:
    return getattr(row, str(key.key))
