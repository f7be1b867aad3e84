"""The audit trail: recorded in every write's own transaction, read and exported by managers and admins.

Recording hooks into SQLAlchemy, so that no write path (API, pages, CLI, demo) can forget it:
mapper events see each inserted, updated and deleted row of the audited tables (orphans
removed from a collection included, which ``session.deleted`` never lists) while its
attribute history still holds the old values; the rows collected during a flush are then
inserted in one statement at the end of that flush, on the same connection and transaction.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    case,
    cast,
    event,
    false,
    func,
    inspect,
    literal,
    select,
)
from sqlalchemy.orm import Session, object_session
from sqlmodel import Session as ModelSession
from sqlmodel import col

from logistics.csv_writer import csv_chunks
from logistics.domain.access import AUDIT_ROLES, Actor
from logistics.domain.audit import SECRET_COLUMNS, as_json
from logistics.domain.inputs import looks_like_id, parse_id
from logistics.domain.texts import E_
from logistics.errors import Forbidden
from logistics.models import (
    ApiToken,
    Attachment,
    AuditEntry,
    Item,
    ItemPack,
    Organization,
    Package,
    PackageContent,
    PackageType,
    Shipment,
    ShipmentEvent,
    ShipmentLine,
    User,
)
from logistics.models.audit import AppendOnly
from logistics.models.types import utcnow
from logistics.services.pagination import Page, page_of
from logistics.services.scoping import find_shipment
from logistics.unit_of_work import action_of, actor_of

# Attachments are audited by their description; their bytes (AttachmentContent) are not copied.
AUDITED = (Shipment, ShipmentLine, ShipmentEvent, Organization, Item, ItemPack, User, ApiToken, Package,
           PackageContent, PackageType, Attachment)
Audited = (Shipment | ShipmentLine | ShipmentEvent | Organization | Item | ItemPack | User | ApiToken
           | Package | PackageContent | PackageType | Attachment)
# SQLModel builds __table__ with the class, which its type does not tell mypy.
_TABLE: Table = AuditEntry.__table__  # type: ignore[attr-defined]
_PENDING = "logistics_audit_pending"
_ACTION_ID = re.compile(r"[0-9a-f]{32}")  # a unit of work's id (unit_of_work.py: uuid4().hex)
CSV_COLUMNS = ("id", "at", "actor_id", "actor_email", "action", "entity", "entity_id", "shipment_id",
               "before", "after", "action_id")


def install() -> None:
    """Start recording changes to the audited tables, in every session (once per process)."""
    if event.contains(Session, "after_flush", _write_pending):
        return
    event.listen(Session, "before_flush", _start_flush)
    event.listen(Session, "after_flush", _write_pending)
    event.listen(Session, "do_orm_execute", _refuse_bulk_changes)
    for model in AUDITED:
        event.listen(model, "after_insert", _created)
        # Before the UPDATE: a shipment's version (the mapper's version_id_col) leaves the
        # attribute history once its guarded UPDATE has run.
        event.listen(model, "before_update", _updated)
        event.listen(model, "after_delete", _deleted)


def _start_flush(session: Session, _context, _instances) -> None:
    # A flush that failed left its rows behind (and was rolled back): start afresh.
    session.info[_PENDING] = []


def _write_pending(session: Session, _context) -> None:
    rows = session.info.pop(_PENDING, None)
    if rows:
        session.connection().execute(_TABLE.insert(), rows)


def _refuse_bulk_changes(state) -> None:
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ is AuditEntry:
        raise AppendOnly(E_("audit entries cannot be changed or deleted"))


def _created(_mapper, _connection, target: Audited) -> None:
    _collect(target, "create", None, _values(target))


def _updated(_mapper, _connection, target: Audited) -> None:
    before, after = _changes(target)
    if after:  # the unit of work also visits rows whose only change was to a collection
        _collect(target, "update", before, after)


def _deleted(_mapper, _connection, target: Audited) -> None:
    _collect(target, "delete", _values(target), None)


def _values(target: Audited) -> dict:
    """Return a row's loaded column values (never loading more in the middle of a flush)."""
    state = inspect(target)
    return {attr.key: state.dict.get(attr.key) for attr in state.mapper.column_attrs}


def _changes(target: Audited) -> tuple[dict, dict]:
    """Return the old and new values of the columns this flush changes."""
    state = inspect(target)
    before, after = {}, {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if not history.added:
            continue
        old = history.deleted[0] if history.deleted else None
        if history.added[0] != old:
            before[attr.key], after[attr.key] = old, history.added[0]
    return before, after


def _collect(target: Audited, action: str, before: dict | None, after: dict | None) -> None:
    session = object_session(target)
    if session is None:  # mapper events come from a flush, so never without a session
        return
    session.info.setdefault(_PENDING, []).append(entry_row(
        actor_of(session), action, target.__tablename__, target.id, _shipment_of(target), before, after,
        action_of(session)))


def entry_row(actor: Actor | None, action: str, entity: str, entity_id: int | None, shipment_id: int | None,
              before: dict | None, after: dict | None, action_id: str | None = None) -> dict:
    """Return one audit entry's column values (also for rows written in bulk, past the ORM)."""
    return {
        "at": utcnow(), "action": action, "action_id": action_id,
        "actor_id": actor.user_id if actor else None,
        "actor_email": (actor.email or "system") if actor else "system",
        "entity": entity, "entity_id": entity_id, "shipment_id": shipment_id,
        "before": as_json(before), "after": as_json(after),
    }


def record_created(session: Session, table, rows: list[dict], actor: Actor | None) -> None:
    """Record rows inserted in bulk (which the ORM hooks never see), in the same transaction.

    Each entry holds what the ORM hooks would have recorded for the row. A table of plain
    columns (numbers, text, dates, flags, no secrets) has its entries built by the database
    with one INSERT ... SELECT, which spares a JSON encoding and a row sent per entry; the
    others are built here.
    """
    if not rows:
        return
    shipment_key = "id" if table.name == "shipments" else "shipment_id"
    common = entry_row(actor, "create", table.name, 0, None, None, None, action_of(session))
    if _plain_columns(table):
        _record_in_sql(session, table, [row["id"] for row in rows], shipment_key, common)
        return
    from logistics.services.bulk import executemany  # bulk.py imports this module

    names = [column.name for column in table.columns]
    entries = [{**common, "entity_id": row["id"], "shipment_id": row.get(shipment_key),
                "after": as_json({name: row.get(name) for name in names})} for row in rows]
    executemany(session.connection(), _TABLE, entries)  # on SQLite as tuples, past SQLAlchemy's per-row work


def _plain_columns(table) -> bool:
    """Say whether the database can write a table's rows as the same JSON as as_json would."""
    return not SECRET_COLUMNS.intersection(table.columns.keys()) and all(
        isinstance(column.type, (Integer, String, Boolean, Date)) and not isinstance(column.type, DateTime)
        for column in table.columns)


def _record_in_sql(session: Session, table, ids: list[int], shipment_key: str, common: dict) -> None:
    """Insert the audit entries of the given rows of a plain table with INSERT ... SELECT."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    pairs = []
    for column in table.columns:
        value = column
        if sqlite and isinstance(column.type, Boolean):  # SQLite keeps flags as 0 and 1
            value = func.json(case((column.is_(None), "null"), (column == 0, "false"), else_="true"))
        pairs += [literal(column.name), value]
    after = func.json_object(*pairs) if sqlite else cast(func.json_build_object(*pairs), Text)
    audit = _TABLE
    fixed = ("at", "action", "actor_id", "actor_email", "entity", "action_id")
    source = select(*(literal(common[name], audit.c[name].type) for name in fixed),
                    table.c.id, table.c[shipment_key], after).where(_among(table.c.id, ids))
    session.connection().execute(
        audit.insert().from_select([*fixed, "entity_id", "shipment_id", "after"], source))


def _among(column, ids: list[int]):
    """Return "column is one of ids": a range when they follow each other, as bulk inserts' ids do.

    An IN list of a batch's 2,000 ids is as many bound parameters, each processed in Python, and
    SQLite looks each up; a range is two, and one scan of the table's ids.
    """
    if ids and ids == list(range(ids[0], ids[0] + len(ids))):
        return column.between(ids[0], ids[-1])
    return column.in_(ids)


def _shipment_of(target: Audited) -> int | None:
    if isinstance(target, Shipment):
        return target.id
    if isinstance(target, (ShipmentLine, ShipmentEvent, Package, PackageContent, Attachment)):
        return target.shipment_id
    return None


def list_entries(session: Session, actor: Actor, filters: dict):
    """Return a query of audit entries, filtered, newest first (managers and admins only)."""
    if actor.role not in AUDIT_ROLES:
        raise Forbidden(E_("a %(role)s user may not read the audit trail", role=actor.role))
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc())
    for name in ("entity", "entity_id", "actor_id", "action", "shipment_id"):
        if filters.get(name) is not None:
            query = query.where(getattr(AuditEntry, name) == filters[name])
    if filters.get("by_system"):  # the command line and the demo loader act as no user
        query = query.where(col(AuditEntry.actor_id).is_(None))
    if filters.get("shipment"):
        query = query.where(col(AuditEntry.shipment_id).in_(_shipment_ids(filters["shipment"])))
    if filters.get("action_key") is not None:
        query = query.where(_of_action(filters["action_key"]))
    if filters.get("since"):
        query = query.where(AuditEntry.at >= filters["since"])
    if filters.get("until"):
        query = query.where(AuditEntry.at <= filters["until"])
    return query


def _of_action(key: str):
    """Return the condition "recorded by the user action with this key" (audit_actions' keys).

    A hex action id, or "entry-" and the id of an entry recorded before actions were named; any
    other text names no action and matches nothing.
    """
    if _ACTION_ID.fullmatch(key):
        return col(AuditEntry.action_id) == key
    old = parse_id(key[len("entry-"):]) if key.startswith("entry-") else None
    if old is not None:
        return (col(AuditEntry.id) == old) & col(AuditEntry.action_id).is_(None)
    return false()


def entries_page(session: Session, actor: Actor, filters: dict, page: int | None,
                 size: int) -> Page[AuditEntry]:
    """Return one page of the filtered trail, newest first; a page past the end shows the last one."""
    return page_of(session, list_entries(session, actor, filters), page, size)


def shipment_references(session: Session, ids: set[int | None]) -> dict[int | None, str]:
    """Return the references of the shipments with these ids (entries name shipments by id)."""
    wanted = {key for key in ids if key is not None}
    if not wanted:
        return {}
    query = select(col(Shipment.id), col(Shipment.reference)).where(col(Shipment.id).in_(wanted))
    return dict(session.execute(query).all())


def _shipment_ids(key: str):
    """Return the id a shipment key names (an id, or a reference looked up in the database)."""
    if looks_like_id(key):
        row_id = parse_id(key)
        return [row_id] if row_id is not None else []
    return select(col(Shipment.id)).where(col(Shipment.reference) == key.upper())


def shipment_trail(session: ModelSession, actor: Actor, key: str, filters: dict):
    """Return a query of one shipment's audit entries (its header, lines and events), newest first."""
    query = list_entries(session, actor, {**filters, "shipment": None})
    return query.where(AuditEntry.shipment_id == find_shipment(session, actor, key).id)


def export_csv(session: Session, actor: Actor, filters: dict) -> Iterator[str]:
    """Return the filtered trail as CSV text in chunks, read in batches (memory stays flat)."""
    query = list_entries(session, actor, filters)  # refuse now, not once the response has started
    entries = session.scalars(query.execution_options(yield_per=500))
    return csv_chunks(CSV_COLUMNS, ([getattr(entry, column) for column in CSV_COLUMNS] for entry in entries))
