"""One page of a list, the one home of paging: which page is shown, its size, the total and the offset.

The API's lists (``page``/``page_size`` in, the X-Pagination header out), the shipments page, the
audit trail and its page all page through ``page_of``. A page past the end is answered in one of
two ways: the API gives it empty (its X-Pagination says where the list ends), the pages show the
last page instead (a person following an old link still sees rows).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")
PastEnd = Literal["empty", "last"]


@dataclass(frozen=True)
class Page(Generic[T]):
    """A page of a list: its number (from 1), its size, the number of rows in the whole list, its rows."""

    number: int
    size: int
    total: int
    items: Sequence[T] = field(default=())

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
            past_end: PastEnd = "last") -> Page:
    """Count a select's rows and return the requested page of them (ORM rows, as ``session.scalars``)."""
    total = session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    chosen: Page = Page.choose(requested, size, total, past_end)
    if chosen.past_end:  # no rows, and the offset may be more than SQL can take
        return chosen
    rows = list(session.scalars(query.offset(chosen.offset).limit(size)))
    return Page(chosen.number, size, total, rows)
