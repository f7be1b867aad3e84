"""The shape rules of raw input (domain/inputs.py), the JSON loader's checks and the bounded errors."""
from __future__ import annotations

import json

import pytest

from logistics.domain.inputs import (
    MAX_ID,
    excerpt,
    forbidden_character,
    is_token,
    non_ascii_digit,
    parse_id,
    whole_number,
)
from logistics.entry import loads
from logistics.errors import Invalid, bounded
from logistics.units import QuantityError, parse_decimal, parse_quantity


@pytest.mark.parametrize("text, number", [
    ("7", 7), ("0042", 42), ("2147483647", MAX_ID), ("9999999999", 9999999999),
    ("99999999999", None), ("9" * 5000, None), ("", None), ("\u00b2", None), ("\u0663", None),
    ("\uff13", None), ("1\u0662", None), ("-1", None), ("+1", None), (" 1", None), ("1.0", None),
    (7, None), (None, None),
])
def test_a_whole_number_is_at_most_ten_ascii_digits(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize("text, row_id", [
    ("1", 1), (" 12 ", 12), ("2147483647", MAX_ID), ("2147483648", None), ("0", None),
    ("9" * 5000, None), ("\u0663", None), ("abc", None),
])
def test_an_id_is_between_one_and_the_largest_32_bit_integer(text, row_id):
    assert parse_id(text) == row_id


@pytest.mark.parametrize("text, says", [
    ("a\x00b", "NUL character (U+0000) at position 2"), ("\x1b[31m", "control character (U+001B)"),
    ("x\x7f", "control character (U+007F)"), ("\ud800", "unpaired surrogate (U+D800)"),
])
def test_text_with_a_character_no_database_should_hold_is_described(text, says):
    assert says in forbidden_character(text)


@pytest.mark.parametrize("text", ["plain", "line\nbreak\tand tab\r", "Kraków 沧州 \u202e", "\U0001F600"])
def test_ordinary_text_passes(text):
    assert forbidden_character(text) is None


def test_digits_beyond_ascii_are_found():
    assert [non_ascii_digit(t) for t in ("22 kg", "\uff12\uff12 kg", "1\u06623", "x\u00b2")] == \
        [None, "\uff12", "\u0662", "\u00b2"]


def test_tokens_are_of_the_url_safe_alphabet_and_of_bounded_length():
    assert is_token("a" * 43, min_length=20, max_length=64)
    assert not is_token("a" * 19, min_length=20, max_length=64)
    assert not is_token("a" * 65, min_length=20, max_length=64)
    assert not is_token("a" * 30 + "\x00", min_length=20, max_length=64)
    assert not is_token("a" * 30 + "\u00e9", min_length=20, max_length=64)


def test_an_excerpt_is_short_and_says_how_long_the_value_was():
    assert excerpt("short") == "'short'"
    assert excerpt("x" * 5000) == "'" + "x" * 40 + "'… (5,000 characters)"
    assert excerpt("x" * 5000, quote=False).startswith("x" * 40 + "…")


@pytest.mark.parametrize("quantity", ["\uff12\uff12 kg", "\u0662\u0662 kg", "1\u06623 kg"])
def test_a_quantity_in_other_digits_is_refused_naming_the_digit(quantity):
    with pytest.raises(QuantityError, match="digits 0-9"):
        parse_quantity(quantity)


@pytest.mark.parametrize("amount", ["\u0662\u0662", "\uff11", "1" * 100])
def test_an_amount_in_other_digits_or_too_long_is_refused(amount):
    with pytest.raises(QuantityError):
        parse_decimal(amount)


@pytest.mark.parametrize("text, says", [
    ("[" * 50 + "]" * 50, "levels deep"), ("[" * 5000 + "]" * 5000, "levels deep"),
    ('{"a": 1, "a": 2}', "twice"), ("[NaN]", "NaN"), ("[-Infinity]", "Infinity"), ("[1e999]", "too large"),
    ("[" + "9" * 5000 + "]", "5,000 digits"), ('{"a": "\\u0000"}', "NUL"), ('["\\udfff"]', "surrogate"),
    ('{"a\\u0007": 1}', "control character"), ("{", "JSON"),
])
def test_the_json_loader_refuses_what_no_field_takes(text, says):
    with pytest.raises(Invalid) as refused:
        loads(text)
    assert says in refused.value.message


def test_the_json_loader_names_where_a_forbidden_character_was():
    with pytest.raises(Invalid) as refused:
        loads(json.dumps({"lines": [{}, {"note": "ok\u0000"}]}))
    assert refused.value.fields == {"json": {"lines.1.note": ["holds a NUL character (U+0000) at position 3: "
                                                            "remove it"]}}


@pytest.mark.parametrize("text", [
    '{"lines": [{"quantity": {"value": "1", "unit": "kg"}}]}', '"\\\\u0000 is text"', '["tab\\there"]',
    json.dumps([[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]),
])
def test_the_json_loader_reads_what_the_api_accepts(text):
    assert loads(text) == json.loads(text)


def test_bounded_errors_keep_twenty_messages_cut_short_and_count_the_rest():
    fields = {"json": {f"k{n}" + "x" * 500: ["Unknown field." + "!" * 1000] for n in range(100)}}

    kept = bounded(fields)

    assert len(kept["json"]) == 20 and kept["_more"] == ["80 more field(s) with errors not shown"]
    key, messages = next(iter(kept["json"].items()))
    assert len(key) < 100 and len(messages[0]) < 350


def test_bounded_errors_leave_a_few_alone():
    fields = {"lines": {"0": {"quantity": ["unknown unit 'parsec'"]}}, "reference": ["too long"]}
    assert bounded(fields) == fields
