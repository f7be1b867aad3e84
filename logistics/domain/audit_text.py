"""The audit trail in human words: one user action's row changes said as sentences.

Plain rules over plain values: the service gathers what the sentences name (shipment
references, item names, a line's number and sent quantity, a record's label) and these
functions say "received 5,280 piece of N95 respirator, 480 piece short" or "moved OUT-2020-0003
from confirmed to in transit". The raw row changes stay beside them for an auditor.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from logistics.domain.texts import Text
from logistics.units import format_grouped, from_micro


def N_(msgid: str, /, **params: object) -> Text:
    """Mark a sentence for the pages' catalog (``messages``); the page says it in the reader's language.

    The result is a Text (logistics/domain/texts.py): the English sentence, remembering its id and
    parameters, so the API and the CSV keep the English while the audit page translates it.
    """
    return Text(msgid, params)


class Stored(str):
    """A stored value named in a sentence (a status, a kind, a record's noun): shown as the pages label it.

    The English words are the string; ``group`` and ``raw`` let a page say it in its reader's language
    (logistics/web/labels.py groups).
    """

    group: str
    raw: str

    def __new__(cls, group: str, raw: str, english: str | None = None) -> Stored:
        self = super().__new__(cls, english if english is not None else raw.replace("_", " "))
        self.group = group
        self.raw = raw
        return self

    def __reduce__(self):
        return (Stored, (self.group, self.raw, str(self)))

# Columns that say how a row was kept, not what the user did.
_BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at", "created_by_id", "updated_by_id",
                          "shipment_id", "base_micro", "received_micro", "net_mass_micro", "value_minor",
                          "rounded", "dimension", "base_unit"})
# Shipment columns that a status move writes; the move's event says it in one sentence.
_MOVED = frozenset({"status", "dispatched_at", "delivered_at", "received_at"})
_RECEIVED = ("received_value", "received_unit", "received_note", "received_reason")
_RECORDS = {"shipments": "shipment", "shipment_lines": "line", "shipment_events": "history entry",
            "organizations": "organisation", "items": "item", "item_packs": "pack", "users": "user",
            "api_tokens": "API token", "packages": "package", "package_contents": "package content",
            "package_types": "package type"}
_LABELS = {"counterparty_id": "partner", "expected_arrival": "expected arrival",
           "planned_departure": "planned departure", "value_amount": "declared value", "eori": "EORI",
           "vat_number": "VAT number", "hs_code": "HS code", "awb_number": "AWB number",
           "cmr_number": "CMR number"}


@dataclass(frozen=True)
class RawChange:
    """One recorded row change, as stored: what was done to which row, the values before and after."""

    action: str  # create, update, delete
    entity: str
    entity_id: int
    shipment_id: int | None
    before: Mapping[str, object] | None
    after: Mapping[str, object] | None


@dataclass(frozen=True)
class LineFacts:
    """What a sentence about a line names: its number, item, and what was sent in its base unit."""

    line_no: int | None
    item: str
    base: Decimal | None
    base_unit: str | None


@dataclass(frozen=True)
class Names:
    """What the sentences name, looked up by the service: references, lines, items, records' labels."""

    shipments: Mapping[int, str] = field(default_factory=dict)
    lines: Mapping[int, LineFacts] = field(default_factory=dict)
    items: Mapping[int, str] = field(default_factory=dict)
    records: Mapping[tuple[str, int], str] = field(default_factory=dict)


def raw_change(action: str, entity: str, entity_id: int, shipment_id: int | None, before: str | None,
               after: str | None) -> RawChange:
    """Return a stored entry (its values as JSON text) as a RawChange."""
    return RawChange(action, entity, entity_id, shipment_id, json.loads(before) if before else None,
                     json.loads(after) if after else None)


def describe(changes: Sequence[RawChange], names: Names) -> list[Text]:
    """Say what one user action did, one sentence per thing done, in the order it was recorded."""
    sentences: list[Text] = []
    for change in changes:
        sentences.extend(_sentences(change, names))
    return sentences or [N_("changes to bookkeeping columns only (%(n)s)", n=len(changes))]


def _sentences(change: RawChange, names: Names) -> list[Text]:
    if change.entity == "shipments":
        return _shipment(change, names)
    if change.entity == "shipment_events":
        return _event(change, names)
    if change.entity == "shipment_lines":
        return _line(change, names)
    label = _record(change, names)
    if change.action == "create":
        return [N_("created %(record)s", record=label)]
    if change.action == "delete":
        return [N_("deleted %(record)s", record=label)]
    return _column_changes(change, label, ())


def _ref(change: RawChange, names: Names) -> str:
    shipment_id = change.shipment_id
    if not shipment_id:
        return N_("a shipment")
    return names.shipments.get(shipment_id) or N_("shipment #%(id)s", id=shipment_id)


def _shipment(change: RawChange, names: Names) -> list[Text]:
    ref = _ref(change, names)
    values = change.after or change.before or {}
    if change.action == "create":
        return [N_("logged %(reference)s (%(direction)s %(kind)s, %(status)s)",
                   reference=values.get("reference") or ref,
                   direction=_stored("direction", values.get("direction")),
                   kind=_stored("kind", values.get("kind")), status=_stored("status", values.get("status")))]
    if change.action == "delete":
        return [N_("deleted %(record)s", record=ref)]
    return _column_changes(change, ref, _MOVED)


def _event(change: RawChange, names: Names) -> list[Text]:
    if change.action != "create":
        entry = N_("a history entry of %(shipment)s", shipment=_ref(change, names))
        return _column_changes(change, entry, ())
    values, ref = change.after or {}, _ref(change, names)
    if values.get("kind") == "created":
        return []  # the shipment's own creation says it
    place = {"location": values["location"]} if values.get("location") else {}
    note = f" ({values['note']})" if values.get("note") else ""
    if values.get("to_status"):
        moved = {"shipment": ref, "before": _stored("status", values.get("from_status")),
                 "after": _stored("status", values["to_status"]), "note": note}
        if place:
            return [N_("moved %(shipment)s from %(before)s to %(after)s at %(location)s%(note)s",
                       **moved, **place)]
        return [N_("moved %(shipment)s from %(before)s to %(after)s%(note)s", **moved)]
    if place:
        return [N_("recorded a checkpoint of %(shipment)s at %(location)s%(note)s", shipment=ref, note=note,
                   **place)]
    return [N_("recorded a checkpoint of %(shipment)s%(note)s", shipment=ref, note=note)]


def _line(change: RawChange, names: Names) -> list[Text]:
    ref = _ref(change, names)
    values = change.after if change.action == "create" else (change.before or {})
    facts = names.lines.get(change.entity_id) or LineFacts(
        _int(values.get("line_no")) if values else None,
        names.items.get(_int((values or {}).get("item_id")) or 0) or N_("an item"), None, None)
    number = (N_("line %(number)s", number=facts.line_no) if facts.line_no is not None
              else N_("line #%(id)s", id=change.entity_id))
    if change.action == "create":
        return [N_("added %(line)s to %(shipment)s: %(quantity)s of %(item)s", line=number, shipment=ref,
                   quantity=_quantity(values, "quantity"), item=facts.item)]
    if change.action == "delete":
        return [N_("removed %(line)s from %(shipment)s (%(quantity)s of %(item)s)", line=number, shipment=ref,
                   quantity=_quantity(values, "quantity"), item=facts.item)]
    after = change.after or {}
    sentences = []
    if after.get("received_micro") is not None or after.get("received_value") is not None:
        sentences.append(_received(after, facts, ref))
    return sentences + _column_changes(change, N_("%(line)s of %(shipment)s", line=number, shipment=ref),
                                       frozenset(_RECEIVED))


def _received(after: Mapping[str, object], facts: LineFacts, ref: str) -> Text:
    """Say what arrived on a line: how much of what, and how much short or over."""
    said: dict[str, object] = {"quantity": _quantity(after, "received"), "item": facts.item, "shipment": ref}
    received_micro = _int(after.get("received_micro"))
    difference = Decimal(0)
    if facts.base is not None and received_micro is not None and facts.base_unit:
        difference = facts.base - from_micro(received_micro)
        said["difference"] = f"{format_grouped(abs(difference))} {facts.base_unit}"
    reason = after.get("received_reason")
    said["reason"] = (N_(" (%(reason)s)", reason=_stored("reason", reason))
                      if reason and reason not in ("short", "over") else "")
    said["note"] = f": “{after['received_note']}”" if after.get("received_note") else ""
    if difference > 0:
        return N_("received %(quantity)s of %(item)s on %(shipment)s, %(difference)s short%(reason)s%(note)s",
                  **said)
    if difference < 0:
        return N_("received %(quantity)s of %(item)s on %(shipment)s, %(difference)s over%(reason)s%(note)s",
                  **said)
    said.pop("difference", None)
    return N_("received %(quantity)s of %(item)s on %(shipment)s%(reason)s%(note)s", **said)


def _column_changes(change: RawChange, label: str, said: frozenset[str] | tuple) -> list[Text]:
    before, after = change.before or {}, change.after or {}
    return [N_("changed %(column)s of %(record)s from %(before)s to %(after)s",
               column=Stored("column", name, _LABELS.get(name, name.replace("_", " "))), record=label,
               before=_shown(before.get(name)), after=_shown(after.get(name)))
            for name in after if name not in _BOOKKEEPING and name not in said]


def _record(change: RawChange, names: Names) -> Text:
    noun = Stored("record", change.entity, _RECORDS.get(change.entity, change.entity))
    values = change.after or change.before or {}
    label = names.records.get((change.entity, change.entity_id)) or next(
        (str(values[key]) for key in ("name", "sku", "email", "label", "number", "code") if values.get(key)),
        f"#{change.entity_id}")
    return N_("%(noun)s %(label)s", noun=noun, label=label)


def _quantity(values: Mapping[str, object] | None, prefix: str) -> str:
    values = values or {}
    amount, unit = values.get(f"{prefix}_value"), values.get(f"{prefix}_unit")
    if amount is None:
        return N_("an unknown quantity")
    try:
        number = format_grouped(Decimal(str(amount)))
    except InvalidOperation:
        number = str(amount)
    return f"{number} {unit}" if unit else number


def _shown(value: object) -> str:
    if value is None or value == "":
        return N_("(empty)")
    return f"“{value}”" if isinstance(value, str) else json.dumps(value)


def _stored(group: str, value: object) -> str:
    return Stored(group, str(value)) if value is not None else N_("(none)")


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
