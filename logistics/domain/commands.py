"""What every write command shares: a partial change names the fields it was given.

The input schemas' ``post_load`` builds the commands (frozen dataclasses of typed values) that
the services take; a PATCH builds an ``Update...`` command whose ``given`` holds the fields
sent, so that a field sent as null clears it and a field not sent stays as it is.
"""
from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any


def stored(value: object) -> object:
    """Return a value as a column holds it: an enum by its value."""
    return value.value if isinstance(value, Enum) else value


def values_of(command: object, names: Iterable[str]) -> dict[str, Any]:
    """Return the named fields of a command as column values."""
    return {name: stored(getattr(command, name)) for name in names}
