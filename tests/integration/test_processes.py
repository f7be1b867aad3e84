"""Two app processes on one PostgreSQL answer one user's alternating requests as one process does.

Real servers (`logistics serve`) on free ports, each with an instance folder of its own as if on
another host, sharing only the database and LOGISTICS_SECRET_KEY. One user's journey (page
sign-in, forms with CSRF tokens, versioned API writes with If-Match, the sign-in throttle,
sign-out) is sent to one process, then alternately to two, then to gunicorn's two workers; the
answers are the same every time.
"""
from __future__ import annotations

import http.cookiejar
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from logistics import db
from tests.conftest import BACKENDS, _throwaway_postgres, build_app
from tests.factories import Factories
from tests.web.pages import form_with_button, submission, text_of

SECRET = "one-key-for-every-process-" + "0123456789abcdef"
PASSWORD = "correct horse 1"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One user's browser (cookies kept) or API client, sending each request to the next server in turn."""

    def __init__(self, bases: list[str]):
        self.bases = itertools.cycle(bases)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())

    def send(self, method: str, path: str, data: bytes | None = None, headers: dict | None = None):
        """Send a request to the next server; return (status, headers, body text)."""
        request = urllib.request.Request(next(self.bases) + path, data=data, method=method,
                                         headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def submit(self, page: str, button: str, changes: dict | None = None, drop=(), at: str = ""):
        """Press a button on a page (read before at path ``at``): send its form to the next server."""
        form = form_with_button(page, button)
        body = urllib.parse.urlencode(list(submission(form, button, changes, drop).items(multi=True)))
        return self.send("POST", form.action or at, body.encode(),
                         {"Content-Type": "application/x-www-form-urlencoded"})

    def api(self, method: str, path: str, token: str, body: dict | None = None, version: str | None = None):
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        if version:
            headers["If-Match"] = version
        return self.send(method, f"/api/v1{path}", json.dumps(body).encode() if body else None, headers)


def _where(headers) -> str:
    return urllib.parse.urlsplit(headers.get("Location", "")).path


def journey(bases: list[str], people: dict) -> list[tuple]:
    """Walk one user's requests across ``bases`` in turn; return every answer, in a comparable form."""
    answers: list[tuple] = []
    reference = people["reference"]
    browser = Client(bases)
    status, _, page = browser.send("GET", "/login")
    status, headers, _ = browser.submit(page, "Sign in", {"email": people["email"], "password": PASSWORD},
                                        at="/login")
    answers.append(("page sign-in", status, _where(headers)))

    status, _, before = browser.send("GET", f"/shipments/{reference}")
    answers.append(("read the shipment page", status, "Confirm" in before))
    status, headers, _ = browser.submit(before, "Confirm")
    answers.append(("confirm with the form", status, _where(headers).replace(reference, "REF")))
    status, _, after = browser.send("GET", f"/shipments/{reference}")
    answers.append(("the flash and the new status", status, "Status is now confirmed." in text_of(after)))
    status, _, _ = browser.submit(before, "Confirm")
    answers.append(("the same form again, from the old version", status))
    status, _, _ = browser.submit(after, "Record checkpoint", {"location": "Dunajská Streda"},
                                  drop=("csrf_token",))
    answers.append(("a form without its CSRF token", status))

    api = Client(list(reversed(bases)))
    token = people["token"]
    status, headers, _ = api.api("GET", f"/shipments/{reference}", token)
    etag = headers["ETag"]
    answers.append(("API read", status, etag))
    status, headers, _ = api.api("POST", f"/shipments/{reference}/events", token,
                                 {"status": "in_transit", "tracking_number": "TRK1"}, etag)
    answers.append(("API write with If-Match", status, headers.get("ETag")))
    status, _, body = api.api("POST", f"/shipments/{reference}/events", token, {"location": "Brno"}, etag)
    answers.append(("API write from the stale version", status, json.loads(body).get("code")))
    status, _, _ = api.api("POST", f"/shipments/{reference}/events", token, {"location": "Brno"})
    answers.append(("API write naming no version", status))
    status, headers, body = api.api("GET", f"/shipments/{reference}", token)
    answers.append(("API read after", status, headers["ETag"], json.loads(body)["status"]))

    guesser = Client(bases)
    for attempt in range(5):
        _, _, page = guesser.send("GET", "/login")
        status, _, _ = guesser.submit(page, "Sign in", {"email": people["other"], "password": "guess"},
                                       at="/login")
        answers.append((f"wrong password {attempt + 1}", status))
    _, _, page = guesser.send("GET", "/login")
    status, _, page = guesser.submit(page, "Sign in", {"email": people["other"], "password": PASSWORD},
                                      at="/login")
    answers.append(("the right password after five failures", status, "too many failed" in text_of(page)))

    _, _, page = browser.send("GET", "/shipments")
    status, headers, _ = browser.submit(page, "Sign out")
    answers.append(("sign out", status, _where(headers)))
    status, headers, _ = browser.send("GET", "/shipments")
    answers.append(("a page after signing out", status, _where(headers)))
    return answers


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(url: str, folder: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """Start `logistics serve` on a free port with an instance folder of its own; return it and its base URL."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOGISTICS_")}
    env.update(LOGISTICS_DATABASE_URL=url, LOGISTICS_SECRET_KEY=SECRET, LOGISTICS_INSTANCE_PATH=str(folder))
    command = [os.path.join(os.path.dirname(sys.executable), "logistics"), "serve", "--port", str(port), *options]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                if response.status == 200:
                    return server, base
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    _stop(server)
    pytest.fail(f"the server did not start: {server.communicate()[0][-3000:]}")


def _stop(server: subprocess.Popen) -> str:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # gunicorn's workers too
    try:
        return server.communicate(timeout=60)[0]
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        return server.communicate()[0]


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A throw-away PostgreSQL database that only these servers use."""
    if "postgresql" not in BACKENDS:
        pytest.skip("LOGISTICS_TEST_BACKENDS leaves PostgreSQL out")
    from tests.conftest import POSTGRES_URL
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    try:
        admin = create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
        with admin.connect():
            pass
    except Exception as error:  # noqa: BLE001 - any failure to connect means "no server"
        from tests.ci import skip_or_fail

        skip_or_fail(f"PostgreSQL not reachable: {error}")
    try:
        yield from _throwaway_postgres(admin, "_procs")
    finally:
        admin.dispose()


@pytest.fixture(scope="module")
def people(database, tmp_path_factory):
    """Return a callable that makes one journey's staff user, a second user and a planned shipment."""
    app = build_app(database, tmp_path_factory.mktemp("factories"), SECRET_KEY=SECRET)
    make = Factories(app)
    make.coverall()
    counter = itertools.count(1)

    def make_people() -> dict:
        number = next(counter)
        user, token = make.user("staff", email=f"clerk{number}@example.org", password=PASSWORD)
        make.user("staff", email=f"colleague{number}@example.org", password=PASSWORD)
        shipment = make.shipment()
        return {"email": user.email, "token": token, "other": f"colleague{number}@example.org",
                "reference": shipment.reference}

    yield make_people
    db.engine_of(app).dispose()


def test_two_processes_answer_one_users_alternating_requests_as_one_process_does(database, people, tmp_path):
    first, first_base = _serve(database, tmp_path / "host-a")
    second, second_base = _serve(database, tmp_path / "host-b")
    try:
        alone = journey([first_base], people())
        alternating = journey([first_base, second_base], people())
        other_way = journey([second_base, first_base], people())
    finally:
        outputs = [_stop(first), _stop(second)]
    assert alone[0] == ("page sign-in", 302, "/shipments")  # the journey does what it says
    assert ("the same form again, from the old version", 409) in alone
    assert ("a form without its CSRF token", 400) in alone
    assert alone[-1] == ("a page after signing out", 302, "/login")
    assert alternating == alone
    assert other_way == alone
    assert not any("Traceback" in output for output in outputs), outputs
    assert not (tmp_path / "host-a" / "secret_key").exists()  # the key came from the environment


def test_gunicorn_workers_of_serve_processes_answer_as_one_process_does(database, people, tmp_path):
    alone_server, alone_base = _serve(database, tmp_path / "alone")
    try:
        alone = journey([alone_base], people())
    finally:
        _stop(alone_server)
    server, base = _serve(database, tmp_path / "workers", "--processes", "2", "--threads", "2")
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        assert len(children) == 2  # gunicorn's master and its two workers
        workers = journey([base], people())
    finally:
        output = _stop(server)
    assert workers == alone
    assert "Traceback" not in output, output
