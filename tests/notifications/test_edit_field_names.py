"""A follower told of a header edit reads the changed fields' names in their own language, listed as it lists."""
from __future__ import annotations

from datetime import date

import pytest

from logistics import db
from logistics.domain.languages import LANGUAGES
from logistics.domain.notice_texts import field_name
from logistics.domain.shipments import UpdateShipment
from logistics.domain.workflow import HEADER_FIELDS
from logistics.services import follows, shipments
from logistics.services.notice_languages import translator
from tests.notifications.conftest import actor_of


@pytest.mark.parametrize("language", sorted(set(LANGUAGES) - {"en"}))
def test_every_editable_header_field_has_a_name_in_each_language(language):
    english = {name: field_name(name) for name in HEADER_FIELDS}
    assert all("_" not in said for said in english.values())  # none falls back to its column name
    local = {name: field_name(name, translator(language)) for name in HEADER_FIELDS}
    assert len(set(local.values())) == len(HEADER_FIELDS)  # no two fields read alike
    assert all(local[name] != english[name] for name in HEADER_FIELDS if english[name] != "partner"), local


@pytest.mark.parametrize("language, said", [
    ("en", "Shipment OUT-7 was edited: carrier, expected arrival and notes."),
    ("pl", "Przesyłka OUT-7 została zmieniona: przewoźnik, oczekiwany przyjazd i uwagi."),
    ("zh", "承运商、预计到达和备注"),
    ("hr", "prijevoznik, očekivani dolazak i napomene"),
])
def test_a_follower_reads_the_edited_fields_in_their_language(app, make, outbox, language, said):
    make.coverall()
    follower, _ = make.user("staff", email="follower@zone.example", language=language)
    editor, _ = make.user("staff", email="editor@zone.example")
    shipment = make.shipment(counterparty=make.org(), reference="OUT-7")
    with app.app_context(), db.new_session(app) as session:
        follows.set_following(session, actor_of(follower), "OUT-7", True)
        shipments.update_shipment(session, actor_of(editor), "OUT-7", shipment.version, UpdateShipment(
            frozenset({"carrier", "notes", "expected_arrival"}), carrier="Cangzhou–Europe Express Rail",
            notes="two pallets more", expected_arrival=date(2031, 5, 6)))

    [told] = outbox.rows(kind="shipment_changed")
    assert (told.email, told.language) == ("follower@zone.example", language)
    assert said in told.body_text and said in told.body_html
    assert "expected_arrival" not in told.body_text
