"""The audit page shows each action with its first few changes and links to all of them (paged)."""
from __future__ import annotations

import re

import pytest

from logistics.web.audit import PAGE_SIZE, SHOWN
from tests.audit.trail import API, expect
from tests.transfer.files import csv_bytes, row
from tests.transfer.test_transfer_api import upload
from tests.web.pages import text_of

SHIPMENTS = 20  # each imported shipment is several row changes: the import is one action of dozens


@pytest.fixture
def big_import(make):
    """Import SHIPMENTS shipments of two lines each as one action; return it as the API reads it."""
    make.coverall()
    make.mask()
    make.org(name="Bratislava Hospital", country="SK")
    rows = [row(reference=f"IMP-{n:04}", line_no=str(line), sku=sku)
            for n in range(1, SHIPMENTS + 1) for line, sku in ((1, "PPE-COV"), (2, "PPE-N95"))]
    staff, manager = make.api("staff"), make.api("manager")  # their users and tokens are actions too
    assert upload(staff, csv_bytes(rows)).status_code == 200
    action = expect(manager.get(f"{API}/audit/actions"), 200)[0]
    assert len(action["changes"]) > PAGE_SIZE  # so that its own list has more than one page
    return action


def _what(change: dict) -> str:
    return f"{change['action']} {change['entity'].replace('_', ' ')} #{change['entity_id']}"


def _action_items(html: str) -> list[str]:
    return re.findall(r'<li class="audit-action".*?</li>\s*(?=<li class="audit-action"|</ol>)', html, re.S)


def test_an_action_shows_its_first_changes_and_links_to_the_rest(signed_in, big_import):
    page = signed_in("manager").get("/audit")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    item = next(i for i in _action_items(html) if f'data-action="{big_import["key"]}"' in i)
    total = len(big_import["changes"])
    assert item.count('<td data-label="What">') == SHOWN
    shown = re.findall(r'<td data-label="What">([^<]*)</td>', item)
    assert shown == [_what(change) for change in big_import["changes"][:SHOWN]]
    assert item.count("<li>") == SHOWN  # the first sentences of what it did
    assert f"… and {len(big_import['summary']) - SHOWN} more" in text_of(item)
    assert f"Row changes ({total})" in text_of(item)
    link = re.search(r'<a href="([^"]+)">(\d+) more changes</a>', item)
    assert link and int(link.group(2)) == total - SHOWN
    assert link.group(1) == f"/audit?view=rows&amp;of={big_import['key']}"


def test_the_link_lists_every_change_of_that_action_paged(signed_in, make, big_import):
    make.shipment(reference="OUT-2020-0001")  # another action's changes are not listed
    browser = signed_in("manager")
    total = len(big_import["changes"])

    seen: list[str] = []
    for number in range(1, total // PAGE_SIZE + 2):
        page = browser.get(f"/audit?view=rows&of={big_import['key']}&page={number}")
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert f"{total} changes, newest first." in text_of(html)
        assert "Only the changes of one action." in text_of(html)
        seen += re.findall(r'<td data-label="What">([^<]*)</td>', html)

    assert len(seen) == total
    assert sorted(seen) == sorted(_what(change) for change in big_import["changes"])
    assert not any("OUT-2020-0001" in what for what in seen)
    # The other filters still apply, and the CSV is the same action's changes.
    lines = browser.get(f"/audit?view=rows&of={big_import['key']}&entity=shipment_lines").get_data(as_text=True)
    assert f"{2 * SHIPMENTS} changes, newest first." in text_of(lines)
    csv_text = browser.get(f"/audit.csv?of={big_import['key']}").get_data(as_text=True)
    assert len(csv_text.strip().splitlines()) == total + 1


@pytest.mark.parametrize("key", ["0" * 32, "not-an-action", "entry-99999999999999999999999", "entry-x", "A" * 300])
def test_a_key_naming_no_action_lists_nothing(signed_in, big_import, key):
    page = signed_in("manager").get("/audit", query_string={"view": "rows", "of": key})

    assert page.status_code == 200
    assert "No changes match." in text_of(page.get_data(as_text=True))


def test_an_entry_older_than_actions_is_an_action_of_its_own(signed_in, app, big_import):
    from datetime import UTC, datetime

    from logistics import db
    from logistics.models import AuditEntry

    table = AuditEntry.__table__  # type: ignore[attr-defined]
    with db.engine_of(app).begin() as connection:  # as recorded before actions were named
        old = connection.execute(table.insert().values(
            at=datetime(2020, 4, 1, tzinfo=UTC), actor_id=None, actor_email="system", action="update",
            entity="items", entity_id=4242, shipment_id=None, action_id=None,
            before='{"name": "A"}', after='{"name": "B"}')).inserted_primary_key[0]
    browser = signed_in("manager")

    html = browser.get(f"/audit?view=rows&of=entry-{old}").get_data(as_text=True)
    assert re.findall(r'<td data-label="What">([^<]*)</td>', html) == ["update items #4242"]
    listed = browser.get(f"/audit?of=entry-{old}").get_data(as_text=True)
    assert f'data-action="entry-{old}"' in listed and len(_action_items(listed)) == 1


@pytest.mark.parametrize("role", ["staff", "partner"])
def test_staff_and_partners_may_not_see_an_actions_changes(signed_in, big_import, role):
    browser = signed_in(role)

    assert browser.get(f"/audit?view=rows&of={big_import['key']}").status_code == 403
    assert browser.get(f"/audit.csv?of={big_import['key']}").status_code == 403


def test_the_more_link_is_said_in_czech(signed_in, big_import):
    html = signed_in("manager").get("/audit", headers={"Accept-Language": "cs"}).get_data(as_text=True)

    more = len(big_import["changes"]) - SHOWN
    assert f"ještě {more} změn" in text_of(html) or f"ještě {more} změny" in text_of(html)
    assert "… a ještě" in text_of(html)
    rows = signed_in("manager").get(f"/audit?view=rows&of={big_import['key']}", headers={"Accept-Language": "cs"})
    assert "Jen změny jedné akce." in text_of(rows.get_data(as_text=True))
