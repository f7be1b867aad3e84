"""A shipment logged in the tracker long after its goods moved: its history opens with the goods'
first movement, and the day it was logged is said apart, as a record-keeping fact."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.web.pages import text_of

APRIL = {"confirmed": datetime(2020, 3, 30, 8, tzinfo=UTC), "in_transit": datetime(2020, 4, 2, 1, 30, tzinfo=UTC),
         "delivered": datetime(2020, 4, 4, 15, tzinfo=UTC)}


@pytest.fixture
def logged_today(make):
    make.coverall()
    return make.shipment(reference="OUT-2020-0401", status="delivered", dates=APRIL)


def _page(browser, path: str, language: str = "en") -> str:
    response = browser.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def _timeline(html: str) -> str:
    return text_of(re.search(r'<ol class="timeline">.*?</ol>', html, re.S).group(0))


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def test_the_history_opens_with_the_goods_first_movement_and_says_the_logging_apart(logged_today, signed_in):
    html = _page(signed_in("staff"), "/shipments/OUT-2020-0401")
    timeline = _timeline(html)
    assert timeline.startswith("2020-03-30 08:00 UTC confirmed"), timeline
    assert "created" not in timeline and _today() not in timeline
    logged = text_of(re.search(r'<p class="logged[^"]*">.*?</p>', html, re.S).group(0))
    assert logged.startswith(f"Logged in the tracker on {_today()} "), logged
    assert "not a movement of the goods" in logged


def test_the_public_tracking_page_says_the_logging_apart_too(logged_today, signed_in, browser):
    staff_page = _page(signed_in("staff"), "/shipments/OUT-2020-0401")
    link = re.search(r'href="(/track/[^"]+)"', staff_page).group(1)
    html = _page(browser, link)
    timeline = _timeline(html)
    assert timeline.startswith("2020-03-30 08:00 UTC confirmed"), timeline
    assert "registered" not in timeline and _today() not in timeline
    assert f"Logged in the tracker on {_today()}" in text_of(html)


def test_a_draft_says_nothing_has_moved_yet(make, signed_in):
    make.coverall()
    make.shipment(reference="OUT-2020-0402")
    html = _page(signed_in("staff"), "/shipments/OUT-2020-0402")
    text = text_of(html)
    assert "No movement of the goods recorded yet." in text
    assert f"Logged in the tracker on {_today()}" in text


@pytest.mark.parametrize("language, logged", [
    ("cs", "Zaevidováno v systému"), ("sk", "Zaevidované v systéme"), ("pl", "Zarejestrowano w systemie"),
    ("hr", "Evidentirano u sustavu"), ("zh", "录入系统"),
])
def test_the_logging_is_said_in_the_readers_language(logged_today, signed_in, language, logged):
    text = text_of(_page(signed_in("staff"), "/shipments/OUT-2020-0401", language))
    assert logged in text and "Logged in the tracker" not in text
