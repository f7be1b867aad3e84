"""What the audit trail records and how: actions, audited tables, secrets masked, values as JSON."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

ACTIONS = ("create", "update", "delete")
ENTITIES = ("shipments", "shipment_lines", "shipment_events", "organizations", "items", "item_packs",
            "users", "api_tokens", "packages", "package_contents", "package_types", "attachments")
# Credentials never reach the trail: only that they changed. A shipment's tracking token is
# the public link's only secret, so it counts as one too.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "tracking_token"})
MASK = "***"


def masked(values: dict) -> dict:
    """Return the values with every secret column replaced by a mask (None stays None)."""
    if SECRET_COLUMNS.isdisjoint(values):
        return values
    return {key: MASK if key in SECRET_COLUMNS and value is not None else value
            for key, value in values.items()}


def as_json(values: dict | None) -> str | None:
    """Return column values as JSON text, secrets masked; dates as ISO 8601, decimals as strings."""
    if values is None:
        return None
    return _ENCODER.encode(masked(values))


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot record a {type(value).__name__} in the audit trail")


def changes(before: str | None, after: str | None) -> list[tuple[str, str | None, str | None]]:
    """Return an entry's values readably, column by column: (column, before, after) as text.

    A create has only after values, a delete only before values (None where a side is absent);
    a value that was empty reads "—".
    """
    old = json.loads(before) if before else None
    new = json.loads(after) if after else None
    columns = list(new or {}) + [name for name in (old or {}) if name not in (new or {})]
    return [(name, None if old is None else _text(old.get(name)),
             None if new is None else _text(new.get(name)))
            for name in columns]


def _text(value) -> str:
    """Return one stored value as text: strings as they are, empty as "—", anything else as JSON."""
    if value is None or value == "":
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


_ENCODER = json.JSONEncoder(default=_plain, ensure_ascii=False)  # built once: as_json runs per row
