"""The words of each notification: facts about a shipment in, a subject and plain and HTML bodies out.

Pure: the facts are plain values, the language a gettext translator (the ``notifications``
domain, logistics/translations/notifications.cfg) and a language code for numbers, quantities and
dates (babel's CLDR data, through local_quantities), so every message is composed the same way for the
outbox, the tests and the digest.
"""
from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from gettext import NullTranslations
from typing import Protocol

from babel.dates import format_date, format_datetime
from babel.lists import format_list

from logistics.domain.notifications import NoticeKind
from logistics.local_quantities import format_quantity
from logistics.unit_names import cldr_locale


class Translator(Protocol):
    """What a message needs of a language: gettext's two calls."""

    def gettext(self, message: str) -> str:
        """Translate a message."""
        ...

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a message with a count."""
        ...


ENGLISH: Translator = NullTranslations()


@dataclass  # not frozen: local_quantities' HasAmount protocol declares plain attributes
class Amount:
    """A quantity as a message writes it: an exact value and its unit (as the line was given)."""

    value: Decimal
    unit: str


@dataclass(frozen=True)
class LineFact:
    """One line of goods as a message tells it: sent, and what arrived (with why it differs).

    ``translations`` are the item's own (its name and pack names in other languages).
    """

    line_no: int
    item: str
    sku: str
    sent: Amount
    received: Amount | None = None
    reason: str | None = None
    note: str | None = None
    translations: Mapping | None = None

    def name(self, language: str) -> str:
        """Return the item's name in a language (its own where it has none), with its SKU."""
        local = ((self.translations or {}).get(language) or {}).get("name") or self.item
        return f"{local} ({self.sku})"

    def amount(self, amount: Amount, language: str) -> str:
        """Return a quantity of this line as a reader of the language writes it."""
        return format_quantity(amount, language, translations=self.translations)


@dataclass(frozen=True)
class ShipmentFacts:
    """What a message about a shipment says: plain values read in the transaction of the change."""

    reference: str
    outbound: bool
    operator: str
    counterparty: str
    origin: str
    destination: str
    status: str
    lines: tuple[LineFact, ...] = ()
    occurred_at: datetime | None = None
    location: str | None = None
    note: str | None = None
    tracking_number: str | None = None
    carrier: str | None = None
    expected_arrival: date | None = None
    tracking_link: str | None = None
    page_link: str | None = None
    change: str = "transition"  # transition, checkpoint or edit (the followers' message says which)
    edited: tuple[str, ...] = ()  # the header fields an edit changed


@dataclass(frozen=True)
class Message:
    """A composed message: subject, plain text and the same as HTML."""

    subject: str
    text: str
    html: str
    parts: tuple[str, ...] = field(default=())  # the body's paragraphs (a digest repeats them)


def status_name(status: str, t: Translator = ENGLISH) -> str:
    """Return a status as the reader reads it."""
    _ = t.gettext
    names = {"draft": _("draft"), "confirmed": _("confirmed"), "in_transit": _("in transit"),
             "delivered": _("delivered"), "received": _("received"), "cancelled": _("cancelled")}
    return names.get(status, status)


def reason_name(reason: str, t: Translator = ENGLISH) -> str:
    """Return a discrepancy reason as the reader reads it."""
    _ = t.gettext
    names = {"short": _("short"), "damaged": _("damaged"), "wrong_item": _("wrong item"),
             "expired": _("expired"), "over": _("over-receipt"), "other": _("other")}
    return names.get(reason, reason)


def field_name(name: str, t: Translator = ENGLISH) -> str:
    """Return an edited header field (a column of workflow.HEADER_FIELDS) as the reader reads it."""
    _ = t.gettext
    names = {"direction": _("direction"), "kind": _("kind"), "counterparty_id": _("partner"),
             "origin_country": _("origin country"), "origin_place": _("origin place"),
             "destination_country": _("destination country"), "destination_place": _("destination place"),
             "carrier": _("carrier"), "transport_mode": _("transport mode"),
             "tracking_number": _("tracking number"), "planned_departure": _("planned departure"),
             "expected_arrival": _("expected arrival"), "notes": _("notes"),
             "incoterm": _("Incoterms rule"), "incoterm_place": _("Incoterms place"),
             "invoice_number": _("invoice number"), "cmr_number": _("CMR consignment note number"),
             "awb_number": _("air waybill (AWB) number"), "bill_of_lading_number": _("bill of lading number"),
             "rail_note_number": _("rail consignment note number")}
    return names.get(name, name.replace("_", " "))


def compose(kind: NoticeKind, facts: ShipmentFacts, t: Translator = ENGLISH, language: str = "en") -> Message:
    """Return the message of this kind about a shipment, in the translator's language."""
    _ = t.gettext
    values = {"reference": facts.reference, "operator": facts.operator, "counterparty": facts.counterparty,
              "origin": facts.origin, "destination": facts.destination,
              "status": status_name(facts.status, t)}
    parts: list[str] = []
    if kind is NoticeKind.CONFIRMED:
        subject = _("Shipment %(reference)s to you is confirmed") % values
        parts.append(_("%(operator)s has confirmed shipment %(reference)s to %(counterparty)s "
                       "(%(origin)s to %(destination)s).") % values)
        parts.append(_goods(facts, t, language))
    elif kind is NoticeKind.DISPATCHED:
        subject = _("Shipment %(reference)s is on its way to you") % values
        parts.append(_("Shipment %(reference)s to %(counterparty)s has been dispatched "
                       "(%(origin)s to %(destination)s).") % values)
        parts.append(_goods(facts, t, language))
    elif kind is NoticeKind.DELIVERED:
        subject = _("Shipment %(reference)s was delivered") % values
        parts.append(_("Shipment %(reference)s was delivered to %(destination)s.") % values)
    elif kind is NoticeKind.RECEIVED:
        subject = _("Goods received: %(reference)s") % values
        parts.append(_("%(counterparty)s confirmed what arrived of shipment %(reference)s.") % values
                     if facts.outbound else
                     _("%(operator)s confirmed what arrived of shipment %(reference)s.") % values)
        parts.append(_receipt(facts, t, language))
    elif kind is NoticeKind.OVERDUE:
        subject = _("Shipment %(reference)s is overdue") % values
        parts.append(_("Shipment %(reference)s (%(origin)s to %(destination)s) was expected to arrive "
                       "on %(date)s and has not been delivered; it is %(status)s.")
                     % {**values, "date": _date(facts.expected_arrival, language)})
    else:
        subject = _("Shipment %(reference)s: %(status)s") % values
        if facts.change == "checkpoint":
            parts.append(_("A checkpoint was recorded on shipment %(reference)s.") % values)
        elif facts.change == "edit":
            parts.append(_("Shipment %(reference)s was edited: %(fields)s.")
                         % {**values, "fields": format_list([field_name(name, t) for name in facts.edited],
                                                            locale=cldr_locale(language))})
        else:
            parts.append(_("Shipment %(reference)s is now %(status)s.") % values)
    parts.extend(_details(facts, kind, t, language))
    return _message(subject, parts, t, language)


def digest(items: list[Message], t: Translator = ENGLISH, language: str = "en") -> Message:
    """Return one message holding the day's held ones, each under its subject."""
    _ = t.gettext
    subject = t.ngettext("Your daily summary: %(count)d update",
                         "Your daily summary: %(count)d updates", len(items)) % {"count": len(items)}
    parts = [f"{item.subject}\n" + "\n\n".join(item.parts) for item in items]
    text = "\n\n".join([_("Hello,"), *parts])
    body = "".join(f"<h2>{html.escape(item.subject)}</h2>" + "".join(_paragraph(p) for p in item.parts)
                   for item in items)
    page = _document(subject, _paragraph(_("Hello,")) + body, language)
    return Message(subject, text + "\n", page, tuple(parts))


def _message(subject: str, parts: list[str], t: Translator, language: str) -> Message:
    _ = t.gettext
    parts = [part for part in parts if part]
    footer = _("You receive this because of your notification settings in the logistics tracker.")
    text = "\n\n".join([_("Hello,"), *parts, "-- ", footer]) + "\n"
    body = "".join(_paragraph(part) for part in [_("Hello,"), *parts])
    body += f"<hr><p><small>{html.escape(footer)}</small></p>"
    return Message(subject, text, _document(subject, body, language), tuple(parts))


def _goods(facts: ShipmentFacts, t: Translator, language: str) -> str:
    if not facts.lines:
        return ""
    rows = [f"{line.line_no}. {line.name(language)}: {line.amount(line.sent, language)}"
            for line in facts.lines]
    return t.gettext("Goods:") + "\n" + "\n".join(rows)


def _receipt(facts: ShipmentFacts, t: Translator, language: str) -> str:
    _ = t.gettext
    rows = []
    short = 0
    for line in facts.lines:
        row = _("%(line)s. %(item)s: sent %(sent)s, received %(received)s") % {
            "line": line.line_no, "item": line.name(language), "sent": line.amount(line.sent, language),
            "received": line.amount(line.received or line.sent, language)}
        if line.reason:
            short += 1
            row += f" ({reason_name(line.reason, t)}" + (f": {line.note}" if line.note else "") + ")"
        rows.append(row)
    head = (t.ngettext("%(count)d line differs from what was sent.",
                       "%(count)d lines differ from what was sent.", short) % {"count": short}
            if short else _("Everything arrived as sent."))
    return head + "\n" + "\n".join(rows)


def _details(facts: ShipmentFacts, kind: NoticeKind, t: Translator, language: str) -> list[str]:
    _ = t.gettext
    said = []
    if facts.occurred_at and kind is not NoticeKind.OVERDUE:
        when = format_datetime(facts.occurred_at, "medium", tzinfo=UTC, locale=cldr_locale(language))
        said.append(_("When: %(when)s") % {"when": f"{when} UTC"})
    if facts.location:
        said.append(_("Where: %(location)s") % {"location": facts.location})
    if facts.note:
        said.append(_("Note: %(note)s") % {"note": facts.note})
    if facts.carrier and kind is NoticeKind.DISPATCHED:
        said.append(_("Carrier: %(carrier)s") % {"carrier": facts.carrier})
    if facts.tracking_number and kind in (NoticeKind.DISPATCHED, NoticeKind.CHANGED):
        said.append(_("Tracking number: %(number)s") % {"number": facts.tracking_number})
    if facts.expected_arrival and kind in (NoticeKind.CONFIRMED, NoticeKind.DISPATCHED):
        said.append(_("Expected arrival: %(date)s") % {"date": _date(facts.expected_arrival, language)})
    lines = ["\n".join(said)] if said else []
    if facts.tracking_link and kind in (NoticeKind.CONFIRMED, NoticeKind.DISPATCHED, NoticeKind.DELIVERED):
        lines.append(_("Follow the shipment: %(link)s") % {"link": facts.tracking_link})
    elif facts.page_link:
        lines.append(_("Open the shipment: %(link)s") % {"link": facts.page_link})
    if kind in (NoticeKind.CONFIRMED, NoticeKind.DISPATCHED):
        lines.append(_("The manifest is attached."))
    elif kind is NoticeKind.RECEIVED:
        lines.append(_("The goods received note is attached."))
    return lines


def _date(day: date | None, language: str) -> str:
    return format_date(day, "long", locale=cldr_locale(language)) if day else "-"


def _paragraph(text: str) -> str:
    return "<p>" + "<br>".join(html.escape(line) for line in text.split("\n")) + "</p>"


def _document(title: str, body: str, language: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"{html.escape(language)}\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title></head><body>{body}</body></html>")
