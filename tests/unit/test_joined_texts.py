"""Messages joined or carried by exceptions stay Texts: each piece is said in the reader's language."""
from __future__ import annotations

from typing import ClassVar

from logistics.domain.texts import E_, Text, join, message_of, say
from logistics.domain.transfer import EXCERPT_CHARS, Refusal
from logistics.units import QuantityError


class Shouting:
    """A stand-in catalog: it upper-cases the messages it knows."""

    known: ClassVar[dict[str, str]] = {
        "line %(line)s is listed twice": "LINE %(line)s IS LISTED TWICE", "none": "NONE",
             "the receipt was not recorded: %(problems)s": "RECEIPT NOT RECORDED: %(problems)s",
             "no shipment %(reference)s": "NO SHIPMENT %(reference)s"}

    def gettext(self, string, **variables):
        out = self.known.get(string, string)
        return out % variables if variables else out

    def ngettext(self, singular, plural, num, **variables):
        return self.gettext(singular if num == 1 else plural, **variables)


def test_joined_messages_read_as_before_in_english_and_each_piece_is_said():
    joined = join([E_("line %(line)s is listed twice", line=2), "a plain 100% str", E_("none")])
    assert joined == "line 2 is listed twice; a plain 100% str; none"
    outer = E_("the receipt was not recorded: %(problems)s", problems=joined)
    assert say(outer, Shouting()) == "RECEIPT NOT RECORDED: LINE 2 IS LISTED TWICE; a plain 100% str; NONE"


def test_one_piece_is_itself_and_none_is_empty():
    piece = E_("none")
    assert join([piece]) is piece
    assert join([]) == "" and not isinstance(join([]), Text)


def test_an_exceptions_message_keeps_its_text_where_str_would_drop_it():
    error = ValueError(E_("none"))  # an exception of a library: not a TextError
    assert isinstance(message_of(error), Text) and not isinstance(str(error), Text)
    assert isinstance(message_of(QuantityError(E_("none"))), Text)
    assert message_of(ValueError("plain")) == "plain"
    assert message_of(ValueError("two", "args")) == "('two', 'args')"


def test_a_refusal_cuts_the_cell_it_quotes_and_its_reason_stays_a_text():
    cell = "X" * (EXCERPT_CHARS + 50)
    refusal = Refusal(3, "reference", cell, E_("no shipment %(reference)s", reference=cell))
    assert isinstance(refusal.reason, Text) and len(refusal.reason) < len(cell)
    assert refusal.reason.startswith("no shipment " + "X" * EXCERPT_CHARS + "…")  # cut as a plain str is
    assert say(refusal.reason, Shouting()) == "NO SHIPMENT " + refusal.reason.removeprefix("no shipment ")
