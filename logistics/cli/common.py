"""What every command shares: reporting a refusal and naming who a command acts for."""
from __future__ import annotations

import sys
from typing import NoReturn

import click

from logistics.domain.access import SYSTEM
from logistics.errors import DomainError


def message_lines(messages, path: str = "") -> list[str]:
    """Turn marshmallow-shaped messages (nested dicts and lists of text) into `field: message` lines."""
    if isinstance(messages, dict):
        return [line for key, value in messages.items()
                for line in message_lines(value, f"{path}.{key}" if path else str(key))]
    if isinstance(messages, list | tuple):
        return [line for value in messages for line in message_lines(value, path)]
    return [f"{path}: {messages}" if path else str(messages)]


def fail(error: DomainError) -> NoReturn:
    """Print a refused command's message and its per-field reasons on standard error, then exit 1."""
    click.echo(f"error: {error.message}", err=True)
    for line in message_lines(error.fields or {}):
        click.echo(f"  {line}", err=True)
    sys.exit(1)


def actor_for(session, email: str | None):
    """Return who a command acts for: a user named by --as (recorded in the audit trail), or the system."""
    from logistics.services.users import actor_of, find_user

    return actor_of(find_user(session, email)) if email else SYSTEM
