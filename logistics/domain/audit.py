"""What the audit trail records and how: actions, audited tables, secrets masked, values as JSON."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

ACTIONS = ("create", "update", "delete")
ENTITIES = ("shipments", "shipment_lines", "shipment_events", "organizations", "items", "item_packs",
            "users", "api_tokens")
# Credentials never reach the trail: only that they changed. A shipment's tracking token is
# the public link's only secret, so it counts as one too.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "tracking_token"})
MASK = "***"


def masked(values: dict) -> dict:
    """Return the values with every secret column replaced by a mask (None stays None)."""
    return {key: MASK if key in SECRET_COLUMNS and value is not None else value
            for key, value in values.items()}


def as_json(values: dict | None) -> str | None:
    """Return column values as JSON text, secrets masked; dates as ISO 8601, decimals as strings."""
    if values is None:
        return None
    return json.dumps(masked(values), default=_plain, ensure_ascii=False)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot record a {type(value).__name__} in the audit trail")
