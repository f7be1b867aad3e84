"""Domain exceptions: what went wrong, in the domain's words, with no HTTP in them.

http_errors.py maps each class to a response once; services and rules raise these.
"""
from __future__ import annotations


class DomainError(Exception):
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
            f"shipment has changed: you sent version {given}, the current version is {current}; "
            "reload it and apply your change again",
            {"version": [f"expected {current}"]},
        )
        self.given = given
        self.current = current


class PreconditionRequired(DomainError):
    """A write that did not say which version it was based on."""


class Forbidden(DomainError):
    """The caller is known but may not do this."""


class Unauthenticated(DomainError):
    """No valid credentials were given."""


def summarize(fields: dict) -> str:
    """Say the per-field messages in one line: "lines.0.quantity: unknown unit 'parsec'"."""
    parts = []
    for key, value in fields.items():
        path = [str(key)]
        while isinstance(value, dict):
            sub, value = next(iter(value.items()))
            path.append(str(sub))
        parts.append(f"{'.'.join(path)}: {value[0]}")
    return "; ".join(parts)
