"""`logistics serve` runs a real WSGI server that answers the demo's users over HTTP."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, token: str | None = None):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read()), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), error.headers


def _send(method: str, url: str, token: str, body: dict | None = None, headers: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_served_demo_answers_staff_partner_and_anonymous_callers(tmp_path):
    bindir = os.path.dirname(sys.executable)
    env = {k: v for k, v in os.environ.items() if k != "LOGISTICS_DATABASE_URL"}
    env["LOGISTICS_INSTANCE_PATH"] = str(tmp_path / "instance")
    demo = subprocess.run([os.path.join(bindir, "logistics"), "demo"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert demo.returncode == 0, demo.stderr
    credentials = dict(re.findall(r"(\S+@\S+)(?: \(.*\))?\n\s+password: \S+\n\s+token:\s+(\S+)",
                                  demo.stdout))
    port = _free_port()
    server = subprocess.Popen([os.path.join(bindir, "logistics"), "serve", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a loaded CI machine can take 20 s to import and start
        while time.monotonic() < deadline:
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        status, body, headers = _get(f"{base}/api/v1/shipments",
                                     credentials["staff@demo.logistics.example"])
        assert status == 200
        assert sorted(s["reference"] for s in body) == [
            "IN-2020-0001", "IN-2020-0002", "OUT-2020-0001", "OUT-2020-0002", "OUT-2020-0003"]
        assert headers["Server"] == "logistics"  # waitress with our ident, not Werkzeug's dev server
        status, body, _ = _get(f"{base}/api/v1/shipments",
                               credentials["partner.lodz@demo.logistics.example"])
        assert status == 200 and [s["reference"] for s in body] == ["OUT-2020-0002"]
        status, body, _ = _get(f"{base}/api/v1/shipments")
        assert status == 401 and "message" in body
        # The embedded default sends notifications from a thread of the server: it writes the event's
        # messages, and with no SMTP server keeps them in the outbox, none left pending (an admin
        # follows a shipment staff move on).
        admin, staff = credentials["admin@demo.logistics.example"], credentials["staff@demo.logistics.example"]
        assert _send("PUT", f"{base}/api/v1/shipments/OUT-2020-0002/follow", admin)[0] == 200
        version = _get(f"{base}/api/v1/shipments/OUT-2020-0002", staff)[2]["ETag"]
        assert _send("POST", f"{base}/api/v1/shipments/OUT-2020-0002/events", staff,
                     {"location": "Małaszewicze"}, {"If-Match": version})[0] == 201
        deadline = time.monotonic() + 30
        changed = f"{base}/api/v1/notifications?status=kept&kind=shipment_changed"
        pending = f"{base}/api/v1/notifications?status=pending"
        while (not _get(changed, admin)[1] or _get(pending, admin)[1]) and time.monotonic() < deadline:
            time.sleep(0.5)
        [told] = _get(changed, admin)[1]
        assert told["recipient"] == "admin@demo.logistics.example"
        assert _get(pending, admin)[1] == []
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output
    # No LOGISTICS_PUBLIC_URL here: the log says where tracking links point and how to change it.
    assert "no public URL is configured" in output and "LOGISTICS_PUBLIC_URL" in output
    assert "sending notifications from this process" in output
