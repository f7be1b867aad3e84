"""Issue 14's journey end to end: a Polish receipt typed in chromium reaches the English sender by e-mail.

Real processes all the way: `logistics demo`, `logistics serve --no-worker` and `logistics
worker --once` in subprocesses on each backend (a SQLite file, a PostgreSQL database), the
pages in Debian's chromium, and a real SMTP server (aiosmtpd) that wants STARTTLS with a
certificate made by the test's CA (LOGISTICS_SMTP_CA_FILE) and a login. Staff (English) log 12
cartons of N95 masks (5,760 pieces) and 2.5 t of coveralls to Łódź and walk them to delivered;
the Łódź partner, whose browser asks for Polish, reads the receipt form in Polish, types
"5 760 szt." for the masks and "2,4 t" for the coveralls (damaged, with a note), and confirms.
Then the worker runs once: the staff user who logged the shipment gets "Goods received" in
English saying 5,760 pieces arrived and what the shortfall was and why, with the goods received
note attached; the partner was sent the manifest, printed in Polish, when the goods left.
"""
from __future__ import annotations

import io
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from tests.e2e.conftest import Served, parse_demo_credentials, serving
from tests.e2e.steps import PARTNER_LODZ, STAFF, dispatch_donation_to_lodz, expect_text, look, mark_delivered
from tests.notifications.conftest import certificate_authority, smtp_server  # noqa: F401 - fixtures

NBSP = "\u00a0"
LOGIN = ("mailer", "s3cret-mail-pass")


def _run(command: list[str], env: dict, timeout: float = 180) -> subprocess.CompletedProcess:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command[1:]} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture
def mailed_demo(own_database_url, smtp_server, certificate_authority, tmp_path):  # noqa: F811
    """Serve a fresh demo on this backend whose notifications go to a real SMTP server (STARTTLS, login).

    Return (served, mailbox, worker) where worker() runs `logistics worker --once` and returns its output.
    """
    mailbox, start = smtp_server
    url = start(login=LOGIN, tls="starttls").replace("smtp://", f"smtp://{LOGIN[0]}:{LOGIN[1]}@")
    ca_file = tmp_path / "smtp-ca.pem"
    certificate_authority.cert_pem.write_to_path(str(ca_file))
    command = Path(sys.executable).with_name("logistics")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOGISTICS_")}
    env.update(LOGISTICS_INSTANCE_PATH=str(tmp_path / "instance"), LOGISTICS_DATABASE_URL=own_database_url,
               LOGISTICS_SECRET_KEY=secrets.token_hex(32), LOGISTICS_SMTP_URL=url,
               LOGISTICS_SMTP_CA_FILE=str(ca_file), LOGISTICS_MAIL_FROM="logistics@zone.example")
    passwords = parse_demo_credentials(_run([str(command), "demo"], env).stdout)
    log_path = tmp_path / "serve.log"
    with serving(command, env, log_path, "--no-worker") as base_url:
        yield (Served(base_url, passwords), mailbox,
               lambda: _run([str(command), "worker", "--once"], env).stderr)
    output = log_path.read_text()
    assert "Traceback" not in output and LOGIN[1] not in output, output


@pytest.mark.parametrize("device", ["desktop"])
def test_a_polish_receipt_in_chromium_reaches_the_english_sender_by_email(
        open_context, signed_in, mailed_demo, device, screenshots, backend):
    served, mailbox, worker = mailed_demo
    staff = signed_in(served, STAFF)
    reference = dispatch_donation_to_lodz(staff, served, "PL-MAIL-1")
    mark_delivered(staff)

    page = open_context(extra_http_headers={"Accept-Language": "pl-PL,pl;q=0.9"}).new_page()
    page.goto(f"{served.base_url}/login")
    expect_text(page.locator("h1"), "Zaloguj się")  # signs in on the Polish page
    page.locator("input[name=email]").fill(PARTNER_LODZ)
    page.locator("input[name=password]").fill(served.password(PARTNER_LODZ))
    page.locator("main button[type=submit]").click()
    expect_text(page.locator("header .who"), "Wyloguj")
    page.goto(f"{served.base_url}/shipments/{reference}")
    assert page.locator("html").get_attribute("lang") == "pl"
    receipt = page.locator("form.receipt")
    expect_text(receipt, "Potwierdź przyjęcie")
    quantities = receipt.locator("input[name^='received-'][name$='-quantity']")
    quantities.nth(0).fill("5 760 szt.")
    quantities.nth(1).fill("2,4 t")
    receipt.locator("select[name^='received-'][name$='-reason']").nth(1).select_option("damaged")
    receipt.locator("input[name^='received-'][name$='-note']").nth(1).fill("4 kartony zgniecione")
    look(page, screenshots, "polish-receipt-mail", device)
    receipt.locator("button[type=submit]").last.click()
    page.wait_for_url(f"{served.base_url}/shipments/{reference}")
    expect_text(page.locator("main"), f"5{NBSP}760 sztuk")
    assert mailbox.received == []  # nothing is sent by the app itself: the worker sends

    said = worker()

    assert "sending to smtp://mailer@127.0.0.1" in said and LOGIN[1] not in said
    assert mailbox.logins and set(mailbox.logins) == {LOGIN[0]}
    to_staff = [message for recipients, message in mailbox.received if recipients == (STAFF,)]
    [received] = [message for message in to_staff if message["Subject"] == f"Goods received: {reference}"]
    assert received["Content-Language"] == "en" and received["To"] == STAFF
    text = received.get_body(preferencelist=("plain",)).get_content()
    assert f"Szpital Wojewódzki Łódź confirmed what arrived of shipment {reference}." in text
    assert "1 line differs from what was sent." in text
    assert "1. N95 respirator (PPE-N95): sent 12 carton, received 5,760 piece" in text
    assert ("2. Medical protective coverall (PPE-COV): sent 2.5 t, received 2.4 t "
            "(damaged: 4 kartony zgniecione)") in text
    html = received.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="en">' in html and "5,760 piece" in html and "damaged: 4 kartony zgniecione" in html
    [grn] = list(received.iter_attachments())
    assert grn.get_content_type() == "application/pdf"
    words = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(grn.get_content())).pages)
    # The goods received note prints in the consignee's document language (the demo's Łódź: Polish),
    # whoever it is sent to.
    assert reference in words and "Przyjęcie zewnętrzne (PZ)" in words and re.search(r"5\s760", words)

    # The partner was told of the dispatch with the manifest attached, printed in Polish (the demo's
    # Łódź prints its documents in Polish; its e-mails are in English, as it sets no language and an
    # e-mail cannot ask the browser).
    [dispatched] = [message for recipients, message in mailbox.received
                    if recipients == (PARTNER_LODZ,) and "is on its way to you" in message["Subject"]]
    [manifest] = list(dispatched.iter_attachments())
    words = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(manifest.get_content())).pages)
    assert reference in words and "Manifest ładunkowy" in words
