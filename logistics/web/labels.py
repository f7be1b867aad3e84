"""The words pages show for stored values (statuses, directions, kinds, roles), in the reader's language.

Values stay as stored (``in_transit``) in forms, URLs and the API; only what a person reads is
translated. Each group is a gettext context, so "damaged" (a package) and "damaged" (a reason)
may differ where a language needs it.
"""
from __future__ import annotations

from flask_babel import pgettext


def _words() -> dict[str, dict[str, str]]:
    """Return each group's words, marked here once so the catalog holds them all."""
    return {
        "status": {
            "draft": pgettext("status", "draft"),
            "confirmed": pgettext("status", "confirmed"),
            "in_transit": pgettext("status", "in transit"),
            "delivered": pgettext("status", "delivered"),
            "received": pgettext("status", "received"),
            "cancelled": pgettext("status", "cancelled"),
        },
        "direction": {
            "inbound": pgettext("direction", "inbound"),
            "outbound": pgettext("direction", "outbound"),
        },
        "kind": {
            "purchase": pgettext("kind", "purchase"),
            "donation": pgettext("kind", "donation"),
            "transfer": pgettext("kind", "transfer"),
            "return": pgettext("kind", "return"),
        },
        "mode": {
            "road": pgettext("mode", "road"),
            "rail": pgettext("mode", "rail"),
            "air": pgettext("mode", "air"),
            "sea": pgettext("mode", "sea"),
            "multimodal": pgettext("mode", "multimodal"),
        },
        "role": {
            "admin": pgettext("role", "admin"),
            "manager": pgettext("role", "manager"),
            "staff": pgettext("role", "staff"),
            "partner": pgettext("role", "partner"),
        },
        "org_kind": {
            "supplier": pgettext("organisation", "supplier"),
            "donor": pgettext("organisation", "donor"),
            "recipient": pgettext("organisation", "recipient"),
            "government": pgettext("organisation", "government"),
            "carrier": pgettext("organisation", "carrier"),
            "other": pgettext("organisation", "other"),
        },
        "reason": {
            "short": pgettext("reason", "short"),
            "damaged": pgettext("reason", "damaged"),
            "wrong_item": pgettext("reason", "wrong item"),
            "expired": pgettext("reason", "expired"),
            "over": pgettext("reason", "over-receipt"),
            "other": pgettext("reason", "other"),
        },
        "package": {
            "arrived": pgettext("package", "arrived"),
            "missing": pgettext("package", "missing"),
            "damaged": pgettext("package", "damaged"),
        },
    }


def label(value: object, group: str) -> str:
    """Return the reader's word for a stored value of a group; an unknown value is shown as stored."""
    raw = str(getattr(value, "value", value))
    words = _words().get(group, {})
    return words.get(raw, raw.replace("_", " "))
