"""Planning an import: checked shipments compared with what is stored -> what to write, without writing.

Planning is the third of an import's stages (read, check, plan, apply). It is plain rules
over plain values: a shipment not stored yet is created; a stored one gets the changed
header columns and lines that its status still allows, and the rest is refused (an import
never moves a shipment along the workflow, and never deletes lines the file does not name).
Lines are keyed by line number, shipments by reference, so a file imported twice plans
nothing the second time.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from logistics.domain.import_rows import ImportLine, ImportShipment, LineValues, ShipmentHeader
from logistics.domain.timeline import ACTUAL_FIELDS
from logistics.domain.transfer import Refusal
from logistics.domain.workflow import (
    FILLED_BY_MOVES,
    HEADER_FIELDS,
    editable_fields,
    is_earlier_or_same,
    lines_editable,
)


@dataclass(frozen=True)
class StoredLine:
    """A line as stored: its id and its values."""

    id: int
    values: LineValues


@dataclass(frozen=True)
class StoredShipment:
    """A shipment as stored, as far as an import compares it: id, version, header, lines by number."""

    id: int
    version: int
    header: ShipmentHeader
    lines: Mapping[int, StoredLine]


@dataclass(frozen=True)
class ShipmentChange:
    """What an import changes on a stored shipment, based on the version it read."""

    shipment_id: int
    version: int
    header: tuple[tuple[str, object], ...]  # (header field, new value), for the fields that change
    lines: tuple[tuple[int | None, ImportLine], ...]  # (stored line id, or None for a new line; new values)


@dataclass(frozen=True)
class Plan:
    """What to write for a batch of checked shipments, what stays, and what is refused."""

    create: tuple[ImportShipment, ...] = ()
    change: tuple[ShipmentChange, ...] = ()
    refusals: tuple[Refusal, ...] = ()
    shipments_updated: int = 0  # shipments with changes (also those whose changes are refused)
    shipments_unchanged: int = 0
    lines_created: int = 0  # in stored shipments and in new ones
    lines_updated: int = 0
    lines_unchanged: int = 0

    @property
    def shipments_created(self) -> int:
        """Return the number of new shipments."""
        return len(self.create)


def plan_shipments(shipments: Iterable[ImportShipment], stored: Mapping[str, StoredShipment]) -> Plan:
    """Compare checked shipments with the stored ones (by reference): what to create, change, refuse."""
    create: list[ImportShipment] = []
    change: list[ShipmentChange] = []
    refusals: list[Refusal] = []
    updated = unchanged = lines_created = lines_updated = lines_unchanged = 0
    for shipment in shipments:
        old = stored.get(shipment.reference)
        if old is None:
            create.append(shipment)
            lines_created += len(shipment.lines)
            continue
        planned, refused, same_lines = _compare(shipment, old)
        refusals.extend(refused)
        lines_unchanged += same_lines
        lines_created += sum(1 for line_id, _ in planned.lines if line_id is None)
        lines_updated += sum(1 for line_id, _ in planned.lines if line_id is not None)
        if not planned.header and not planned.lines:
            unchanged += 1
            continue
        updated += 1
        if not refused:
            change.append(planned)
    return Plan(tuple(create), tuple(change), tuple(refusals), shipments_updated=updated,
                shipments_unchanged=unchanged, lines_created=lines_created, lines_updated=lines_updated,
                lines_unchanged=lines_unchanged)


def _compare(new: ImportShipment, old: StoredShipment) -> tuple[ShipmentChange, list[Refusal], int]:
    """Return what would change on a stored shipment, what of it is refused, and its unchanged lines.

    A file may be older than the shipment: written at a status the shipment has since moved on
    from (an export imported again). Its status is then no change, and neither are the blanks
    where the later moves filled something in (the tracking number at dispatch, what was received).
    """
    status, reference, row = old.header.status, old.header.reference, new.first_row
    refusals = []
    behind = new.header.status != status and is_earlier_or_same(new.header.status, status)
    if new.header.status != status and not behind:
        refusals.append(Refusal(row, "status", str(new.header.status),
                                f"shipment {reference} is {status}: an import does not move a shipment "
                                "along the workflow (use its status buttons or POST .../events)"))
    header = {name: getattr(new.header, name) for name in HEADER_FIELDS
              if getattr(new.header, name) != getattr(old.header, name)
              and not (behind and name in FILLED_BY_MOVES and getattr(new.header, name) is None)}
    for name in sorted(set(header) - set(editable_fields(status))):
        column = "counterparty" if name == "counterparty_id" else name
        refusals.append(Refusal(row, column, _text(header[name]),
                                f"cannot change while shipment {reference} is {status} "
                                f"(it holds {_held(getattr(old.header, name))})"))
    for name in ACTUAL_FIELDS:
        given, held = getattr(new.header, name), getattr(old.header, name)
        if given is not None and given != held:
            refusals.append(Refusal(row, name, given.isoformat(),
                                    f"shipment {reference}'s {name} comes from its history "
                                    f"(it holds {_held(held)}): record the event with its time instead"))
    lines: list[tuple[int | None, ImportLine]] = []
    unchanged = 0
    for line in new.lines:
        stored = old.lines.get(line.line_no)
        if stored is not None and _same_line(line.values, stored.values, received_later=behind):
            unchanged += 1
        elif not lines_editable(status):
            what = "change" if stored is not None else "gain a line"
            refusals.append(Refusal(line.row, "line_no", str(line.line_no),
                                    f"shipment {reference} is {status}: its lines cannot {what} "
                                    "(only draft or confirmed shipments can be edited)"))
        else:
            lines.append((None if stored is None else stored.id, line))
    return ShipmentChange(old.id, old.version, tuple(header.items()), tuple(lines)), refusals, unchanged


_RECEIVED = ("received", "received_base", "received_note", "received_reason")


def _same_line(given: LineValues, held: LineValues, *, received_later: bool) -> bool:
    """Say whether a file's line equals the stored one, leaving aside a receipt recorded since."""
    if given == held:
        return True
    if not received_later or any(getattr(given, name) is not None for name in _RECEIVED):
        return False
    return given == held._replace(received=None, received_base=None, received_note=None,
                                  received_reason=None)


def _text(value: object) -> str | None:
    """Return a value as a refusal shows it."""
    return None if value is None else str(value)


def _held(value: object) -> str:
    """Say what a stored column holds, as its stored value's repr ('SK', datetime.date(2020, 3, 2), None)."""
    return repr(value.value if isinstance(value, Enum) else value)
