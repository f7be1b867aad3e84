"""Texts: English where nothing translates them, said again in a catalog's language where shown."""
from __future__ import annotations

import copy
import pickle
from typing import ClassVar

from logistics.domain.texts import E_, EN_, Text, say


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
