"""A Polish partner confirms receipt on the page in Polish; the sender gets an e-mail in English saying what arrived."""
from __future__ import annotations

import io

import pypdf

from logistics.mail import parse_smtp_url
from logistics.worker import run_pass
from tests.web.conftest import signed_in  # noqa: F401 - a fixture
from tests.web.pages import forms_of


def test_a_polish_receipt_reaches_the_sender_in_english_with_what_arrived_and_the_note(
        app, make, monkeypatch, smtp_server, signed_in, outbox):  # noqa: F811 - the fixture above
    mailbox, start = smtp_server
    monkeypatch.setitem(app.config, "SMTP_SERVER", parse_smtp_url(start()))
    make.coverall()
    sender, _ = make.user("staff", email="procurement@zone.example")
    org = make.org(name="Szpital Wojewódzki Łódź", country="PL")
    make.shipment(counterparty=org, reference="OUT-2020-0002", status="delivered", created_by=sender,
                  lines=[("PPE-COV", "6000 piece")])
    partner = signed_in("partner", org)
    partner.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "pl"
    page = partner.get("/shipments/OUT-2020-0002")
    assert '<html lang="pl"' in page.get_data(as_text=True)
    receipt = next(f for f in forms_of(page.get_data(as_text=True)) if f.value("status") == "received")
    line_id = receipt.value("line_id")

    response = partner.submit(page, "Potwierdź przyjęcie", {  # the Polish page's "Confirm receipt"
        f"received-{line_id}-quantity": "5 760 szt.", f"received-{line_id}-reason": "short",
        f"received-{line_id}-note": "240 kusów brak"})
    assert response.status_code == 302
    assert run_pass(app).results == {"sent": 1}

    [(recipients, message)] = mailbox.received
    assert recipients == ("procurement@zone.example",) and message["Content-Language"] == "en"
    assert message["Subject"] == "Goods received: OUT-2020-0002"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Szpital Wojewódzki Łódź confirmed what arrived of shipment OUT-2020-0002." in text
    assert ("1. Medical protective coverall (PPE-COV): sent 6,000 piece, received 5,760 piece "
            "(short: 240 kusów brak)") in text
    [grn] = list(message.iter_attachments())
    words = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(grn.get_content())).pages)
    assert "OUT-2020-0002" in words and "5,760" in words
