"""The request's entry checks, before any view or query: hostile text, and JSON bodies' size and shape.

Every path, query parameter and page form field is refused when it holds a character no text
may hold (NUL, other control characters, unpaired surrogates: see domain/inputs.py), so that no
such text ever reaches the database (PostgreSQL refuses NUL with an error). A JSON body is read
here for the API's parser, under its own limit (``MAX_JSON_BYTES``, smaller than the upload
limit), and refused with the path of the first offending value: a string with such a character,
a number too large for any field, NaN or Infinity, a key given twice, nesting deeper than
MAX_JSON_DEPTH. The nesting is counted in the text before it is parsed, with string operations
that run in C (a 2.2 MB body of 10,000 lines: 0.07 s of CPU on a busy machine, where reading its
lines through the schema takes seconds), and the parser's own recursion bound is caught as well.
"""
from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from logistics.domain.inputs import MAX_JSON_DEPTH, PAGE_DIGITS, excerpt, forbidden_character, whole_number
from logistics.domain.texts import E_, TextError
from logistics.errors import Invalid, NotFound, TooLarge

DEFAULT_MAX_JSON_BYTES = 3 * 1024 * 1024  # 10,000 fully filled lines, pretty-printed, are 2.2 MB
MAX_JSON_DIGITS = 4300  # Python's own limit for reading an integer (int_max_str_digits)
_NOT_STRUCTURE = re.compile(r'[^"\[\]{}]+')
_STRINGS = re.compile(r'"[^"]*"')
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_FORM = "application/x-www-form-urlencoded"
_PAGE_PARAMETERS = ("page", "page_size")  # flask-smorest's paginator would read "٣" as 3
# How a forbidden character can stand in a valid JSON text: escaped (raw control characters are
# invalid JSON already), or DEL as it is. A match is only a suspect ("\\u0000" is harmless text).
_SUSPECT = re.compile(r"\\(?:u00[01][0-9a-fA-F]|u007[fF]|u[dD][89a-fA-F][0-9a-fA-F]{2}|[bf])|\x7f")


def init_app(app: Flask) -> None:
    """Check every request's path, query and page form before anything else looks at them."""
    from logistics.downloads import limit_attachment_upload

    app.config.setdefault("MAX_JSON_BYTES", DEFAULT_MAX_JSON_BYTES)
    app.before_request(limit_attachment_upload)  # first: before any check reads the body
    app.before_request(refuse_hostile_text)


def refuse_hostile_text() -> None:
    """Refuse a path, query parameter or form field holding a character no text may hold."""
    req = request._get_current_object()  # type: ignore[attr-defined]  # every request: one proxy lookup
    problem = forbidden_character(req.path)
    if problem:
        raise NotFound(E_("no page or resource has this address: it holds %(problem)s", problem=problem))
    places = [("query", req.args)] if req.query_string else []
    if req.mimetype == _FORM:  # page forms; uploads (multipart) are checked by the import
        places.append(("form", req.form))
    for place, values in places:
        for name, value in values.items(multi=True):
            problem = forbidden_character(name) or forbidden_character(value)
            if problem:
                shown = excerpt(name, quote=False)
                message = E_("holds %(problem)s: remove it and send again", problem=problem)
                raise Invalid(E_("the %(place)s field %(name)s %(message)s", place=place, name=shown,
                                 message=message), {place: {shown: [message]}})
    if req.query_string and req.path.startswith("/api/"):  # pages read a garbled page number as page 1
        for parameter in _PAGE_PARAMETERS:
            number = req.args.get(parameter)
            if number is not None and whole_number(number, max_digits=PAGE_DIGITS) is None:
                message = E_("not a whole number: write at most %(digits)s digits 0-9, e.g. 2",
                             digits=PAGE_DIGITS)
                raise Invalid(E_("%(field)s: %(message)s", field=parameter, message=message),
                              {"query": {parameter: [message]}})


def max_json_bytes() -> int:
    """Return the largest JSON body the API reads (LOGISTICS_MAX_JSON_KB)."""
    return int(current_app.config.get("MAX_JSON_BYTES", DEFAULT_MAX_JSON_BYTES))


def too_large_json_message(limit: int) -> str:
    """Say what the JSON body limit is and what to do about it."""
    return E_("the JSON body is larger than %(limit)s KB, the limit for JSON requests "
              "(LOGISTICS_MAX_JSON_KB): send fewer lines per request, or import a spreadsheet",
              limit=format(limit // 1024, ","))


def json_body() -> Any:
    """Return the request's JSON body, read under its limit and checked; or refuse it clearly.

    The limit is checked against Content-Length before anything is read, and against the bytes
    read (a body sent in chunks has no Content-Length).
    """
    limit = max_json_bytes()
    if request.content_length is not None and request.content_length > limit:
        raise TooLarge(too_large_json_message(limit))
    # One byte more than the limit is read, so a body without a length that goes on is seen to.
    request.max_content_length = min(limit + 1, request.max_content_length or limit + 1)
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise TooLarge(too_large_json_message(limit)) from None
    if len(raw) > limit:
        raise TooLarge(too_large_json_message(limit))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _not_json(E_("it is not UTF-8 (byte %(byte)s)", byte=error.start + 1)) from None
    return loads(text)


def loads(text: str) -> Any:
    """Parse a JSON text as the API accepts it: bounded nesting, no NaN, no key twice, checked text."""
    _check_depth(text)
    try:
        value = json.loads(text, object_pairs_hook=_object, parse_constant=_constant,
                           parse_int=_integer, parse_float=_float)
    except _Refused as refused:
        raise _not_json(str(refused)) from None
    except RecursionError:  # the parser's own bound (about 1,000 levels): refused, never a 500
        raise _not_json(E_("it nests more than %(levels)s levels deep", levels=MAX_JSON_DEPTH)) from None
    except ValueError as error:  # JSONDecodeError, and an integer of more than 4,300 digits
        raise _not_json(str(error)[:100]) from None
    # Only a text with an escape (or DEL) may hold such a character: then walk every string.
    if ("\\" in text or "\x7f" in text) and _SUSPECT.search(text):
        _check_text(value, [])
    return value


class _Refused(TextError, ValueError):
    """A JSON value the API never accepts, found while parsing."""


def _not_json(reason: str) -> Invalid:
    message = E_("the body is not valid JSON for this API: %(reason)s", reason=reason)
    return Invalid(message, {"json": [message]})


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH, from the text's brackets outside strings (C-speed steps).

    Escaped backslashes and quotes are dropped first, so every quote left opens or closes a
    string; then all but quotes and brackets, then the strings; the running sum of what is left
    is the depth. An invalid text may be counted wrongly, but the parser refuses it anyway (and
    its own recursion bound is caught).
    """
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    skeleton = _STRINGS.sub("", _NOT_STRUCTURE.sub("", text.replace("\\\\", "").replace('\\"', "")))
    if max(accumulate(map(_STEP.__getitem__, skeleton)), default=0) > MAX_JSON_DEPTH:
        raise _not_json(E_("it nests more than %(levels)s levels deep", levels=MAX_JSON_DEPTH))


def _object(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise _Refused(E_("the key %(key)s is given twice in one object", key=excerpt(twice)))
    return result


def _constant(name: str) -> Any:
    raise _Refused(E_("%(name)s is not a number JSON allows", name=name))


def _integer(digits: str) -> int:
    # Fields bound their numbers and name themselves (an id beyond 2**31-1 is refused as that id);
    # a number beyond what Python reads at all is refused here, in words rather than Python's.
    if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
        raise _Refused(E_("a number of %(digits)s digits is larger than any field takes",
                          digits=format(len(digits.lstrip("-")), ",")))
    return int(digits)


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(E_("the number %(number)s is too large", number=excerpt(text)))
    return value


def _check_text(value: Any, path: list[str]) -> None:
    """Refuse the first string (value or key) that holds a character no text may hold, naming where."""
    if isinstance(value, str):
        problem = forbidden_character(value)
        if problem:
            where = ".".join(path) or "the body"
            message = E_("holds %(problem)s: remove it", problem=problem)
            raise Invalid(E_("%(where)s %(message)s", where=excerpt(where, 80, quote=False), message=message),
                          {"json": {where: [message]}})
    elif isinstance(value, dict):
        for key, inner in value.items():
            _check_text(key, path)
            _check_text(inner, [*path, key])
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _check_text(inner, [*path, str(index)])
