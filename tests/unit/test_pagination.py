"""Which page a list shows: number, size, total and offset, at the edges (no database)."""
from __future__ import annotations

import pytest

from logistics.services.pagination import Page


@pytest.mark.parametrize("requested, total, past_end, number, offset, pages", [
    (None, 120, "last", 1, 0, 3),       # no page asked for: the first
    (0, 120, "last", 1, 0, 3),          # below 1: the first
    (-4, 120, "empty", 1, 0, 3),
    (2, 120, "last", 2, 50, 3),
    (3, 120, "last", 3, 100, 3),        # the last page, partly filled
    (4, 120, "last", 3, 100, 3),        # past the end on a page: the last one
    (4, 120, "empty", 4, 150, 3),       # past the end in the API: an empty page 4
    (2, 100, "last", 2, 50, 2),         # an exact multiple has no empty page after it
    (3, 100, "last", 2, 50, 2),
    (1, 0, "last", 1, 0, 1),            # an empty list has one, empty, page
    (7, 0, "last", 1, 0, 1),
    (10**30, 120, "last", 3, 100, 3),   # a huge number is not an error
])
def test_the_page_shown_follows_the_requested_number_within_the_list(requested, total, past_end, number,
                                                                      offset, pages):
    page = Page.choose(requested, 50, total, past_end)

    assert (page.number, page.size, page.total, page.offset, page.pages) == (number, 50, total, offset, pages)


@pytest.mark.parametrize("number, total, past_end", [(1, 0, True), (1, 1, False), (3, 100, True),
                                                     (3, 101, False), (10**30, 5, True)])
def test_a_page_is_past_the_end_when_no_row_comes_at_its_offset(number, total, past_end):
    assert Page.choose(number, 50, total, "empty").past_end is past_end


@pytest.mark.parametrize("size", [0, -10])
def test_a_page_of_no_rows_is_refused(size):
    with pytest.raises(ValueError, match="at least one row"):
        Page.choose(1, size, 10)
