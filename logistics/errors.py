"""Domain exceptions: what went wrong, in the domain's words, with no HTTP in them.

http_errors.py maps each class to a response once; services and rules raise these.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from logistics.domain.texts import E_, EN_, Text, TextError, figure, join


class DomainError(TextError, Exception):
    """Base of every error the service reports to its callers."""

    def __init__(self, message: str, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotFound(DomainError):
    """The thing does not exist, or the caller may not know that it does."""


class Invalid(DomainError):
    """The input breaks a rule; ``fields`` maps each field to its messages."""


class Conflict(DomainError):
    """The request clashes with the current state (duplicate key, wrong status, stale version)."""


class InvalidTransition(Conflict):
    """A status change the workflow does not allow from the current status."""


class StaleVersion(Conflict):
    """The shipment changed since the version the client based its change on."""

    def __init__(self, given: int, current: int):
        super().__init__(
            E_("shipment has changed: you sent version %(given)s, the current version is %(current)s; "
               "reload it and apply your change again", given=given, current=current),
            {"version": [E_("expected %(current)s", current=current)]},
        )
        self.given = given
        self.current = current


class PreconditionRequired(DomainError):
    """A write that did not say which version it was based on."""


class UnsupportedMediaType(DomainError):
    """The request's body came in a media type the service does not read (text/plain for JSON)."""


class TooLarge(DomainError):
    """The request is larger than the service reads (a JSON body over its limit)."""


class Forbidden(DomainError):
    """The caller is known but may not do this."""


class Unauthenticated(DomainError):
    """No valid credentials were given."""


MAX_FIELD_ERRORS = 20   # messages an error reports; the rest are counted
MAX_MESSAGE = 300       # characters of one message
MAX_KEY = 60            # characters of one field name (unknown keys are echoed as names)
MORE = "_more"          # the key that says how many messages were left out


def bounded(fields: dict, say: Callable[[Any], Any] = lambda message: message) -> dict:
    """Return per-field messages cut to a readable size: at most MAX_FIELD_ERRORS, each short.

    30 MB of unknown keys would otherwise come back as an 81 MB answer. Names and messages are
    cut to an excerpt, and ``_more`` says how many messages were left out. ``say`` (``i18n.said``)
    puts each message kept in the reader's language before it is cut: only those are said.
    """
    budget = [MAX_FIELD_ERRORS, 0]  # still to show, left out

    def cut(text: object, limit: int) -> str:
        text = str(text)
        return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"

    def walk(value):
        if isinstance(value, dict):
            kept = {}
            for key, inner in value.items():
                if budget[0] <= 0:
                    budget[1] += _count(inner)
                    continue
                kept[cut(key, MAX_KEY)] = walk(inner)
            return kept
        if isinstance(value, (list, tuple)) and all(not isinstance(v, (dict, list)) for v in value):
            budget[0] -= 1
            return [cut(say(message), MAX_MESSAGE) for message in value[:3]]
        if isinstance(value, (list, tuple)):
            return walk(dict(enumerate(value)))
        budget[0] -= 1
        return cut(say(value), MAX_MESSAGE)

    result = walk(fields)
    if budget[1]:
        left_out = budget[1]
        result[MORE] = [str(say(EN_("%(count)s more field(s) with errors not shown",
                                    "%(count)s more field(s) with errors not shown",
                                    left_out, count=figure(left_out))))]
    return result


def _count(value) -> int:
    if isinstance(value, dict):
        return sum(_count(inner) for inner in value.values())
    if isinstance(value, (list, tuple)) and any(isinstance(v, (dict, list)) for v in value):
        return sum(_count(inner) for inner in value)
    return 1


def summarize(fields: dict) -> str:
    """Say the per-field messages in one line: "lines.0.quantity: unknown unit 'parsec'".

    The line is a Text joining the messages as they were made, so each is said in the reader's language.
    """
    parts = []
    for key, value in fields.items():
        path = [str(key)]
        while isinstance(value, dict):
            sub, value = next(iter(value.items()))
            path.append(str(sub))
        # Not a catalog's message: only its pieces are said (the field's path stays the API's word).
        parts.append(Text("%(path)s: %(message)s", {"path": ".".join(path), "message": value[0]}))
    return join(parts)
