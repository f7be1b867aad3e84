"""Texts: English where nothing translates them, said again in a catalog's language where shown."""
from __future__ import annotations

import copy
import pickle
from decimal import Decimal
from typing import ClassVar

import pytest

from logistics.domain.texts import E_, EN_, Figure, Text, figure, say
from logistics.domain.transfer import Refusal
from logistics.units import format_grouped


class Shouting:
    """A stand-in catalog with gettext's two calls: it upper-cases what it knows."""

    known: ClassVar[dict[str, str]] = {
        "unknown unit %(unit)s": "UNKNOWN UNIT %(unit)s", "%(n)s package": "%(n)s PACKAGE",
        "%(n)s packages": "%(n)s PACKAGES", "Not a valid integer.": "NOT A VALID INTEGER."}

    def gettext(self, string, **variables):
        out = self.known.get(string, string)
        return out % variables if variables else out

    def ngettext(self, singular, plural, num, **variables):
        chosen = singular if num == 1 else plural
        return self.gettext(chosen, **variables)


def test_a_text_is_its_english_sentence_and_remembers_its_id():
    text = E_("unknown unit %(unit)s", unit="parsec")
    assert text == "unknown unit parsec" and isinstance(text, str)
    assert (text.msgid, dict(text.params)) == ("unknown unit %(unit)s", {"unit": "parsec"})
    assert pickle.loads(pickle.dumps(text)).msgid == text.msgid
    assert copy.deepcopy(text).params == {"unit": "parsec"}


def test_plurals_choose_by_n_in_english_and_in_the_catalog():
    assert EN_("%(n)s package", "%(n)s packages", 1) == "1 package"
    assert EN_("%(n)s package", "%(n)s packages", 3) == "3 packages"
    assert say(EN_("%(n)s package", "%(n)s packages", 3), Shouting()) == "3 PACKAGES"


def test_say_walks_field_messages_and_translates_library_messages_by_their_text():
    fields = {"lines": {0: {"quantity": [E_("unknown unit %(unit)s", unit="pcs")]}},
              "count": ["Not a valid integer.", "something nobody listed"]}
    assert say(fields, Shouting()) == {"lines": {0: {"quantity": ["UNKNOWN UNIT pcs"]}},
                                       "count": ["NOT A VALID INTEGER.", "something nobody listed"]}


def test_a_text_inside_a_text_is_said_in_the_same_language():
    inner = E_("unknown unit %(unit)s", unit="pcs")
    outer = Text("%(what)s", {"what": inner})
    assert say(outer, Shouting()) == "UNKNOWN UNIT pcs"


FIGURES = [(2400, "2,400"), (0, "0"), (-1234567, "-1,234,567"), (Decimal("2400.50"), "2,400.5"),
           (Decimal("2.4E+3"), "2,400"), (Decimal("-0.5"), "-0.5"), (Decimal("1000000.000001"), "1,000,000.000001")]


@pytest.mark.parametrize("value, english", FIGURES)
def test_a_figure_is_written_in_english_as_messages_always_wrote_numbers(value, english):
    assert figure(value) == english
    assert figure(value) == (format(value, ",") if isinstance(value, int) else format_grouped(value))
    assert figure(value, "piece") == f"{english} piece"


def test_a_figure_keeps_an_english_form_given_to_it_and_survives_copies():
    kept = figure(Decimal("1200.5"), "kg", english="1200.5 kg")
    assert kept == "1200.5 kg" and (kept.value, kept.unit) == (Decimal("1200.5"), "kg")
    copied = pickle.loads(pickle.dumps(kept))
    assert (copied, copied.value, copied.unit) == ("1200.5 kg", Decimal("1200.5"), "kg")
    assert copy.deepcopy(kept).value == Decimal("1200.5")


def test_say_writes_figures_with_the_writer_it_is_given_and_leaves_them_english_without_one():
    text = E_("unknown unit %(unit)s", unit=figure(2400, "piece"))
    written = say(text, Shouting(), lambda number: f"<{number.value}|{number.unit}>")
    assert written == "UNKNOWN UNIT <2400|piece>"
    assert say(text, Shouting()) == "UNKNOWN UNIT 2,400 piece"
    assert say({"field": [text]}, Shouting(), lambda number: "n")["field"] == ["UNKNOWN UNIT n"]


def test_a_long_import_refusal_keeps_its_figures_to_be_written_in_the_readers_language():
    cut = Refusal(2, "quantity", None, E_("%(a)s %(b)s", a=figure(2400, "piece"), b="z" * 100))
    assert cut.reason.params["b"].startswith("z" * 80 + "…")  # the long word is cut, as before
    assert isinstance(cut.reason.params["a"], Figure) and cut.reason.params["a"].value == 2400
