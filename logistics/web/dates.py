"""Dates and moments on pages, in the reader's locale (CLDR patterns, through Flask-Babel).

English pages keep ISO 8601 (2020-04-02 01:30 UTC): the operator and partners read them across
many countries, and the ISO form is the one nobody misreads. Every other language gets its
locale's medium date (2. 4. 2020, 2 kwi 2020, 2020年4月2日) and short time. Times stay UTC.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

from babel.dates import get_datetime_format
from flask_babel import format_date, format_time, get_locale

from logistics.i18n import current_language

_ISO_DAY = "yyyy-MM-dd"


def day_text(value: date | None) -> str:
    """Show a day: 2020-04-02 in English, the locale's medium date otherwise (a dash for none)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date()
    return format_date(value, _ISO_DAY if current_language() == "en" else "medium")


def moment_text(value: datetime | None) -> str:
    """Show a moment in UTC: 2020-04-02 01:30 UTC in English, the locale's date and time otherwise."""
    if value is None:
        return "—"
    moment = value.astimezone(UTC)
    if current_language() == "en":
        return f"{format_date(moment.date(), _ISO_DAY)} {format_time(moment, 'HH:mm')} UTC"
    pattern = str(get_datetime_format("medium", locale=get_locale()))
    text = pattern.replace("{1}", format_date(moment.date(), "medium")).replace(
        "{0}", format_time(moment, "short"))
    return f"{text} UTC"
