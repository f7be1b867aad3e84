"""Use cases for receiving by package: mark packages, settle their states, pre-fill the receipt's lines.

Marks may be saved while the goods are being checked (the receiving page, one package at a
time from its label's QR code, or a scan of many numbers), and are given with the receipt
itself on the API; either way the receipt settles every package in the same transaction that
records the lines (domain/package_receipt.py says how a package not marked is settled).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlmodel import Session, col, select

from logistics.domain.access import Actor, may_move
from logistics.domain.package_receipt import (
    MarkPackage,
    PackageMark,
    PackageState,
    amount_in,
    arrived_per_line,
    check_mark,
    settle,
    too_many,
    unknown_number_message,
    with_default_reason,
)
from logistics.domain.package_views import PackageReceiptView
from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.workflow import Direction, Status, check_transition
from logistics.errors import Forbidden, Invalid
from logistics.models import Attachment, Package, PackageContent, Shipment, ShipmentLine
from logistics.models.types import utcnow
from logistics.services.common import stored_id
from logistics.services.items import units_of
from logistics.services.scoping import find_shipment
from logistics.unit_of_work import writing
from logistics.units import Quantity, format_decimal, from_micro, normalize

NAMED_IN_NOTE = 5  # packages a pre-filled note names before "and N more"


@dataclass(frozen=True)
class LinePrefill:
    """What the receipt form offers for one line: the quantity that arrived in packages, and why."""

    quantity: str                  # "12 carton", as the form shows it
    reason: DiscrepancyReason | None
    note: str


def shipment_packages(session: Session, shipment: Shipment) -> list[Package]:
    """Return a shipment's packages in creation order (parents before the packages on them)."""
    # Without flushing the shipment's pending changes: a receipt's go out in one UPDATE.
    with session.no_autoflush:
        return list(session.exec(select(Package).where(Package.shipment_id == shipment.id)
                                 .order_by(col(Package.id))))


def own_mark(package: Package) -> PackageMark | None:
    """Return the mark given to this package itself (not one inherited from its parent), if any."""
    if package.received_state is None or package.received_from is not None:
        return None
    return PackageMark(PackageState(package.received_state),
                       DiscrepancyReason(package.received_reason) if package.received_reason else None,
                       package.received_note)


def settled_marks(packages: Sequence[Package]) -> dict[int, PackageMark]:
    """Return every package's state as the receipt would record it now (none if none is marked)."""
    own = {stored_id(p.id): mark for p in packages if (mark := own_mark(p)) is not None}
    if not own:
        return {}
    return settle({stored_id(p.id): p.parent_id for p in packages},
                  {stored_id(p.id): p.number for p in packages}, own)


def mark_packages(session: Session, actor: Actor, key: str, marks: Sequence[MarkPackage],
                  cleared: Sequence[str] = ()) -> Shipment:
    """Save marks on a delivered shipment's packages before its receipt is confirmed.

    ``cleared`` names packages whose own mark goes: they follow the package they are on again.
    """
    with writing(session, actor):
        shipment = find_shipment(session, actor, key, packs=False)
        _check_may_receive(actor, shipment)
        packages = shipment_packages(session, shipment)
        apply_marks(actor, shipment, packages, marks, utcnow())
        gone = set(resolve_numbers(session, shipment, cleared)) if cleared else set()
        for package in packages:
            if package.number in gone:
                package.received_state = package.received_reason = package.received_note = None
                package.received_from = package.received_by_id = package.received_at = None
        session.flush()
    return shipment


def check_scanned(session: Session, actor: Actor, key: str, numbers: Sequence[str],
                  others_missing: bool) -> list[str]:
    """Mark the packages scanned (or typed) arrived; with ``others_missing``, the rest missing.

    A package already marked damaged stays damaged. "The rest" are the packages neither named nor
    on or under a named one; only the outermost of them is marked, the packages on it follow it.
    Return the numbers of the packages named.
    """
    with writing(session, actor):
        shipment = find_shipment(session, actor, key, packs=False)
        _check_may_receive(actor, shipment)
        named_numbers = resolve_numbers(session, shipment, numbers)
        packages = shipment_packages(session, shipment)
        by_number = {p.number: p for p in packages}
        marks = [MarkPackage(number, PackageState.ARRIVED) for number in named_numbers
                 if by_number[number].received_state != PackageState.DAMAGED.value
                 or by_number[number].received_from is not None]
        named = {stored_id(by_number[number].id) for number in named_numbers}
        apply_marks(actor, shipment, packages, marks, utcnow())
        if others_missing:
            _mark_rest_missing(actor, packages, named)
        session.flush()
    return named_numbers


def record_at_receipt(session: Session, actor: Actor, shipment: Shipment, marks: Sequence[MarkPackage],
                      when: datetime) -> None:
    """Apply the receipt's marks and settle every package (in the receipt's own transaction)."""
    packages = shipment_packages(session, shipment)
    if not packages:
        if marks:
            message = f"shipment {shipment.reference} has no packages"
            raise Invalid(message, {"packages": [message]})
        return
    apply_marks(actor, shipment, packages, marks, when)
    by_id = {stored_id(p.id): p for p in packages}
    for package_id, mark in settled_marks(packages).items():
        package = by_id[package_id]
        if mark.inherited_from is None:
            continue
        package.received_state, package.received_from = mark.state.value, mark.inherited_from
        package.received_reason = mark.reason.value if mark.reason else None
        package.received_note, package.received_by_id, package.received_at = mark.note, actor.user_id, when


def apply_marks(actor: Actor, shipment: Shipment, packages: Sequence[Package],
                marks: Sequence[MarkPackage], when: datetime) -> set[int]:
    """Check every mark, then set them all (or none): errors name each package by its number."""
    found = {p.number: p for p in packages} | {p.sscc: p for p in packages if p.sscc}
    errors: dict = {}
    chosen: dict[int, tuple[Package, MarkPackage]] = {}
    for index, mark in enumerate(marks):
        package = found.get(mark.number.strip().upper())
        if package is None:
            problems = {"number": [unknown_number_message(mark.number, shipment.reference)]}
        elif stored_id(package.id) in chosen:
            problems = {"number": [f"package {package.number} is listed twice"]}
        else:
            mark = with_default_reason(MarkPackage(package.number, mark.state, mark.reason, mark.note))
            problems = check_mark(mark)
            chosen[stored_id(package.id)] = (package, mark)
        if problems:
            errors.setdefault("packages", {})[index] = problems
    if errors:
        said = [message for problems in errors["packages"].values() for messages in problems.values()
                for message in messages]
        raise Invalid("the packages were not marked: " + "; ".join(said), errors)
    for package, mark in chosen.values():
        note = (mark.note or "").strip() or None
        if own_mark(package) == PackageMark(mark.state, mark.reason, note):
            continue  # said again as it stands: who said it and when stay
        package.received_state, package.received_from = mark.state.value, None
        package.received_reason = mark.reason.value if mark.reason else None
        package.received_note = note
        package.received_by_id, package.received_at = actor.user_id, when
    return set(chosen)


def resolve_numbers(session: Session, shipment: Shipment, numbers: Sequence[str]) -> list[str]:
    """Return the package numbers scanned or typed numbers name (SSCC or number), or refuse unknown ones."""
    problem = too_many(numbers)
    if problem:
        raise Invalid(f"the numbers were not read: {problem}", {"numbers": [problem]})
    packages = shipment_packages(session, shipment)
    found = {p.number: p.number for p in packages} | {p.sscc: p.number for p in packages if p.sscc}
    unknown = [number for number in numbers if number not in found]
    if unknown:
        said = "; ".join(unknown_number_message(number, shipment.reference)
                         for number in unknown[:NAMED_IN_NOTE])
        more = f" (and {len(unknown) - NAMED_IN_NOTE} more)" if len(unknown) > NAMED_IN_NOTE else ""
        raise Invalid(f"the numbers were not read: {said}{more}", {"numbers": [said + more]})
    return [found[number] for number in numbers]


def prefill(session: Session, shipment: Shipment) -> dict[int, LinePrefill]:
    """Return, per line id, the receipt form's quantity from the packages that arrived (none unmarked).

    Unpacked goods are counted as arrived (they were not checked by package). The quantity is in
    the largest of the line's unit and the units it was packed in that counts it exactly, else
    in the line's base unit.
    """
    packages = shipment_packages(session, shipment)
    states = settled_marks(packages)
    if not states:
        return {}
    contents: dict[int, dict[int, int]] = {}
    units_by_line: dict[int, list[str]] = {}
    holders: dict[int, list[int]] = {}
    for content in session.exec(select(PackageContent).where(PackageContent.shipment_id == shipment.id)
                                .order_by(col(PackageContent.id))):
        by_line = contents.setdefault(content.package_id, {})
        by_line[content.line_id] = by_line.get(content.line_id, 0) + content.base_micro
        units_by_line.setdefault(content.line_id, []).append(content.quantity_unit)
        holders.setdefault(content.line_id, []).append(content.package_id)
    arrived = arrived_per_line(contents, states)
    numbers = {stored_id(p.id): p.number for p in packages}
    result = {}
    for line in shipment.lines:
        line_id = stored_id(line.id)
        packed = sum(by_line.get(line_id, 0) for by_line in contents.values())
        if not packed:
            continue
        micro = arrived.get(line_id, 0) + line.base_micro - packed
        result[line_id] = _line_prefill(line, micro, units_by_line.get(line_id, []),
                                        _holding(holders.get(line_id, []), states, numbers))
    return result


def _holding(package_ids: list[int], states: dict[int, PackageMark],
             numbers: dict[int, str]) -> dict[PackageState, list[tuple[str, PackageMark]]]:
    held: dict[PackageState, list[tuple[str, PackageMark]]] = {}
    for package_id in dict.fromkeys(package_ids):
        mark = states[package_id]
        if mark.state is not PackageState.ARRIVED:
            held.setdefault(mark.state, []).append((numbers[package_id], mark))
    return held


def _line_prefill(line: ShipmentLine, micro: int, packed_units: list[str],
                  held: dict[PackageState, list[tuple[str, PackageMark]]]) -> LinePrefill:
    units = units_of(line.item)
    candidates = list(dict.fromkeys([line.quantity_unit, *packed_units]))
    sizes = []
    for unit in candidates:
        try:
            sizes.append((unit, normalize(Quantity(Decimal(1), unit), units).micro))
        except Exception:
            continue
    # the largest unit that counts it exactly: "11 carton" rather than "44 box" or "1100 piece"
    amount = amount_in(micro, sorted(sizes, key=lambda pair: -pair[1]))
    text = (f"{format_decimal(amount[0])} {amount[1]}" if amount
            else f"{format_decimal(from_micro(micro))} {line.base_unit}")
    missing, damaged = held.get(PackageState.MISSING, []), held.get(PackageState.DAMAGED, [])
    if micro < line.base_micro and missing:
        return LinePrefill(text, DiscrepancyReason.SHORT, _named("missing", missing))
    if damaged:
        return LinePrefill(text, DiscrepancyReason.DAMAGED, _named("damaged", damaged))
    return LinePrefill(text, None, "")


def _named(state: str, packages: list[tuple[str, PackageMark]]) -> str:
    shown = [number + (f" ({mark.note})" if mark.note and not mark.inherited_from else "")
             for number, mark in packages[:NAMED_IN_NOTE]]
    more = f" and {len(packages) - NAMED_IN_NOTE} more" if len(packages) > NAMED_IN_NOTE else ""
    return f"package{'s' if len(packages) > 1 else ''} {', '.join(shown)}{more} {state}"[:500]


def receipt_views(session: Session, shipment: Shipment) -> dict[int, PackageReceiptView]:
    """Return each package's receipt as read (by package id), with the ids of its kept files."""
    packages = shipment_packages(session, shipment)
    states = settled_marks(packages)
    if not states and not packages:
        return {}
    files: dict[int, list[int]] = {}
    for attachment_id, package_id in session.execute(
            select(col(Attachment.id), col(Attachment.package_id))
            .where(col(Attachment.shipment_id) == shipment.id, col(Attachment.package_id).is_not(None),
                   col(Attachment.removed_at).is_(None)).order_by(col(Attachment.id))):
        files.setdefault(package_id, []).append(attachment_id)
    views = {}
    for package in packages:
        package_id = stored_id(package.id)
        mark = states.get(package_id)
        if mark is None:
            continue
        views[package_id] = PackageReceiptView(
            state=mark.state.value, reason=mark.reason.value if mark.reason else None, note=mark.note,
            inherited_from=mark.inherited_from, recorded_by_id=package.received_by_id,
            recorded_at=package.received_at, text=mark.text, attachments=tuple(files.get(package_id, ())))
    return views


def may_receive(actor: Actor, shipment: Shipment) -> bool:
    """Say whether this actor may ever confirm this shipment's receipt (and so mark its packages)."""
    return may_move(actor, Direction(shipment.direction), Status.RECEIVED)


def _check_may_receive(actor: Actor, shipment: Shipment) -> None:
    if not may_receive(actor, shipment):
        raise Forbidden("only the receiving side marks packages at receipt")
    check_transition(Status(shipment.status), Status.RECEIVED)


def _mark_rest_missing(actor: Actor, packages: Sequence[Package], named: set[int]) -> None:
    """Mark missing the outermost packages neither named nor on or under a named one."""
    parents = {stored_id(p.id): p.parent_id for p in packages}
    related = set(named)
    for package_id in parents:
        chain, above = [package_id], parents[package_id]
        while above is not None:
            chain.append(above)
            above = parents.get(above)
        if any(link in named for link in chain):
            # the named package's ancestors and descendants: on the same truck
            related.update(chain if package_id in named else chain[:chain.index(
                next(link for link in chain if link in named)) + 1])
    now = utcnow()
    for package in packages:
        package_id = stored_id(package.id)
        if package_id in related:
            continue
        if package.parent_id is not None and package.parent_id not in related:
            package.received_state = package.received_reason = package.received_note = None
            package.received_from = None  # it follows the package it is on
            continue
        package.received_state, package.received_from = PackageState.MISSING.value, None
        package.received_reason = DiscrepancyReason.SHORT.value
        package.received_note = "not scanned at receipt"
        package.received_by_id, package.received_at = actor.user_id, now

