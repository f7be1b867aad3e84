"""The demo's partners carry their languages: pages, e-mails and documents in Czech, Slovak, Polish, Croatian."""
from __future__ import annotations

from sqlmodel import select

from logistics import db
from logistics.models import Organization
from tests.documents.pdfs import read_pdf


def test_the_demo_partners_read_and_print_in_their_own_languages(app, runner, make):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with db.new_session(app) as session:
        orgs = {org.name: (org.language, org.document_language, org.document_bilingual)
                for org in session.exec(select(Organization))}
    assert orgs == {
        "Zdravotnické potřeby Brno s.r.o.": ("cs", None, False),
        "Medtex Žilina a.s.": ("sk", None, False),
        "Fakultná nemocnica Nitra": ("sk", None, True),
        "Szpital Wojewódzki Łódź": (None, "pl", False),  # its pages follow the browser
        "Klinički bolnički centar Osijek": ("hr", None, True),
        "Cangzhou–Europe Express Rail": (None, None, False),
    }
    staff = make.api("staff")
    printed = {reference: read_pdf(staff.get(f"/api/v1/shipments/{reference}/manifest.pdf").data).words
               for reference in ("OUT-2020-0001", "OUT-2020-0002", "OUT-2020-0003", "IN-2020-0002")}
    assert "Cargo manifest" in printed["OUT-2020-0001"] and "Manifest nákladu" in printed["OUT-2020-0001"]
    assert "Manifest ładunkowy" in printed["OUT-2020-0002"] and "Cargo manifest" not in printed["OUT-2020-0002"]
    assert "Cargo manifest" in printed["OUT-2020-0003"] and "Manifest tereta" in printed["OUT-2020-0003"]
    assert "Manifest nákladu" in printed["IN-2020-0002"] and "Cargo manifest" not in printed["IN-2020-0002"]
