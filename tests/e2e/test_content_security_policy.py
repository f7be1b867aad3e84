"""Every page satisfies the Content-Security-Policy in a real browser, and the pages still work.

Each role (anonymous, partner, staff, manager, admin) opens every page the app routes (listed
from its url_map, path parameters filled from the demo), a few forms sent with mistakes, error
pages and the public tracking page. The browser reports every blocked script, style or other
load as a `securitypolicyviolation` event and a console error; there must be none. A probe page
with inline code under the same policy shows that a violation would be caught.
"""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import VIEWPORTS
from tests.e2e.steps import DEMO_DOMAIN, log_donation_to_lodz

ROLES = {"anonymous": None, "partner": f"partner.lodz@{DEMO_DOMAIN}", "staff": f"staff@{DEMO_DOMAIN}",
         "manager": f"manager@{DEMO_DOMAIN}", "admin": f"admin@{DEMO_DOMAIN}"}
LODZ_SHIPMENT = "OUT-2020-0002"  # the demo's donation to Łódź, which its partner may see
# Files are no pages: an attachment's bytes, and an outbox message's HTML part shown as a mail program would.
DOWNLOAD = re.compile(r"\.(csv|pdf|xlsx)$|^/attachments/|^/admin/notifications/.*/html$")
# Reports every violation on the console, where the test collects them (an init script is not
# subject to the page's policy).
LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
                + ` at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def page_rules() -> list[str]:
    """Return the rule of every page the app serves to a browser with GET (not the API, files or static)."""
    from logistics import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://", "AUTO_MIGRATE": False})
    rules = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.rule.startswith(("/api/", "/static/")) \
                or rule.endpoint == "healthz" or DOWNLOAD.search(rule.rule):
            continue
        rules.append(rule.rule)
    return sorted(rules)


class Watched:
    """A browser tab whose console errors, page errors and CSP violations are collected."""

    def __init__(self, context, base_url: str):
        self.base_url = base_url
        self.page = context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _console(self, message) -> None:
        text = message.text
        if "CSP violation" in text or "Content Security Policy" in text or \
                (message.type == "error" and "favicon.ico" not in (message.location or {}).get("url", "")
                 and "Failed to load resource" not in text):
            self.problems.append(f"{self.page.url}: {text}")

    def open(self, path: str):
        """Open a path; return the response."""
        response = self.page.goto(f"{self.base_url}{path}")
        self.page.wait_for_load_state("load")
        return response

    def settle(self) -> None:
        """Give the browser a moment to deliver pending violation reports (they are queued as tasks)."""
        self.page.evaluate("() => new Promise((done) => setTimeout(done, 50))")


@pytest.fixture(scope="module")
def tracking_path(served, browser) -> str:
    """Return the public tracking path of a demo shipment, read from its page as staff."""
    context = browser.new_context(**VIEWPORTS["desktop"])
    try:
        tab = Watched(context, served.base_url)
        _sign_in(tab, served, ROLES["staff"])
        tab.open(f"/shipments/{LODZ_SHIPMENT}")
        return tab.page.locator("a[href^='/track/']").first.get_attribute("href")
    finally:
        context.close()


@pytest.fixture
def tab(served, browser):
    """Return a fresh, watched tab of its own context (cookies); it is closed after the test."""
    context = browser.new_context(**VIEWPORTS["desktop"])
    context.add_init_script(LISTEN)
    context.set_default_timeout(15_000)
    yield Watched(context, served.base_url)
    context.close()


def _sign_in(tab: Watched, served, email: str) -> None:
    tab.open("/login")
    tab.page.locator("input[name=email]").fill(email)
    tab.page.locator("input[name=password]").fill(served.password(email))
    tab.page.get_by_role("button", name="Sign in").click()
    tab.page.locator("header .who").wait_for()


def _fill(rule: str, tracking: str) -> str:
    """Return a path for a rule with its parameters taken from the demo."""
    if "<token>" in rule:
        return tracking
    # An outbox message that may not exist still renders a page (404 or the message) under the policy.
    return rule.replace("<key>", LODZ_SHIPMENT).replace("<int:notification_id>", "1")


def test_the_pages_are_listed_from_the_url_map():
    rules = page_rules()

    for expected in ("/", "/login", "/dashboard", "/reports", "/shipments", "/shipments/<key>",
                     "/shipments/<key>/edit", "/shipments/import", "/track/<token>", "/audit"):
        assert expected in rules
    assert all(set(re.findall(r"<([^>]+)>", rule)) <= {"key", "token", "int:notification_id"}
               for rule in rules), rules


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_for_every_role_loads_without_a_policy_violation(served, tab, tracking_path, role):
    if ROLES[role]:
        _sign_in(tab, served, ROLES[role])
    extra = ["/no-such-page", "/shipments/OUT-2099-0001", "/reports?group_by=direction,country",
             "/reports?group_by=direction,kind,country,item&period=quarter", "/shipments?status=received",
             "/audit?shipment=" + LODZ_SHIPMENT, "/login?next=/dashboard"]
    statuses = {}
    for path in [_fill(rule, tracking_path) for rule in page_rules()] + extra:
        response = tab.open(path)
        statuses[path] = response.status if response else None
        # Every page, however it answers (200, a redirect to sign-in, 403, 404), links our stylesheet.
        assert tab.page.locator("link[rel=stylesheet]").count() == 1, path
        tab.settle()
    assert tab.problems == [], tab.problems
    assert statuses[tracking_path] == 200
    if role in ("staff", "manager", "admin"):
        assert statuses["/dashboard"] == 200 and statuses["/shipments/import"] == 200, statuses


def test_forms_sent_with_mistakes_show_their_errors_without_a_policy_violation(served, tab):
    page = tab.page
    tab.open("/login")
    page.locator("input[name=email]").fill(ROLES["staff"])
    page.locator("input[name=password]").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    page.locator("p.problem").wait_for()

    _sign_in(tab, served, ROLES["staff"])
    tab.open("/shipments/new")
    page.get_by_label("Quantity of line 1").fill("12 parsecs")
    page.get_by_role("button", name="Log shipment").click()
    page.locator(".error, .problem").first.wait_for()

    tab.open("/shipments/import")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": b"reference,direction\nX,sideways\n"}])
    page.locator("input[name=dry_run]").check()
    page.get_by_role("button", name="Import").click()
    page.locator("p.problem").first.wait_for()

    tab.open("/items")
    page.get_by_role("button", name="Add item").click()  # browser-side `required` may stop it: fine
    tab.settle()
    assert tab.problems == [], tab.problems


def test_check_quantity_and_the_cancel_confirmation_still_work(served, tab):
    page = tab.page
    _sign_in(tab, served, ROLES["staff"])
    # The demo's shipments have all moved past the statuses that take lines: log a draft of our own.
    tab.open("/shipments")
    reference = log_donation_to_lodz(page, served)
    tab.open(f"/shipments/{reference}")

    # "Check quantity" echoes what the server understood, writing nothing.
    page.locator("form.add-line select[name=sku]").select_option(index=1)
    page.locator("form.add-line input[name=quantity]").fill("2 box")
    page.get_by_role("button", name="Check quantity").click()
    understood = page.locator("p.understood")
    understood.wait_for()
    assert "Understood: 2 box" in understood.inner_text()

    # app.js (our one script, loaded under the policy) asks before a shipment is cancelled.
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_role("button", name="Cancel shipment").click()
    assert asked == ["Cancel shipment?"]
    tab.open(f"/shipments/{reference}")
    assert "cancelled" not in page.locator("h1").inner_text()
    tab.settle()
    assert tab.problems == [], tab.problems


def test_the_dashboard_chart_and_the_stylesheet_apply_under_the_policy(served, tab):
    page = tab.page
    _sign_in(tab, served, ROLES["manager"])
    tab.open("/dashboard")

    bars = page.locator("figure.chart svg rect")
    assert bars.count() > 0
    box = bars.first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    # The bars take their colour from app.css (an SVG rect is black without it).
    fill = bars.first.evaluate("(rect) => getComputedStyle(rect).fill")
    assert fill not in ("rgb(0, 0, 0)", "", "none"), fill
    tab.settle()
    assert tab.problems == [], tab.problems


def test_inline_code_under_the_policy_would_be_reported(served, tab):
    """The watch is real: a page with inline script, handler and style under our policy is caught."""
    import urllib.request

    with urllib.request.urlopen(f"{served.base_url}/login") as response:
        policy = response.headers["Content-Security-Policy"]
    probe = (b'<!doctype html><html><head><style>p{color:red}</style></head><body>'
             b'<p style="color:blue" onclick="void 0">x</p><script>document.title="ran"</script>'
             b'</body></html>')
    tab.page.route(f"{served.base_url}/csp-probe", lambda route: route.fulfill(
        status=200, body=probe, headers={"Content-Type": "text/html", "Content-Security-Policy": policy}))

    tab.open("/csp-probe")
    tab.settle()

    assert tab.page.title() != "ran"
    reported = " ".join(tab.problems)
    assert "script-src" in reported and "style-src" in reported, tab.problems
