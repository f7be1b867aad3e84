"""Use cases for a shipment's history: status transitions, checkpoints and receipt.

This is the only writer of a shipment's status: it appends the event and moves
the status in one transaction. It takes a ``RecordEvent`` command (domain/shipments.py);
who may make which move is domain/access.py's ``moves_for``, as on the API and the pages.

The event is also the outbox's entry for the notifications it causes (``notify_pending``): the
worker writes them from it (services/fan_out.py), so a change that rolls back tells no one and
one that commits is never forgotten, at no statement's cost to the change.
"""
from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from logistics.domain.access import Actor, may_move, may_record_checkpoint
from logistics.domain.receipt import check_discrepancy
from logistics.domain.shipments import ReceivedLine, RecordEvent, UnreadQuantity
from logistics.domain.texts import E_, figure, join, message_of
from logistics.domain.timeline import ACTUAL_DATES, check_occurred_at
from logistics.domain.workflow import Direction, Status, check_transition, tracking_number_may_change
from logistics.errors import Forbidden, Invalid, summarize
from logistics.models import Shipment, ShipmentEvent, ShipmentLine
from logistics.models.types import utcnow
from logistics.services.common import stored_id
from logistics.services.items import units_of
from logistics.services.package_receipt import record_at_receipt
from logistics.services.scoping import claim_version, find_shipment
from logistics.unit_of_work import writing
from logistics.units import (
    ItemUnits,
    Normalized,
    Quantity,
    QuantityError,
    format_decimal,
    from_micro,
    measure,
)


def post_event(session: Session, actor: Actor, key: str, expected_version: int,
               command: RecordEvent) -> ShipmentEvent:
    """Record a status change (with receipt quantities) or a checkpoint on a shipment."""
    return record_event(session, actor, key, expected_version, command)[0]


def record_event(session: Session, actor: Actor, key: str, expected_version: int,
                 command: RecordEvent) -> tuple[ShipmentEvent, Shipment]:
    """Record an event as ``post_event`` does; return it with the shipment as it now stands.

    The shipment is the one the write changed (its lines and items loaded): a reader can show
    it without reading it again.
    """
    with writing(session, actor):
        # Packs are read only for a receipt, whose quantities may be given in packs.
        shipment = find_shipment(session, actor, key, packs=command.status is Status.RECEIVED)
        target = command.status
        _check_permission(actor, shipment, target)
        claim_version(session, shipment, expected_version, actor)
        _check_tracking_number(shipment, target, command)
        recorded_at = utcnow()
        occurred_at = command.occurred_at or recorded_at
        check_occurred_at(occurred_at, recorded_at, _latest(session, shipment))
        occurred_at = occurred_at.astimezone(UTC)  # kept and answered in UTC, as it reads back
        if target is None:
            return _checkpoint(session, actor, shipment, command, occurred_at, recorded_at), shipment
        check_transition(Status(shipment.status), target)
        _check_payload(actor, shipment, target, command)
        if target is Status.RECEIVED:
            record_at_receipt(session, actor, shipment, command.packages, occurred_at)
            _record_receipt(shipment, command.received)
        if command.tracking_number:
            shipment.tracking_number = command.tracking_number
        event = ShipmentEvent(shipment_id=stored_id(shipment.id), kind="transition",
                              from_status=shipment.status, to_status=target.value, actor_id=actor.user_id,
                              location=command.location, note=command.note,
                              tracking_number=command.tracking_number, occurred_at=occurred_at,
                              recorded_at=recorded_at, notify_pending=True)
        shipment.status = target.value
        if target in ACTUAL_DATES and getattr(shipment, ACTUAL_DATES[target]) is None:
            setattr(shipment, ACTUAL_DATES[target], occurred_at)
        session.add(event)
        session.flush()
    return event, shipment


def list_events(session: Session, actor: Actor, key: str) -> list[ShipmentEvent]:
    """Return a shipment's history in the order it was recorded (which is also when it happened).

    Every event after the creation happened no earlier than the one before it (check_occurred_at),
    so this is the order of the actual times; the creation comes first although it may have been
    typed in long after the goods moved.
    """
    shipment = find_shipment(session, actor, key)
    return list(session.exec(select(ShipmentEvent).where(ShipmentEvent.shipment_id == shipment.id)
                             .order_by(col(ShipmentEvent.id))))


def _latest(session: Session, shipment: Shipment) -> datetime | None:
    """Return when the shipment's latest event happened (its creation, which is only logging, aside)."""
    # Without flushing the claimed version now: the shipment's changes go out in one UPDATE.
    with session.no_autoflush:
        return session.execute(select(func.max(ShipmentEvent.occurred_at))
                               .where(ShipmentEvent.shipment_id == shipment.id,
                                      col(ShipmentEvent.kind) != "created")).scalar_one()


def _check_tracking_number(shipment: Shipment, target: Status | None, command: RecordEvent) -> None:
    if command.tracking_number and not tracking_number_may_change(Status(shipment.status), target):
        message = E_("a tracking number is given when dispatching (status in_transit) or in a checkpoint "
                     "before the shipment is closed; this shipment is %(status)s", status=shipment.status)
        raise Invalid(message, {"tracking_number": [message]})


def _check_permission(actor: Actor, shipment: Shipment, target: Status | None) -> None:
    """Refuse (403) what this actor may never do on this shipment.

    This is may_move, the permission half of moves_for: a move the actor may make, but not from
    the current status, passes here and is refused by the workflow as a 409 naming the allowed
    statuses (a partner posting receipt of an outbound shipment still in transit).
    """
    direction = Direction(shipment.direction)
    if may_record_checkpoint(actor) if target is None else may_move(actor, direction, target):
        return
    if direction is Direction.OUTBOUND:
        raise Forbidden(E_("a partner may only confirm receipt (status received) on this shipment"))
    raise Forbidden(E_("a partner may only report dispatch (status in_transit, with a tracking number) "
                       "on this shipment"))


def _check_payload(actor: Actor, shipment: Shipment, target: Status, command: RecordEvent) -> None:
    errors = {}
    if command.received and target is not Status.RECEIVED:
        errors["received"] = [E_("received quantities go with status received")]
    if command.packages and target is not Status.RECEIVED:
        errors["packages"] = [E_("package states go with status received")]
    if target is Status.CONFIRMED and not shipment.lines:
        errors["status"] = [E_("a shipment with no lines cannot be confirmed: add lines first")]
    if target is Status.IN_TRANSIT and actor.is_partner and not command.tracking_number:
        errors["tracking_number"] = [E_("give the carrier's tracking number when reporting dispatch")]
    if errors:
        raise Invalid(E_("the event was not recorded: %(problems)s", problems=summarize(errors)), errors)


def _checkpoint(session: Session, actor: Actor, shipment: Shipment, command: RecordEvent,
                occurred_at: datetime, recorded_at: datetime) -> ShipmentEvent:
    if not (command.location or command.note):
        raise Invalid(E_("a checkpoint needs a location or a note"),
                      {"location": [E_("give a location or a note (or a status to change it)")]})
    if command.received or command.packages:
        raise Invalid(E_("received quantities and package states go with status received"),
                      {"received" if command.received else "packages": [E_("they go with status received")]})
    if command.tracking_number:
        shipment.tracking_number = command.tracking_number
    event = ShipmentEvent(shipment_id=stored_id(shipment.id), kind="checkpoint", actor_id=actor.user_id,
                          location=command.location, note=command.note,
                          tracking_number=command.tracking_number, occurred_at=occurred_at,
                          recorded_at=recorded_at, notify_pending=True)
    session.add(event)
    session.flush()
    return event


def _record_receipt(shipment: Shipment, received: tuple[ReceivedLine, ...]) -> None:
    """Record what arrived per line; lines not listed arrived in full."""
    by_id = {line.id: line for line in shipment.lines}
    errors: dict = {}
    seen: set[int] = set()
    for index, entry in enumerate(received):
        line = by_id.get(entry.line_id)
        if line is None:
            errors.setdefault("received", {})[index] = {
                "line_id": [E_("no line with id %(id)s is on shipment %(reference)s", id=entry.line_id,
                               reference=shipment.reference)]}
            continue
        if entry.line_id in seen:
            errors.setdefault("received", {})[index] = {
                "line_id": [E_("line %(line)s is listed twice", line=line.line_no)]}
            continue
        seen.add(entry.line_id)
        try:
            problems = _receive_line(line, entry)
        except QuantityError as error:
            text = message_of(error)
            problems = {"quantity": [text if text.startswith("line ") else
                                     E_("line %(line)s: %(problem)s", line=line.line_no, problem=text)]}
        if problems:
            errors.setdefault("received", {})[index] = problems
    if errors:
        # Every message names its line by the number printed on the documents (from 1), so the
        # summary reads without the request's positions ("received.3.quantity").
        said = [message for problems in errors["received"].values() for messages in problems.values()
                for message in messages]
        raise Invalid(E_("the receipt was not recorded: %(problems)s", problems=join(said)), errors)
    for line in shipment.lines:
        if line.id not in seen:
            line.received_value, line.received_unit = line.quantity_value, line.quantity_unit
            line.received_micro = line.base_micro
            line.received_reason = None


def _receive_line(line: ShipmentLine, entry: ReceivedLine) -> dict[str, list[str]]:
    """Record what arrived of a line; return what is wrong with its reason instead, if anything."""
    sent = {key: getattr(line, key) for key in ("line_no", "dimension", "quantity_value", "quantity_unit")}
    if isinstance(entry.quantity, UnreadQuantity):  # _record_receipt refuses these first
        raise QuantityError(entry.quantity.problem)
    columns = received_columns(units_of(line.item), sent, entry.quantity)
    difference = from_micro(columns["received_micro"] - line.base_micro)
    problems = check_discrepancy(line.line_no, difference, line.base_unit, entry.reason, entry.note)
    if problems:
        return problems
    for key, value in columns.items():
        setattr(line, key, value)
    line.received_note = entry.note
    line.received_reason = entry.reason.value if entry.reason else None
    return {}


def received_columns(units: ItemUnits, sent: dict, quantity: Quantity) -> dict:
    """Return a line's stored receipt columns; what arrived is measured as the line was sent."""
    kept, normalized = measure_received(units, sent, quantity)
    return {"received_value": format_decimal(kept.value), "received_unit": kept.unit,
            "received_micro": normalized.micro}


def measure_received(units: ItemUnits, sent: dict, quantity: Quantity) -> tuple[Quantity, Normalized]:
    """Return what arrived of a line as kept and normalised: by the dimension the line was sent by.

    ``sent`` names the line for the message: its line_no, dimension, quantity_value and quantity_unit.
    """
    kept, normalized = measure(quantity, units, allow_zero=True)
    if normalized.dimension.value != sent["dimension"]:
        raise QuantityError(E_(
            "line %(line)s was sent by %(dimension)s (%(quantity)s): give what arrived by %(dimension)s too",
            line=sent["line_no"], dimension=sent["dimension"],
            quantity=figure(Decimal(str(sent["quantity_value"])), sent["quantity_unit"],
                            english=" ".join((str(sent["quantity_value"]), sent["quantity_unit"])))))
    return kept, normalized
