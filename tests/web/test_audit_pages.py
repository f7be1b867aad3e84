"""The audit trail page: managers and admins only, filters, pages, values before and after, CSV."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone
from html import unescape

import pytest

from tests.factories import ApiClient
from tests.web.pages import table_rows, form_with_button, submission, text_of

API = "/api/v1"
ROWS = "/audit?view=rows"  # the trail row by row (/audit itself lists user actions: tests/audit/test_actions.py)


def _html(response) -> str:
    return response.get_data(as_text=True)


def _rows(response) -> list[list[str]]:
    """Return the trail's rows as [when, who, what, shipment, values]."""
    return table_rows(_html(response), 'class="list audit')


def _what(response) -> list[str]:
    return [row[2] for row in _rows(response)]


def _link(response, text: str) -> str | None:
    for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', _html(response), re.S):
        if text_of(label) == text:
            return unescape(href)
    return None


def _filter(browser, page, **changes):
    """Fill in the filters and press Filter."""
    form = form_with_button(_html(page), "Filter")
    return browser.get("/audit", query_string=submission(form, "Filter", changes))


@pytest.fixture
def story(make):
    """Two shipments; a staff user changes the first one's carrier to DHL and confirms it."""
    make.coverall()
    staff_user, token = make.user("staff", email="clerk@example.org")
    first, second = make.shipment(reference="OUT-2020-0101"), make.shipment(reference="OUT-2020-0102")
    staff = ApiClient(make.app, token)
    assert staff.patch(f"{API}/shipments/{first.id}", json={"carrier": "DHL <b>Express</b>"},
                       headers={"If-Match": '"1"'}).status_code == 200
    assert staff.post(f"{API}/shipments/{first.id}/events", json={"status": "confirmed"},
                      headers={"If-Match": '"2"'}).status_code == 201
    return {"first": first, "second": second, "staff": staff_user}


@pytest.mark.parametrize("path", ["/audit", "/audit.csv", "/audit?shipment=OUT-2020-0101"])
@pytest.mark.parametrize("role", ["staff", "partner"])
def test_staff_and_partners_may_not_open_the_audit_trail(signed_in, story, role, path):
    response = signed_in(role).get(path)
    assert response.status_code == 403
    assert "may not open this page" in text_of(_html(response))
    assert "DHL" not in _html(response)


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_see_every_change_newest_first_with_values_before_and_after(
        signed_in, story, role):
    page = signed_in(role).get(ROWS)
    assert page.status_code == 200
    rows = _rows(page)
    moments = [row[0] for row in rows]
    assert moments == sorted(moments, reverse=True)
    first = story["first"]
    update = next(row for row in rows if row[2] == f"update shipments #{first.id}" and "carrier" in row[4])
    assert update[1] == "clerk@example.org"
    assert update[3] == "OUT-2020-0101"
    assert "carrier — → DHL <b>Express</b>" in update[4]  # user text shown as text, not markup
    assert "<b>Express</b>" not in _html(page)
    created = next(row for row in rows if row[2] == f"create shipments #{first.id}")
    assert created[1] == "system" and "reference OUT-2020-0101" in created[4]
    assert "tracking_token ***" in created[4]  # secrets stay masked
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", update[0])


def test_the_filters_narrow_the_trail_by_record_action_person_shipment_and_day(signed_in, story):
    browser = signed_in("manager")
    page = browser.get(ROWS)
    first, second, staff = story["first"], story["second"], story["staff"]

    updates = _filter(browser, page, entity="shipments", action="update")
    assert _what(updates) == [f"update shipments #{first.id}"] * 2

    by_clerk = _filter(browser, page, actor=str(staff.id))
    assert sorted(re.sub(r" #\d+$", "", what) for what in _what(by_clerk)) == [
        "create shipment events", "update shipments", "update shipments"]
    assert {row[1] for row in _rows(by_clerk)} == {"clerk@example.org"}

    by_system = _filter(browser, page, actor="system")
    assert {row[1] for row in _rows(by_system)} == {"system"}
    assert f"create shipments #{second.id}" in _what(by_system)

    one = _filter(browser, page, shipment="out-2020-0102")
    assert {row[3] for row in _rows(one)} == {"OUT-2020-0102"}
    assert f"create shipments #{second.id}" in _what(one)

    today = datetime.now(timezone.utc).date()
    assert len(_rows(_filter(browser, page, **{"from": today.isoformat(), "to": today.isoformat()}))) == \
        len(_rows(page))
    yesterday = (today - timedelta(days=1)).isoformat()
    assert _rows(_filter(browser, page, to=yesterday)) == [["No changes match."]]
    form = form_with_button(_html(one), "Filter")  # the form keeps the filters
    assert form.value("shipment") == "out-2020-0102"


def test_the_shipment_page_links_managers_to_its_history_of_changes(signed_in, story):
    manager = signed_in("manager")
    detail = manager.get("/shipments/OUT-2020-0101")
    href = _link(detail, "History of changes")
    assert href == "/audit?shipment=OUT-2020-0101"
    history = manager.get(href + "&view=rows")
    assert {row[3] for row in _rows(history)} == {"OUT-2020-0101"}
    assert {"shipments", "shipment lines", "shipment events"} == {
        re.sub(r"^\w+ (.*) #\d+$", r"\1", what) for what in _what(history)}
    assert _link(signed_in("staff").get("/shipments/OUT-2020-0101"), "History of changes") is None


BAD = {
    "unknown record": ({"entity": "warehouses"}, "entity"),
    "unknown action": ({"action": "erase"}, "action"),
    "not a person": ({"actor": "someone"}, "actor_id"),
    "not a day": ({"from": "yesterday"}, "from"),
    "too long a reference": ({"shipment": "X" * 41}, "shipment"),
}


@pytest.mark.parametrize("query, field", BAD.values(), ids=BAD.keys())
def test_a_wrong_filter_gets_a_clear_message_never_a_server_error(signed_in, story, query, field):
    page = signed_in("manager").get("/audit", query_string={**query, "view": "rows"})
    assert page.status_code == 422
    text = text_of(_html(page))
    assert "please correct the fields marked below" in text and f"{field} :" in text
    assert _rows(page) == [["No changes match."]]
    response = signed_in("admin").get("/audit.csv", query_string=query)
    assert response.status_code == 422 and response.mimetype == "text/html"


def test_the_trail_comes_in_pages_of_fifty(signed_in, make, story):
    for _ in range(12):
        make.shipment(lines=[("PPE-COV", f"{n} piece") for n in range(1, 4)])
    browser = signed_in("manager")
    lines = browser.get(ROWS + "&entity=shipment_lines")
    assert "38 changes, newest first" in text_of(_html(lines))  # 12 × 3 lines and the story's two
    everything = browser.get(ROWS)
    total = int(re.search(r"([\d,]+) changes, newest first", text_of(_html(everything))).group(1).replace(",", ""))
    assert total > 50
    assert len(_rows(everything)) == 50
    assert f"Page 1 of {-(-total // 50)}" in text_of(_html(everything))
    older = browser.get(_link(everything, "Older →"))
    assert len(_rows(older)) == min(50, total - 50)
    assert _rows(older)[0][0] <= _rows(everything)[-1][0]
    seen = {tuple(row) for row in _rows(everything)}
    assert not seen & {tuple(row) for row in _rows(older)}
    assert _link(older, "← Newer")
    assert len(_rows(browser.get(ROWS + "&page=999"))) == total - 50 * (-(-total // 50) - 1)  # the last page


def _csv(response) -> list[dict]:
    assert response.status_code == 200, _html(response)
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="audit.csv"'
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_link_downloads_the_filtered_trail_through_the_session(signed_in, make, story):
    browser = signed_in("manager")
    page = _filter(browser, browser.get("/audit"), shipment="OUT-2020-0101", action="update")
    href = _link(page, "Download CSV")
    assert href.startswith("/audit.csv?")
    rows = _csv(browser.get(href))
    assert [f'{row["action"]} {row["entity"]}' for row in rows] == ["update shipments"] * 2
    assert {row["shipment_id"] for row in rows} == {str(story["first"].id)}
    manager = make.api("manager")
    api = manager.get(f"{API}/audit.csv?shipment=OUT-2020-0101&action=update")
    assert rows == list(csv.DictReader(io.StringIO(api.get_data(as_text=True))))
    everything = _csv(browser.get(_link(browser.get("/audit"), "Download CSV")))
    assert len(everything) > len(rows)
