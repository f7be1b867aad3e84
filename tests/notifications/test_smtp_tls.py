"""SMTP over TLS with a login: STARTTLS and smtps against a real server with a certificate made here.

The server is aiosmtpd in this process, its certificate issued by a CA that trustme makes for
the test session; the worker trusts that CA only when LOGISTICS_SMTP_CA_FILE names it. The
settings go through the same reading as at start (config.from_environment).
"""
from __future__ import annotations

import io
import logging

import pypdf
import pytest
import trustme

from logistics.config import ConfigurationError, from_environment
from logistics.worker import run_pass

USER, PASSWORD = "bot@zone.example", "p@ss:w/rd%-42"  # needs percent-encoding in a URL
IN_URL = "bot%40zone.example:p%40ss%3Aw%2Frd%25-42"

# aiosmtpd warns when AUTH is required without its STARTTLS check, which it cannot apply to smtps;
# there the fixture's authenticator refuses any login not made over TLS.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def ca_file(certificate_authority, tmp_path) -> str:
    """Return the path of a PEM file holding the test session's CA (what LOGISTICS_SMTP_CA_FILE names)."""
    path = tmp_path / "smtp-ca.pem"
    certificate_authority.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def confirmed_to_slovakia(hospital_shipment, outbox):
    """A shipment to a Slovak hospital whose contact reads Slovak, confirmed: one message pending."""
    shipment = hospital_shipment("OUT-2020-0001", "anna@fnnitra.example", name="Fakultná nemocnica Nitra",
                                 language="sk")
    outbox.move(shipment, "confirmed")
    return shipment


def _configure(app, monkeypatch, url: str, ca_file: str | None = None) -> None:
    """Set the SMTP server as `LOGISTICS_SMTP_URL` (and `LOGISTICS_SMTP_CA_FILE`) would at start."""
    env = {"LOGISTICS_SMTP_URL": url, "LOGISTICS_MAIL_FROM": "logistics@zone.example"}
    if ca_file:
        env["LOGISTICS_SMTP_CA_FILE"] = ca_file
    for key, value in from_environment(env).items():
        monkeypatch.setitem(app.config, key, value)


def _with_login(url: str, credentials: str = IN_URL) -> str:
    scheme, rest = url.split("://")
    return f"{scheme}://{credentials}@{rest}"


@pytest.mark.parametrize("tls", ["starttls", "implicit"])
@pytest.mark.parametrize("mechanism", ["LOGIN", "PLAIN"])
def test_the_worker_sends_over_tls_logged_in_and_the_message_is_whole(
        app, monkeypatch, smtp_server, ca_file, confirmed_to_slovakia, outbox, tls, mechanism):
    mailbox, start = smtp_server
    url = start(login=(USER, PASSWORD), tls=tls, mechanisms=(mechanism,))
    _configure(app, monkeypatch, _with_login(url), ca_file)

    assert run_pass(app).results == {"sent": 1}

    assert mailbox.logins == [USER] and mailbox.mechanisms == [mechanism]
    [(recipients, message)] = mailbox.received
    assert recipients == ("anna@fnnitra.example",) and message["To"] == "anna@fnnitra.example"
    assert message["Content-Language"] == "sk"
    assert message["Subject"] == "Zásielka OUT-2020-0001 pre vás je potvrdená"
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain.get_content_type() == "text/plain" and "OUT-2020-0001" in plain.get_content()
    assert html.get_content_type() == "text/html" and '<html lang="sk">' in html.get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    words = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(attachment.get_content())).pages)
    assert "OUT-2020-0001" in words and "Manifest nákladu".upper() in words.upper()
    [row] = outbox.rows()
    assert (row.status, row.attempts, row.last_error, row.language) == ("sent", 1, None, "sk")


@pytest.mark.parametrize("tls", ["starttls", "implicit"])
@pytest.mark.parametrize("trusted", ["system CAs", "another CA"])
def test_a_server_whose_certificate_is_not_trusted_gets_no_password_and_no_message(
        app, monkeypatch, smtp_server, confirmed_to_slovakia, outbox, tmp_path, caplog, tls, trusted):
    mailbox, start = smtp_server
    url = start(login=(USER, PASSWORD), tls=tls, certificate=trustme.CA())  # a CA nobody trusts
    other = None
    if trusted == "another CA":
        other = str(tmp_path / "other-ca.pem")
        trustme.CA().cert_pem.write_to_path(other)
    _configure(app, monkeypatch, _with_login(url), other)

    with caplog.at_level(logging.DEBUG):
        assert run_pass(app).results == {"pending": 1}

    assert mailbox.received == [] and mailbox.logins == []
    [row] = outbox.rows()
    assert row.status == "pending" and row.attempts == 1
    assert "certificate not trusted" in row.last_error and "LOGISTICS_SMTP_CA_FILE" in row.last_error
    assert ("trusted now: the system's CAs" if other is None else "trusted now: the CAs in /") in row.last_error
    for kept in (row.last_error, caplog.text):
        assert PASSWORD not in kept and "p@ss" not in kept and IN_URL not in kept


@pytest.mark.parametrize("tls", ["starttls", "implicit"])
def test_a_wrong_password_over_tls_is_retried_with_a_clear_error_that_hides_it(
        app, monkeypatch, smtp_server, ca_file, confirmed_to_slovakia, outbox, caplog, tls):
    mailbox, start = smtp_server
    url = start(login=(USER, PASSWORD), tls=tls)
    _configure(app, monkeypatch, _with_login(url, "bot%40zone.example:not-the-secret-7"), ca_file)

    with caplog.at_level(logging.DEBUG):
        assert run_pass(app).results == {"pending": 1}

    assert mailbox.received == [] and mailbox.logins == []
    [row] = outbox.rows()
    assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at is not None
    assert row.last_error.startswith("SMTPAuthenticationError: (535")
    for kept in (row.last_error, caplog.text):
        assert "not-the-secret-7" not in kept and PASSWORD not in kept

    _configure(app, monkeypatch, _with_login(url), ca_file)  # the setting corrected: sent when due
    from datetime import timedelta

    from logistics import db
    from logistics.models.types import utcnow
    from logistics.services import outbox as queue
    from logistics.services.delivery import deliver
    from logistics.worker import postman_of

    with app.app_context(), db.new_session(app) as session:
        [claim] = queue.claim_due(session, now=utcnow() + timedelta(minutes=2))
        deliver(session, claim, postman_of(app))
    assert mailbox.logins == [USER] and len(mailbox.received) == 1


def test_a_server_that_requires_starttls_never_sees_the_password_of_a_plain_url(
        app, monkeypatch, smtp_server, confirmed_to_slovakia, outbox):
    mailbox, start = smtp_server
    url = start(login=(USER, PASSWORD), tls="starttls").removesuffix("?starttls=1")
    _configure(app, monkeypatch, _with_login(url))

    assert run_pass(app).results == {"pending": 1}

    assert mailbox.received == [] and mailbox.logins == []
    [row] = outbox.rows()
    assert "AUTH extension not supported" in row.last_error and PASSWORD not in row.last_error


def test_the_ca_file_setting_is_read_at_start_and_named_when_wrong(ca_file, tmp_path):
    server = from_environment({"LOGISTICS_SMTP_URL": "smtp://mail.example:587?starttls=1",
                               "LOGISTICS_SMTP_CA_FILE": ca_file})["SMTP_SERVER"]
    assert server.ca_file == ca_file and server.starttls
    not_pem = tmp_path / "not.pem"
    not_pem.write_text("not a certificate\n")
    for env, said in [
        ({"LOGISTICS_SMTP_URL": "smtps://mail.example", "LOGISTICS_SMTP_CA_FILE": str(tmp_path / "none.pem")},
         "No such file"),
        ({"LOGISTICS_SMTP_URL": "smtps://mail.example", "LOGISTICS_SMTP_CA_FILE": str(not_pem)},
         "cannot be read as PEM"),
        ({"LOGISTICS_SMTP_URL": "smtp://mail.example", "LOGISTICS_SMTP_CA_FILE": ca_file}, "is for TLS"),
        ({"LOGISTICS_SMTP_CA_FILE": ca_file}, "without LOGISTICS_SMTP_URL"),
    ]:
        with pytest.raises(ConfigurationError, match="LOGISTICS_SMTP_CA_FILE") as refused:
            from_environment(env)
        assert said in str(refused.value)
