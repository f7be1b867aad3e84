"""The flow report, audit trail and notification pages in the reader's language (they were English only)."""
from __future__ import annotations

import re

import pytest

from tests.factories import ApiClient
from tests.web.pages import text_of

API = "/api/v1"
TAGS = {"cs": "cs", "pl": "pl", "zh": "zh-Hans"}
# Per page: the English words that must be gone, and per language a translation that must be there.
PAGES = {
    "/reports": (["Flow report", "Group by", "Show report", "Gross mass in", "Dated by", "Statuses",
                  "actual dispatch", "Lines", "Shipments", "Not weighed"],
                 {"cs": ["Seskupit podle", "Zobrazit přehled", "Hrubá hmotnost v", "skutečné odeslání"],
                  "pl": ["Grupuj według", "Pokaż raport", "Masa brutto w", "faktyczna wysyłka"],
                  "zh": ["分组依据", "显示报表", "毛重单位", "实际发出"]}),
    "/audit": (["Audit trail", "Row by row", "Download CSV", "newest first", "Row changes", "anyone",
                "system (command line, demo)", "moved ", "logged "],
               {"cs": ["Auditní záznam", "Po řádcích", "Změny řádků", "přesunuta ze stavu"],
                "pl": ["Dziennik audytu", "Wiersz po wierszu", "Zmiany wierszy", "przeniesiono"],
                "zh": ["审计记录", "逐行", "行更改", "由"]}),
    "/audit?view=rows": (["Audit trail", "As actions", "When (UTC)", "Values", "update shipments"],
                         {"cs": ["Po akcích", "Kdy (UTC)", "úprava zásilka"],
                          "pl": ["Jako działania", "Kiedy (UTC)", "zmiana przesyłka"],
                          "zh": ["按操作", "时间（UTC）", "修改 货运"]}),
    "/settings/notifications": (["Notification settings", "Save settings", "immediately", "in a daily digest",
                                 "A shipment I follow changes", "Tell me"],
                                {"cs": ["Nastavení oznámení", "Uložit nastavení", "ihned", "v denním souhrnu"],
                                 "pl": ["Ustawienia powiadomień", "Zapisz ustawienia", "natychmiast"],
                                 "zh": ["通知设置", "保存设置", "立即", "每日摘要中"]}),
    "/admin/notifications": (["Outbox", "Every notification written", "Written", "Attempts", "shipment confirmed",
                              "Filter"],
                             {"cs": ["Odchozí", "zásilka potvrzena", "Pokusy", "Filtrovat"],
                              "pl": ["Skrzynka nadawcza", "przesyłka potwierdzona", "Próby", "Filtruj"],
                              "zh": ["发件箱", "货运已确认", "尝试次数", "筛选"]}),
}


@pytest.fixture
def history(make):
    """A shipment to a partner whose contact is told, its carrier changed and confirmed by a staff user."""
    make.coverall()
    partner = make.org(name="Nemocnice Brno", country="CZ")
    make.user("partner", partner, email="sklad@nemocnice.example")
    _, token = make.user("staff", email="clerk@example.org")
    shipment = make.shipment(counterparty=partner, reference="OUT-2020-0101")
    staff = ApiClient(make.app, token)
    assert staff.patch(f"{API}/shipments/{shipment.id}", json={"carrier": "DHL"},
                       headers={"If-Match": '"1"'}).status_code == 200
    assert staff.post(f"{API}/shipments/{shipment.id}/events", json={"status": "confirmed"},
                      headers={"If-Match": '"2"'}).status_code == 201
    return shipment


def _page(browser, path: str, language: str) -> str:
    response = browser.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["cs", "pl", "zh"])
@pytest.mark.parametrize("path", list(PAGES))
def test_a_reader_sees_the_page_in_their_language_with_no_english_heading_left(
        signed_in, history, path, language):
    browser = signed_in("admin")
    html = _page(browser, path, language)
    english, local = PAGES[path]

    assert re.search(r'<html lang="([^"]+)"', html).group(1) == TAGS[language]
    text = text_of(html)
    assert [word for word in local[language] if word not in text] == []
    assert [word for word in english if word in text] == []


@pytest.mark.parametrize("path", list(PAGES))
def test_an_english_reader_keeps_the_english_pages(signed_in, history, path):
    text = text_of(_page(signed_in("admin"), path, "en"))

    english, _ = PAGES[path]
    assert [word for word in english if word not in text and word != "moved "] == []


def test_audit_sentences_are_said_in_czech_on_the_page_and_stay_english_in_the_api(make, signed_in, history):
    text = text_of(_page(signed_in("manager"), "/audit", "cs"))

    assert "OUT-2020-0101 přesunuta ze stavu koncept do stavu potvrzená" in text
    assert "změněno dopravce u OUT-2020-0101 z (prázdné) na “DHL”" in text
    _, token = make.user("manager")
    summaries = ApiClient(make.app, token).get(f"{API}/audit/actions", headers={"Accept-Language": "cs"})
    said = [sentence for action in summaries.get_json() for sentence in action["summary"]]
    assert "moved OUT-2020-0101 from draft to confirmed" in said


def test_the_flow_reports_keys_and_dates_are_in_the_readers_language(signed_in, make):
    make.coverall()
    make.shipment(reference="OUT-2020-0201", status="in_transit")
    html = _page(signed_in("manager"), "/reports?group_by=direction&group_by=kind&from=2020-01-01", "pl")
    text = text_of(html)

    assert "Według: kierunek, rodzaj" in text
    assert "wychodzące" in text or "wychodząca" in text or "wychodzący" in text  # outbound, as the pages say it
    assert "1 sty 2020" in text  # the date as Polish writes it


@pytest.mark.parametrize("language, reason", [("cs", "404 · Nenalezeno"), ("pl", "404 · Nie znaleziono"),
                                              ("zh", "404 · 未找到"), ("en", "404 · Not Found")])
def test_the_error_pages_heading_is_in_the_readers_language(signed_in, language, reason):
    response = signed_in("staff").get("/shipments/OUT-1999-0001", headers={"Accept-Language": language})

    assert response.status_code == 404
    assert reason in text_of(response.get_data(as_text=True))
