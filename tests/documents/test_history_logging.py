"""Documents of a shipment logged long after its goods moved: the goods' history only, never the
day the record was typed in (a customs officer would query a 2020 manifest whose history starts in 2026)."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

APRIL = {"confirmed": datetime(2020, 3, 30, 8, tzinfo=UTC), "in_transit": datetime(2020, 4, 2, 1, 30, tzinfo=UTC),
         "delivered": datetime(2020, 4, 4, 15, tzinfo=UTC), "received": datetime(2020, 4, 6, 9, tzinfo=UTC)}
# The words the documents printed for the logging entry, in every document language.
CREATED = ("created", "založen", "utworzon", "kreiran", "创建")


def _history(pdf) -> str:
    return pdf.between("Status history", "Signatures") if "Signatures" in pdf.words else \
        pdf.words[pdf.words.index("Status history"):]


@pytest.mark.parametrize("kind", ["manifest", "grn"])
def test_the_history_of_a_document_is_the_goods_history_only(make, catalogue, render, kind):
    make.shipment(reference="OUT-2020-0501", status="received", dates=APRIL)
    pdf, _ = render("OUT-2020-0501", kind)
    history = _history(pdf)
    today = datetime.now(UTC).date().isoformat()
    assert history.split("Note", 1)[1].strip().startswith("2020-03-30 08:00:00 UTC confirmed"), history
    assert today not in history and "created" not in history
    assert "2020-04-06 09:00:00 UTC received" in history


@pytest.mark.parametrize("language", ["cs", "sk", "pl", "hr", "zh"])
def test_no_document_language_prints_the_logging_as_history(make, catalogue, render, language):
    make.shipment(reference="OUT-2020-0502", status="delivered", dates=APRIL)
    pdf, _ = render("OUT-2020-0502", "manifest", query=f"?lang={language}")
    text = pdf.words
    assert not any(word in text.lower() for word in CREATED), text


def test_a_draft_manifest_says_no_movement_is_recorded_yet(make, catalogue, render):
    make.shipment(reference="OUT-2020-0503")
    pdf, _ = render("OUT-2020-0503", "manifest")
    history = _history(pdf)
    assert "No movement of the goods recorded yet." in history
    assert "created" not in history
