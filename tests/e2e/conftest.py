"""Fixtures for the browser journeys: a real server with the demo loaded, and Debian's chromium.

The server is `logistics serve` (waitress) in a subprocess on a free port of 127.0.0.1, with a
throw-away instance folder (SQLite). The browser is the system chromium driven by Playwright's
sync API (no `playwright install`, no browser download). Without chromium or Playwright the
journeys are skipped on a developer machine and fail in CI (CI=true), where they must run.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ci import skip_or_fail
from tests.e2e.steps import DEMO_DOMAIN, sign_in

SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
VIEWPORTS = {
    "desktop": dict(viewport={"width": 1280, "height": 900}),
    "phone": dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                  device_scale_factor=2),
}


def _missing(reason: str):
    """Skip on a developer machine, fail in CI: the browser tests must run there."""
    skip_or_fail(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Served:
    """The running demo: where it answers, and the passwords `logistics demo` printed."""

    base_url: str
    passwords: dict[str, str]

    def password(self, email: str) -> str:
        return self.passwords[email]


def parse_demo_credentials(output: str) -> dict[str, str]:
    """Read `email -> password` from the output of `logistics demo`."""
    found = dict(re.findall(r"^\s+\w+\s+(\S+@\S+)(?: \(.*\))?\n\s+password: (\S+)$", output, re.MULTILINE))
    return {email: password for email, password in found.items() if not password.startswith("(")}


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """Load the demo, serve it with `logistics serve` on a free port, stop the server at the end."""
    command = Path(sys.executable).with_name("logistics")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOGISTICS_")}
    folder = tmp_path_factory.mktemp("e2e")
    env["LOGISTICS_INSTANCE_PATH"] = str(folder / "instance")
    demo = subprocess.run([str(command), "demo"], env=env, capture_output=True, text=True, timeout=120)
    assert demo.returncode == 0, demo.stderr
    passwords = parse_demo_credentials(demo.stdout)
    for role in ("staff", "manager", "partner.lodz"):
        assert f"{role}@{DEMO_DOMAIN}" in passwords, demo.stdout
    log_path = folder / "serve.log"
    with serving(command, env, log_path) as base_url:
        yield Served(base_url, passwords)
    output = log_path.read_text()
    assert "Traceback" not in output, output


@contextlib.contextmanager
def serving(command: Path, env: dict, log_path: Path, *options: str) -> Iterator[str]:
    """Run `logistics serve` on a free port until it answers /healthz; yield its address, stop it after.

    Its output goes to ``log_path`` (a file, not a pipe: a full pipe would stall the server).
    """
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        server = subprocess.Popen([str(command), "serve", "--port", str(port), *options], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while True:
                if server.poll() is not None:
                    pytest.fail(f"`logistics serve` exited early:\n{log_path.read_text()}")
                try:
                    with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                        if response.status == 200:
                            break
                except (OSError, urllib.error.URLError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"`logistics serve` did not answer {base_url}/healthz within 30 s")
                time.sleep(0.1)
            yield base_url
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's chromium once for the session (headless)."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        _missing(f"Playwright for Python is not installed: {error}")
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        _missing(f"no chromium browser found (looked for `chromium` on PATH and {executable})")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            _missing(f"chromium at {executable} would not start: {error}")
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def device(request) -> str:
    """Run a journey on a desktop-sized and on a phone-sized window."""
    return request.param


@pytest.fixture
def open_context(browser, device):
    """Open a fresh browser context (its own cookies) at this test's window size; close them after."""
    contexts = []

    def open_(**extra):
        context = browser.new_context(**VIEWPORTS[device], accept_downloads=True, **extra)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def signed_in(open_context):
    """Return signed_in(served, email, ...): a page of a fresh browser context, signed in through /login.

    Any screenshots and device go to sign_in (a screenshot of the filled form), other keywords to
    the browser context.
    """

    def open_signed_in(served, email: str, screenshots: Path | None = None, device: str = "", **context):
        page = open_context(**context).new_page()
        sign_in(page, served, email, screenshots, device)
        return page

    return open_signed_in


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
