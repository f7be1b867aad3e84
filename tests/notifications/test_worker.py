"""The worker sends the outbox over real SMTP: MIME parts, the PDF, back-off, leases, and two workers at once."""
from __future__ import annotations

import io
import threading
from datetime import timedelta

import pypdf
import pytest

from logistics import db
from logistics.domain.notifications import MAX_ATTEMPTS, NoticeStatus
from logistics.mail import parse_smtp_url
from logistics.models.types import utcnow
from logistics.services import outbox as queue
from logistics.services.delivery import deliver
from logistics.worker import postman_of, run_pass
from tests.notifications.conftest import actor_of


@pytest.fixture
def confirmed(hospital_shipment, outbox):
    """A shipment to a Slovak hospital with one partner user, confirmed: one message pending."""
    shipment = hospital_shipment("OUT-2020-0001", "anna@fnnitra.example", name="Fakultná nemocnica Nitra")
    outbox.move(shipment, "confirmed")
    outbox.fan_out()  # the worker's first step: the event's message written
    return shipment


def _use(app, monkeypatch, url: str) -> None:
    monkeypatch.setitem(app.config, "SMTP_SERVER", parse_smtp_url(url))
    monkeypatch.setitem(app.config, "MAIL_FROM", "logistics@zone.example")


def test_a_message_goes_out_as_text_and_html_with_the_manifest_attached(app, monkeypatch, smtp_server,
                                                                        confirmed, outbox):
    mailbox, start = smtp_server
    _use(app, monkeypatch, start())

    done = run_pass(app)

    assert done.results == {"sent": 1}
    [(recipients, message)] = mailbox.received
    assert recipients == ("anna@fnnitra.example",)
    assert message["To"] == "anna@fnnitra.example" and message["From"] == "logistics@zone.example"
    assert message["Subject"] == "Shipment OUT-2020-0001 to you is confirmed"
    assert message["Content-Language"] == "en"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Medical protective coverall (PPE-COV): 100 piece" in text
    assert '<html lang="en">' in html and "OUT-2020-0001" in html
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename().endswith(".pdf") and "OUT-2020-0001" in attachment.get_filename()
    pdf = pypdf.PdfReader(io.BytesIO(attachment.get_content()))
    words = " ".join(page.extract_text() for page in pdf.pages)
    assert "OUT-2020-0001" in words and "MANIFEST" in words.upper()
    [row] = outbox.rows()
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
    assert row.sent_at is not None and row.attachment_revision
    assert message["X-Logistics-Notification"] == str(row.id)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # aiosmtpd: a test server
def test_the_worker_logs_in_and_a_wrong_password_is_retried_later_and_never_shown(
        app, monkeypatch, smtp_server, confirmed, outbox):
    mailbox, start = smtp_server
    url = start(login=("mailer", "s3cret-pass"))
    _use(app, monkeypatch, url.replace("smtp://", "smtp://mailer:wrong-pass-42@"))

    before = utcnow()
    assert run_pass(app).results == {"pending": 1}
    [row] = outbox.rows()
    assert row.status == "pending" and row.attempts == 1
    assert "wrong-pass-42" not in (row.last_error or "") and "Authentication" in row.last_error
    assert timedelta(seconds=55) <= row.next_attempt_at - before <= timedelta(seconds=65)
    assert run_pass(app).handled == 0  # not due yet: the back-off is the database's, not a sleep

    _use(app, monkeypatch, url.replace("smtp://", "smtp://mailer:s3cret-pass@"))
    with app.app_context(), db.new_session(app) as session:
        claims = queue.claim_due(session, now=utcnow() + timedelta(minutes=2))
        assert [deliver(session, claim, postman_of(app)) for claim in claims] == [NoticeStatus.SENT]
    assert mailbox.logins == ["mailer"] and len(mailbox.received) == 1
    assert outbox.rows()[0].attempts == 2


def test_a_refused_message_backs_off_exponentially_then_fails_and_an_admin_retries_it(
        app, make, monkeypatch, smtp_server, confirmed, outbox):
    mailbox, start = smtp_server
    mailbox.answer = "451 4.3.0 try again later"
    _use(app, monkeypatch, start())
    waits = []
    with app.app_context(), db.new_session(app) as session:
        now = utcnow()
        for _ in range(MAX_ATTEMPTS):
            [claim] = queue.claim_due(session, now=now)
            deliver(session, claim, postman_of(app))
            row = outbox.rows()[0]
            waits.append(round((row.next_attempt_at - utcnow()).total_seconds() / 60))
            now = row.next_attempt_at
        assert queue.claim_due(session, now=now + timedelta(days=1)) == []
    row = outbox.rows()[0]
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert "451" in row.last_error
    assert waits[:7] == [1, 2, 4, 8, 16, 32, 64]

    admin, _ = make.user("admin")
    mailbox.answer = "250 OK"
    with app.app_context(), db.new_session(app) as session:
        queue.retry(session, actor_of(admin), row.id)
    assert run_pass(app).results == {"sent": 1}
    assert outbox.rows()[0].status == "sent" and len(mailbox.received) == 1


def test_without_an_smtp_server_messages_are_kept_as_they_would_be_sent(app, confirmed, outbox):
    assert app.config.get("SMTP_SERVER") is None
    assert run_pass(app).results == {"kept": 1}
    [row] = outbox.rows()
    assert row.status == "kept" and row.subject == "Shipment OUT-2020-0001 to you is confirmed"


def test_a_message_whose_worker_died_is_claimed_again_when_its_lease_ends(app, monkeypatch, smtp_server,
                                                                          confirmed, outbox):
    mailbox, start = smtp_server
    _use(app, monkeypatch, start())
    with app.app_context(), db.new_session(app) as session:
        [lost] = queue.claim_due(session)  # a worker claims it, then dies before sending
        assert queue.claim_due(session) == []  # leased: nobody else takes it meanwhile
        [again] = queue.claim_due(session, now=utcnow() + timedelta(minutes=6))
        assert again.id == lost.id and again.attempt == 2
        assert deliver(session, again, postman_of(app)) is NoticeStatus.SENT
        assert not queue.record_sent(session, lost)  # the dead worker's claim has lapsed
    assert len(mailbox.received) == 1


def test_two_workers_at_once_never_send_the_same_message(app, make, monkeypatch, smtp_server, outbox):
    mailbox, start = smtp_server
    mailbox.delay = 0.01
    make.coverall()
    org = make.org(email="store@hospital.example")
    for index in range(6):
        make.user("partner", org, email=f"contact{index}@hospital.example")
    for _ in range(5):
        outbox.move(make.shipment(counterparty=org), "confirmed")
    expected = len(outbox.rows())
    assert expected == 35
    for row_id in [row.id for row in outbox.rows()]:
        assert row_id  # every row has its id
    _use(app, monkeypatch, start())
    monkeypatch.setattr("logistics.services.delivery.render_document", _no_document)  # SMTP only: quicker

    counts: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def work(name: str) -> None:
        barrier.wait()
        counts[name] = run_pass(app, batch=2).handled  # each with its own session and connection

    threads = [threading.Thread(target=work, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    sent = [message["X-Logistics-Notification"] for message in mailbox.messages()]
    assert len(sent) == expected and len(set(sent)) == expected  # every message once, none twice
    assert counts["a"] + counts["b"] == expected and counts["a"] and counts["b"]  # both worked
    assert {row.status for row in outbox.rows()} == {"sent"}
    assert {row.attempts for row in outbox.rows()} == {1}


def _no_document(*args, **kwargs):
    from logistics.errors import Conflict

    raise Conflict("no document in this test", {})
