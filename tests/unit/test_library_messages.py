"""The messages marshmallow makes are all in the errors catalog, by their text or by their shape."""
from __future__ import annotations

import marshmallow
import pytest
from marshmallow import fields, validate

from logistics import library_messages
from logistics.domain.texts import E_, pattern, recognise, say

FIXED = {str(text) for text in library_messages.MARSHMALLOW}


def _field_messages() -> set[str]:
    """Every message of marshmallow's field classes, with their type names filled in as they are made."""
    found = set()
    for value in vars(fields).values():
        if isinstance(value, type) and issubclass(value, fields.Field):
            for cls in value.__mro__:
                for message in getattr(cls, "default_error_messages", {}).values():
                    if "{input" in message:
                        continue  # a dump-time error (our output), never an input's
                    types = ("datetime",) if "{awareness}" in message else ("datetime", "date", "time")
                    for obj_type in types:
                        for awareness in ("aware", "naive"):
                            found.add(message.format(obj_type=obj_type, awareness=awareness,
                                                     choices="a, b"))
    return found | set(marshmallow.Schema._default_error_messages.values())


@pytest.mark.parametrize("message", sorted(_field_messages()))
def test_every_message_a_marshmallow_field_makes_is_catalogued(message):
    assert message in FIXED or recognise(message) is not None, message


@pytest.mark.parametrize("validator, value", [
    (validate.Length(min=1), ""), (validate.Length(max=2), "xyz"), (validate.Length(min=1, max=2), ""),
    (validate.Length(equal=3), "xy"),
    (validate.Range(min=1), 0), (validate.Range(max=9), 10), (validate.Range(min=1, max=9), 10),
    (validate.Range(min=1, min_inclusive=False), 1), (validate.Range(max=9, max_inclusive=False), 9),
    (validate.Range(min=1, max=9, min_inclusive=False, max_inclusive=False), 9),
    (validate.Range(min=1, max=9, max_inclusive=False), 9), (validate.Range(min=1, max=9, min_inclusive=False), 1),
    (validate.OneOf(["a", "b"]), "c"), (validate.Equal(3), 4), (validate.Regexp("^x$"), "y"),
], ids=repr)
def test_every_validator_message_is_recognised_with_its_values(validator, value):
    with pytest.raises(marshmallow.ValidationError) as refused:
        validator(value)
    message = refused.value.messages[0]
    assert message in FIXED or recognise(message) is not None, message


class Loud:
    """A translator that shouts, to see what was translated and with which values."""

    def gettext(self, string, **variables):
        return string.upper() % variables if variables else string.upper()

    def ngettext(self, singular, plural, num, **variables):
        return (singular if num == 1 else plural).upper() % variables


def test_a_message_of_a_registered_shape_is_said_with_its_values_and_the_longest_shape_wins():
    assert say("Must be greater than or equal to 1 and less than or equal to 9.", Loud()) == \
        "MUST BE GREATER THAN OR EQUAL TO 1 AND LESS THAN OR EQUAL TO 9."
    assert recognise("Must be greater than or equal to 1 and less than or equal to 9.").params == \
        {"min": "1", "max": "9"}
    assert recognise("Must be greater than or equal to 1.").params == {"min": "1"}


def test_pattern_returns_the_form_the_library_formats():
    assert pattern(E_("Must be one of: %(choices)s.")) == "Must be one of: {choices}."


def test_a_message_of_no_known_shape_comes_back_unchanged():
    assert recognise("the shipment is not yours") is None
