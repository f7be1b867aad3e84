"""Use cases for receiving by package: mark packages, settle their states, pre-fill the receipt's lines.

Marks may be saved while the goods are being checked (the receiving page, one package at a
time from its label's QR code, or a scan of many numbers), and are given with the receipt
itself on the API; either way the receipt settles every package in the same transaction that
records the lines (domain/package_receipt.py says how a package not marked is settled).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from logistics.domain.access import Actor, may_move
from logistics.domain.package_receipt import (
    MarkPackage,
    PackageMark,
    PackageState,
    check_mark,
    settle,
    too_many,
    unknown_number_message,
    with_default_reason,
)
from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.texts import E_, join
from logistics.domain.workflow import Direction, Status, check_transition
from logistics.errors import Forbidden, Invalid
from logistics.models import Package, Shipment
from logistics.models.types import utcnow
from logistics.services.common import stored_id
from logistics.services.scoping import find_shipment
from logistics.unit_of_work import writing

NAMED_IN_NOTE = 5  # packages a pre-filled note names before "and N more"


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
            message = E_("shipment %(reference)s has no packages", reference=shipment.reference)
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
            problems = {"number": [E_("package %(number)s is listed twice", number=package.number)]}
        else:
            mark = with_default_reason(MarkPackage(package.number, mark.state, mark.reason, mark.note))
            problems = check_mark(mark)
            chosen[stored_id(package.id)] = (package, mark)
        if problems:
            errors.setdefault("packages", {})[index] = problems
    if errors:
        said = [message for problems in errors["packages"].values() for messages in problems.values()
                for message in messages]
        raise Invalid(E_("the packages were not marked: %(problems)s", problems=join(said)), errors)
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
        raise Invalid(E_("the numbers were not read: %(problems)s", problems=problem), {"numbers": [problem]})
    packages = shipment_packages(session, shipment)
    found = {p.number: p.number for p in packages} | {p.sscc: p.number for p in packages if p.sscc}
    unknown = [number for number in numbers if number not in found]
    if unknown:
        said = join(unknown_number_message(number, shipment.reference) for number in unknown[:NAMED_IN_NOTE])
        if len(unknown) > NAMED_IN_NOTE:
            said = E_("%(listed)s (and %(more)s more)", listed=said, more=len(unknown) - NAMED_IN_NOTE)
        raise Invalid(E_("the numbers were not read: %(problems)s", problems=said), {"numbers": [said]})
    return [found[number] for number in numbers]


def may_receive(actor: Actor, shipment: Shipment) -> bool:
    """Say whether this actor may ever confirm this shipment's receipt (and so mark its packages)."""
    return may_move(actor, Direction(shipment.direction), Status.RECEIVED)


def _check_may_receive(actor: Actor, shipment: Shipment) -> None:
    if not may_receive(actor, shipment):
        raise Forbidden(E_("only the receiving side marks packages at receipt"))
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

