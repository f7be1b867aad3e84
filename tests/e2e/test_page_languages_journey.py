"""A Czech manager reads the flow report, the audit trail and the notification settings in Czech, in chromium."""
from __future__ import annotations

from tests.e2e.steps import MANAGER, expect_text, look


def test_a_czech_manager_reads_the_report_audit_and_settings_pages_in_czech(
        open_context, served, device, screenshots):
    page = open_context(locale="cs-CZ").new_page()  # the browser asks for Czech (Accept-Language: cs-CZ)
    page.goto(f"{served.base_url}/login")
    page.locator("input[name=email]").fill(MANAGER)
    page.locator("input[name=password]").fill(served.password(MANAGER))
    page.get_by_role("button", name="Přihlásit se").click()

    page.goto(f"{served.base_url}/reports")
    assert page.evaluate("() => document.documentElement.lang") == "cs"
    expect_text(page.locator("h1"), "Přehled toků")
    expect_text(page.locator("form.report-form"), "Seskupit podle", "Hrubá hmotnost v", "Zobrazit přehled")
    expect_text(page.locator("table.report thead"), "Směr", "Celkem", "Zásilky")
    look(page, screenshots, "manager-cs-flow-report", device)

    page.goto(f"{served.base_url}/audit?shipment=OUT-2020-0002")  # one shipment: the demo import is thousands of rows
    expect_text(page.locator("h1"), "Auditní záznam")
    expect_text(page.locator("ol.audit-actions"), "Změny řádků")
    look(page, screenshots, "manager-cs-audit", device)

    page.goto(f"{served.base_url}/settings/notifications")
    expect_text(page.locator("h1"), "Nastavení oznámení")
    expect_text(page.locator("form.settings"), "ihned", "Uložit nastavení")
    look(page, screenshots, "manager-cs-notification-settings", device)
    body = page.locator("main").inner_text()
    for english in ("Flow report", "Audit trail", "Notification settings", "immediately", "Save settings"):
        assert english not in body
