"""The audit trail read as user actions: one entry per unit of work, said in words, its rows kept.

Every row change is recorded with the id of the unit of work that wrote it (``action_id``), so a
receipt that changed six lines and the shipment and added an event is one action. Entries
recorded before actions were named (no action id) read as an action each.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, func, literal, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from logistics.domain.access import Actor
from logistics.domain.audit_text import LineFacts, Names, describe, raw_change
from logistics.models import AuditEntry, Item, Organization, ShipmentLine, User
from logistics.services.audit import list_entries, shipment_references
from logistics.services.common import stored_id
from logistics.services.pagination import Page, PastEnd, page_of
from logistics.units import from_micro

_OLD = "entry-"  # an entry without an action id is keyed "entry-" and its own id (hex ids have no "-")


@dataclass(frozen=True)
class ShipmentRef:
    """A shipment an action touched."""

    id: int
    reference: str


@dataclass(frozen=True)
class ActionView:
    """One user action: who, when, the shipments it touched, what it did in words, and its row changes."""

    key: str
    at: datetime
    actor_id: int | None
    actor_email: str
    shipments: tuple[ShipmentRef, ...]
    summary: tuple[str, ...]
    changes: tuple[AuditEntry, ...]


def _key():
    return func.coalesce(col(AuditEntry.action_id), literal(_OLD).concat(cast(col(AuditEntry.id), String)))


def actions_page(session: Session, actor: Actor, filters: dict, page: int | None, size: int,
                 past_end: PastEnd = "last") -> Page[ActionView]:
    """Return one page of actions, newest first: those with an entry that the filters match, in full."""
    key = _key()
    entries = list_entries(session, actor, filters)  # refuses those who may not read the trail
    grouped = (entries.order_by(None).with_only_columns(key.label("key"))
               .group_by(key).order_by(func.max(col(AuditEntry.id)).desc()))
    found = page_of(session, grouped, page, size, past_end=past_end)
    actions = _actions(session, list(found.items))
    return Page(found.number, found.size, found.total, actions, found.estimated)


def _actions(session: Session, keys: list[str]) -> list[ActionView]:
    """Return the actions with these keys, in this order, each with all its entries."""
    if not keys:
        return []
    ids = [int(k[len(_OLD):]) for k in keys if k.startswith(_OLD)]
    named = [k for k in keys if not k.startswith(_OLD)]
    rows = session.scalars(select(AuditEntry).where(or_(col(AuditEntry.action_id).in_(named),
                                                        col(AuditEntry.id).in_(ids)))
                           .order_by(col(AuditEntry.id)))
    by_key: dict[str, list[AuditEntry]] = defaultdict(list)
    for entry in rows:
        by_key[entry.action_id or f"{_OLD}{entry.id}"].append(entry)
    every = [entry for group in by_key.values() for entry in group]
    names = _names(session, every)
    result = []
    for key in keys:
        group = by_key.get(key, [])
        if not group:
            continue
        changes = [raw_change(e.action, e.entity, e.entity_id, e.shipment_id, e.before, e.after)
                   for e in group]
        shipment_ids = sorted({e.shipment_id for e in group if e.shipment_id is not None})
        last = group[-1]
        result.append(ActionView(key, last.at, last.actor_id, last.actor_email,
                                 tuple(ShipmentRef(i, names.shipments.get(i, f"#{i}")) for i in shipment_ids),
                                 tuple(describe(changes, names)), tuple(group)))
    return result


def _names(session: Session, entries: list[AuditEntry]) -> Names:
    """Look up what the sentences name: references, lines with their items, records' labels."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        wanted[entry.entity].add(entry.entity_id)
    shipments = {k: v for k, v in shipment_references(session, {e.shipment_id for e in entries}).items()
                 if k is not None}
    lines: dict[int, LineFacts] = {}
    if wanted["shipment_lines"]:
        found = (select(ShipmentLine, col(Item.name)).join(Item, col(Item.id) == col(ShipmentLine.item_id))
                 .where(col(ShipmentLine.id).in_(wanted["shipment_lines"])))
        for line, item_name in session.execute(found):
            lines[stored_id(line.id)] = LineFacts(line.line_no, item_name, from_micro(line.base_micro),
                                                  line.base_unit)
    records: dict[tuple[str, int], str] = {}
    labels = (("organizations", col(Organization.id), col(Organization.name)),
              ("items", col(Item.id), col(Item.sku)), ("users", col(User.id), col(User.email)))
    for entity, row_key, label in labels:
        if wanted[entity]:
            query = select(row_key, label).where(row_key.in_(wanted[entity]))
            records.update({(entity, stored_id(row_id)): str(text)
                            for row_id, text in session.execute(query)})
    items: dict[int, str] = {}
    if wanted["shipment_lines"]:  # a removed line names its item by id
        every_item = select(col(Item.id), col(Item.name))
        items = {stored_id(row_id): name for row_id, name in session.execute(every_item)}
    return Names(shipments, lines, items, records)
