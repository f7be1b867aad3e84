"""The shipment list through the API: cursors, numbered pages, totals exact or estimated, what a row holds."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from logistics.services import pagination



@pytest.fixture
def catalogue(make):
    """The coverall (box = 25 piece) and the mask (box = 20 piece)."""
    return make.coverall(), make.mask()

@pytest.fixture
def listed(make, catalogue) -> list[str]:
    """Seven outbound shipments with two lines each (newest last) and one inbound."""
    org = make.org(name="Nitra Hospital")
    references = [make.shipment(counterparty=org, reference=f"OUT-2020-{n:04d}",
                                lines=(("PPE-COV", "100 piece"), ("PPE-N95", "2 box"))).reference
                  for n in range(1, 8)]
    make.shipment(counterparty=org, reference="IN-2020-0001", direction="inbound")
    return references


def _page(api, query: str):
    response = api.get(f"/api/v1/shipments?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [s["reference"] for s in response.get_json()], json.loads(response.headers["X-Pagination"])


def test_cursors_walk_the_list_newest_first_and_back_again(make, listed):
    api = make.api("staff")

    first, head1 = _page(api, "direction=outbound&page_size=3")
    second, head2 = _page(api, f"direction=outbound&page_size=3&cursor={head1['next_cursor']}")
    third, head3 = _page(api, f"direction=outbound&page_size=3&cursor={head2['next_cursor']}")
    back, _ = _page(api, f"direction=outbound&page_size=3&cursor={head3['previous_cursor']}")
    oldest, head_last = _page(api, f"direction=outbound&page_size=3&cursor={head1['last_cursor']}")

    assert first + second + third == listed[::-1]
    assert back == second and oldest == listed[2::-1]
    assert head1 == {"total": 7, "page_size": 3, "next_cursor": head1["next_cursor"],
                     "last_cursor": head1["last_cursor"], "total_pages": 3, "first_page": 1,
                     "last_page": 3, "page": 1, "next_page": 2}
    assert "previous_cursor" in head2 and "next_cursor" in head2 and "page" not in head2
    assert "next_cursor" not in head3 and "next_cursor" not in head_last


def test_numbered_pages_still_work_for_clients_that_send_page(make, listed):
    api = make.api("staff")

    second, header = _page(api, "direction=outbound&page=2&page_size=3")

    assert second == listed[3::-1][:3]
    assert header == {"total": 7, "total_pages": 3, "first_page": 1, "last_page": 3, "page": 2,
                      "previous_page": 1, "next_page": 3}


@pytest.mark.parametrize("query, field", [
    ("cursor=nonsense", "cursor"), ("cursor=" + "A" * 41, "cursor"),
    ("cursor=bGFzdA&page=2", "page"), ("include=lines", "include"),
])
def test_a_bad_cursor_or_include_is_a_422_naming_the_field(make, listed, query, field):
    response = make.api("staff").get(f"/api/v1/shipments?{query}")

    assert response.status_code == 422
    assert field in json.dumps(response.get_json()["errors"])


def test_a_list_row_has_the_line_count_and_totals_only_when_asked(make, listed):
    api = make.api("staff")

    plain = api.get("/api/v1/shipments?q=OUT-2020-0003").get_json()
    full = api.get("/api/v1/shipments?q=OUT-2020-0003&include=totals").get_json()
    one = api.get("/api/v1/shipments/OUT-2020-0003").get_json()

    assert [s["line_count"] for s in plain] == [2] and "totals" not in plain[0] and "lines" not in plain[0]
    assert full[0]["totals"] == one["totals"] and full[0]["line_count"] == 2


def test_above_the_exact_bound_the_total_is_estimated_and_said_so(make, listed, monkeypatch):
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 3)

    _, header = _page(make.api("staff"), "direction=outbound&page_size=2")
    _, statuses = _page(make.api("staff"), "status=draft&status=confirmed&q=OUT-2020&country=SK&page_size=2")
    _, small = _page(make.api("staff"), "direction=inbound&page_size=2")

    assert header["total_estimated"] is True and header["total"] >= 4
    assert statuses["total_estimated"] is True and statuses["total"] >= 4
    assert small == {"total": 1, "page_size": 2, "last_cursor": small["last_cursor"], "total_pages": 1,
                     "first_page": 1, "last_page": 1, "page": 1}


def _walk(api, query: str) -> list[tuple[list[str], dict]]:
    """Every page of a list forwards, then back from the last via previous cursors, then the oldest."""
    pages = [_page(api, query)]
    while "next_cursor" in pages[-1][1]:
        pages.append(_page(api, f"{query}&cursor={pages[-1][1]['next_cursor']}"))
    while "previous_cursor" in pages[-1][1] and len(pages) < 20:
        pages.append(_page(api, f"{query}&cursor={pages[-1][1]['previous_cursor']}"))
    return [*pages, _page(api, f"{query}&cursor={pages[0][1]['last_cursor']}")]


@pytest.mark.parametrize("query", ["direction=outbound&page_size=3", "q=OUT-2020-000&page_size=2",
                                   "q=OUT-2020-000&page_size=7", "q=OUT-2020-000&page_size=8",
                                   "q=OUT-2020&status=draft&page_size=1"])
def test_a_short_list_read_by_its_counted_keys_pages_as_the_filter_does(make, listed, monkeypatch, query):
    api = make.api("staff")

    by_keys = _walk(api, query)  # counted exactly: each page read by the keys the count listed
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 0)
    by_filter = _walk(api, query)  # estimated: each page read by the filter and the cursor

    assert [rows for rows, _ in by_keys] == [rows for rows, _ in by_filter]
    cursors = ("next_cursor", "previous_cursor", "last_cursor")
    assert [{name: head.get(name) for name in cursors} for _, head in by_keys] == \
        [{name: head.get(name) for name in cursors} for _, head in by_filter]
    forward = next(n for n, (_, head) in enumerate(by_keys) if "next_cursor" not in head)
    assert [reference for rows, _ in by_keys[:forward + 1] for reference in rows] == listed[::-1]


@pytest.mark.parametrize("q, found", [
    ("out-2020-000", 7), ("2020-0003", 1), ("1z99", 1), ("1Z999AA1", 1), ("a10", 1), ("ZZZ", 0),
    ("00", 8), ("%", 0), ('"', 0),
])
def test_q_finds_a_substring_of_the_reference_or_tracking_number_in_any_case(make, listed, q, found):
    make.shipment(reference="OUT-2021-0001", tracking_number="1Z999AA10123456784")

    references, header = _page(make.api("staff"), f"direction=outbound&page_size=100&q={quote(q)}")

    assert len(references) == header["total"] == found
    assert found != 1 or references in (["OUT-2020-0003"], ["OUT-2021-0001"])
