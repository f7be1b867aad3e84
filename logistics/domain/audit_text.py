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

from logistics.units import format_grouped, from_micro

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


def describe(changes: Sequence[RawChange], names: Names) -> list[str]:
    """Say what one user action did, one sentence per thing done, in the order it was recorded."""
    sentences: list[str] = []
    for change in changes:
        sentences.extend(_sentences(change, names))
    return sentences or [f"{len(changes)} change(s) to bookkeeping columns"]


def _sentences(change: RawChange, names: Names) -> list[str]:
    if change.entity == "shipments":
        return _shipment(change, names)
    if change.entity == "shipment_events":
        return _event(change, names)
    if change.entity == "shipment_lines":
        return _line(change, names)
    label = _record(change, names)
    if change.action == "create":
        return [f"created {label}"]
    if change.action == "delete":
        return [f"deleted {label}"]
    return _column_changes(change, label, ())


def _ref(change: RawChange, names: Names) -> str:
    shipment_id = change.shipment_id
    return names.shipments.get(shipment_id, f"shipment #{shipment_id}") if shipment_id else "a shipment"


def _shipment(change: RawChange, names: Names) -> list[str]:
    ref = _ref(change, names)
    values = change.after or change.before or {}
    if change.action == "create":
        return [f"logged {values.get('reference') or ref} ({values.get('direction')} "
                f"{values.get('kind')}, {_words(values.get('status'))})"]
    if change.action == "delete":
        return [f"deleted {ref}"]
    return _column_changes(change, ref, _MOVED)


def _event(change: RawChange, names: Names) -> list[str]:
    if change.action != "create":
        return _column_changes(change, f"a history entry of {_ref(change, names)}", ())
    values, ref = change.after or {}, _ref(change, names)
    if values.get("kind") == "created":
        return []  # the shipment's own creation says it
    where = f" at {values['location']}" if values.get("location") else ""
    note = f" ({values['note']})" if values.get("note") else ""
    if values.get("to_status"):
        return [f"moved {ref} from {_words(values.get('from_status'))} to {_words(values['to_status'])}"
                f"{where}{note}"]
    return [f"recorded a checkpoint of {ref}{where}{note}"]


def _line(change: RawChange, names: Names) -> list[str]:
    ref = _ref(change, names)
    values = change.after if change.action == "create" else (change.before or {})
    facts = names.lines.get(change.entity_id) or LineFacts(
        _int(values.get("line_no")) if values else None,
        names.items.get(_int((values or {}).get("item_id")) or 0, "an item"), None, None)
    number = f"line {facts.line_no}" if facts.line_no is not None else f"line #{change.entity_id}"
    if change.action == "create":
        return [f"added {number} to {ref}: {_quantity(values, 'quantity')} of {facts.item}"]
    if change.action == "delete":
        return [f"removed {number} from {ref} ({_quantity(values, 'quantity')} of {facts.item})"]
    after = change.after or {}
    sentences = []
    if after.get("received_micro") is not None or after.get("received_value") is not None:
        sentences.append(_received(after, facts, ref))
    return sentences + _column_changes(change, f"{number} of {ref}", frozenset(_RECEIVED))


def _received(after: Mapping[str, object], facts: LineFacts, ref: str) -> str:
    """Say what arrived on a line: how much of what, and how much short or over."""
    text = f"received {_quantity(after, 'received')} of {facts.item} on {ref}"
    received_micro = _int(after.get("received_micro"))
    if facts.base is not None and received_micro is not None and facts.base_unit:
        difference = facts.base - from_micro(received_micro)
        if difference > 0:
            text += f", {format_grouped(difference)} {facts.base_unit} short"
        elif difference < 0:
            text += f", {format_grouped(-difference)} {facts.base_unit} over"
    reason = after.get("received_reason")
    if reason and reason not in ("short", "over"):
        text += f" ({_words(reason)})"
    if after.get("received_note"):
        text += f": “{after['received_note']}”"
    return text


def _column_changes(change: RawChange, label: str, said: frozenset[str] | tuple) -> list[str]:
    before, after = change.before or {}, change.after or {}
    return [f"changed {_LABELS.get(name, name.replace('_', ' '))} of {label} from {_shown(before.get(name))} "
            f"to {_shown(after.get(name))}"
            for name in after if name not in _BOOKKEEPING and name not in said]


def _record(change: RawChange, names: Names) -> str:
    noun = _RECORDS.get(change.entity, change.entity)
    values = change.after or change.before or {}
    label = names.records.get((change.entity, change.entity_id)) or next(
        (str(values[key]) for key in ("name", "sku", "email", "label", "number", "code") if values.get(key)),
        f"#{change.entity_id}")
    return f"{noun} {label}"


def _quantity(values: Mapping[str, object] | None, prefix: str) -> str:
    values = values or {}
    amount, unit = values.get(f"{prefix}_value"), values.get(f"{prefix}_unit")
    if amount is None:
        return "an unknown quantity"
    try:
        number = format_grouped(Decimal(str(amount)))
    except InvalidOperation:
        number = str(amount)
    return f"{number} {unit}" if unit else number


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    return f"“{value}”" if isinstance(value, str) else json.dumps(value)


def _words(value: object) -> str:
    return str(value).replace("_", " ") if value is not None else "(none)"


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
