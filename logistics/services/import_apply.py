"""Applying an import's plan: the last of its stages (read, check, plan, apply), the only one that writes.

Changes to stored shipments go through the ORM, as soon as they are planned: they are few,
and the ORM's hooks audit them. New shipments are many (a spreadsheet of 100,000 lines), so
each is kept as column values until the batch ends, then written with bulk INSERTs: ids
taken before a plain executemany (not INSERT ... RETURNING, which psycopg spent most of its
time parsing), audit entries built by the database beside them in the same transaction.
Values are formatted for storage here, at this edge, and nowhere earlier.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from logistics.domain.access import Actor
from logistics.domain.customs import Incoterm
from logistics.domain.import_plan import Plan, ShipmentChange
from logistics.domain.import_rows import LineValues, ShipmentHeader
from logistics.domain.texts import E_
from logistics.domain.timeline import ACTUAL_FIELDS
from logistics.domain.workflow import HEADER_FIELDS, Direction, Kind, Status, TransportMode
from logistics.errors import Conflict
from logistics.models import Shipment, ShipmentEvent, ShipmentLine
from logistics.models.shipments import new_tracking_token
from logistics.models.types import utcnow
from logistics.services.bulk import insert_audited
from logistics.services.common import unique
from logistics.services.lines import measured_columns, value_columns
from logistics.services.scoping import claim_version
from logistics.units import format_decimal, to_micro


@dataclass
class NewRows:
    """A batch's new shipments with their lines, as column values, until they are written in bulk.

    Kept as plain values, not as the checked shipments: dictionaries of text, numbers and dates
    are invisible to the garbage collector, which otherwise visits thousands of typed lines
    over and over while a batch fills (the import was 15% slower).
    """

    shipments: list[dict] = field(default_factory=list)
    lines: list[list[dict]] = field(default_factory=list)  # per shipment, in the same order


def apply(session: Session, actor: Actor, plan: Plan, new: NewRows) -> None:
    """Apply a plan: changes to stored shipments now, through the ORM; new ones kept in ``new``."""
    for change in plan.change:
        _change(session, actor, change)
    for shipment in plan.create:
        new.shipments.append(header_columns(shipment.header))
        new.lines.append([line_columns(line.values) for line in shipment.lines])


def write_new(session: Session, actor: Actor, new: NewRows, note: str) -> None:
    """Write the new shipments, their lines and their first history entries in bulk, audited; flush."""
    if new.shipments:
        now, user = utcnow(), actor.user_id
        for row in new.shipments:
            row.update(tracking_token=new_tracking_token(), version=1, created_at=now, created_by_id=user,
                       updated_at=now, updated_by_id=user)
        with unique("reference", E_("another user created one of these shipments meanwhile: import again")):
            insert_audited(session, actor, Shipment, new.shipments)
        lines: list[dict] = []
        events: list[dict] = []
        for row, its_lines in zip(new.shipments, new.lines, strict=True):
            for columns in its_lines:
                columns["shipment_id"] = row["id"]
            lines.extend(its_lines)
            events.append({"shipment_id": row["id"], "kind": "created", "from_status": None,
                           "to_status": row["status"], "occurred_at": now, "actor_id": user,
                           "location": None, "note": note, "tracking_number": None})
        insert_audited(session, actor, ShipmentLine, lines)
        insert_audited(session, actor, ShipmentEvent, events)
    session.flush()


def _change(session: Session, actor: Actor, change: ShipmentChange) -> None:
    """Apply changes to a stored shipment (as of the version planned on), audited by the ORM's hooks."""
    shipment = session.get(Shipment, change.shipment_id)  # read for the plan, still in the session
    if shipment is None:
        raise Conflict(E_("a shipment of this file was deleted meanwhile: import again"))
    claim_version(session, shipment, change.version, actor)
    for name, value in change.header:
        setattr(shipment, name, _column(value))
    stored = {line.id: line for line in shipment.lines}
    for line_id, line in change.lines:
        columns = line_columns(line.values)
        if line_id is None:
            shipment.lines.append(ShipmentLine(**columns))
        else:
            for name, value in columns.items():
                setattr(stored[line_id], name, value)


def header_columns(header: ShipmentHeader) -> dict:
    """Return a new shipment's stored columns from its checked header (enums as their values)."""
    return {"reference": header.reference, "status": header.status.value,
            **{name: _column(getattr(header, name)) for name in HEADER_FIELDS},
            **{name: getattr(header, name) for name in ACTUAL_FIELDS}}


def line_columns(values: LineValues) -> dict:
    """Return a line's stored columns from its typed values (decimals as exact text, quantities in micro)."""
    received, base = values.received, values.received_base
    return {**measured_columns(values.quantity, values.normalized),
            "line_no": values.line_no, "item_id": values.item_id, "lot": values.lot, "expiry": values.expiry,
            **value_columns(values.value), "country_of_origin": values.country_of_origin,
            "net_mass_value": None if values.net_mass is None else format_decimal(values.net_mass.value),
            "net_mass_unit": None if values.net_mass is None else values.net_mass.unit,
            "net_mass_micro": None if values.net_mass_kg is None else to_micro(values.net_mass_kg),
            "received_value": None if received is None else format_decimal(received.value),
            "received_unit": None if received is None else received.unit,
            "received_micro": None if base is None else to_micro(base),
            "received_note": values.received_note, "received_reason": values.received_reason}


def _column(value: object) -> object:
    """Return a header value as its column holds it: an enum as its text value."""
    return value.value if isinstance(value, (Direction, Kind, Status, TransportMode, Incoterm)) else value
