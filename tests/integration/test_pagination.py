"""Paging through a real query: the rows of each page, the total, and pages past the end."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from logistics.models import Organization
from logistics.services.pagination import page_of


@pytest.fixture
def partners(make) -> list[str]:
    """Seven organisations, named so that their order is known."""
    return [make.org(name=f"Partner {letter}").name for letter in "ABCDEFG"]


def _names(page) -> list[str]:
    return [org.name for org in page.items]


def test_pages_cut_an_ordered_query_into_consecutive_slices(session, partners):
    query = select(Organization).order_by(Organization.name)

    pages = [page_of(session, query, number, 3) for number in (1, 2, 3)]

    assert [_names(page) for page in pages] == [partners[0:3], partners[3:6], partners[6:7]]
    assert {(page.total, page.pages) for page in pages} == {(7, 3)}


def test_a_page_past_the_end_is_the_last_or_empty_as_asked(session, partners):
    query = select(Organization).order_by(Organization.name)

    last = page_of(session, query, 9, 3)
    empty = page_of(session, query, 9, 3, past_end="empty")

    assert (last.number, _names(last)) == (3, partners[6:])
    assert (empty.number, empty.total, list(empty.items)) == (9, 7, [])


def test_the_total_counts_the_filtered_query_not_the_table(session, partners):
    query = select(Organization).where(Organization.name >= "Partner E").order_by(Organization.name)

    page = page_of(session, query, 1, 2)

    assert (page.total, page.pages, _names(page)) == (3, 2, partners[4:6])


def test_the_api_sends_the_total_and_pages_in_x_pagination_and_an_empty_page_past_the_end(make, partners):
    api = make.api("staff")

    second = api.get("/api/v1/organizations?page=2&page_size=3")
    beyond = api.get("/api/v1/organizations?page=4&page_size=3")

    assert [org["name"] for org in second.get_json()] == partners[3:6]
    assert json.loads(second.headers["X-Pagination"]) == {
        "total": 7, "total_pages": 3, "first_page": 1, "last_page": 3, "page": 2,
        "previous_page": 1, "next_page": 3}
    assert beyond.get_json() == []
    assert json.loads(beyond.headers["X-Pagination"])["total"] == 7
