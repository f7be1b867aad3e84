"""Reading receipt by package: each package's receipt as read, and the receipt form's pre-filled lines."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from logistics.domain.package_receipt import (
    PackageMark,
    PackageState,
    amount_in,
    arrived_per_line,
)
from logistics.domain.package_views import PackageReceiptView
from logistics.domain.receipt import DiscrepancyReason
from logistics.models import Attachment, Package, PackageContent, Shipment, ShipmentLine
from logistics.services.common import stored_id
from logistics.services.items import units_of
from logistics.services.package_receipt import settled_marks, shipment_packages
from logistics.units import Quantity, format_decimal, from_micro, normalize

NAMED_IN_NOTE = 5  # packages a pre-filled note names before "and N more"


@dataclass(frozen=True)
class LinePrefill:
    """What the receipt form offers for one line: the quantity that arrived in packages, and why."""

    quantity: str                  # "12 carton", as the form shows it
    reason: DiscrepancyReason | None
    note: str


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
    """Return each package's receipt as read (by package id), with the ids of its kept files.

    One read of the packages' receipt columns (not whole rows: the packages list reads 10,000);
    nothing more while no package is marked, the usual case before receipt.
    """
    rows = session.execute(
        columns(col(Package.id), col(Package.parent_id), col(Package.number), col(Package.received_state),
               col(Package.received_reason), col(Package.received_note), col(Package.received_from),
               col(Package.received_by_id), col(Package.received_at))
        .where(col(Package.shipment_id) == shipment.id).order_by(col(Package.id))).all()
    if not any(row.received_state for row in rows):
        return {}
    states = settled_marks(rows)  # type: ignore[arg-type]  # rows carry the columns it reads
    files: dict[int, list[int]] = {}
    for attachment_id, package_id in session.execute(
            select(col(Attachment.id), col(Attachment.package_id))
            .where(col(Attachment.shipment_id) == shipment.id, col(Attachment.package_id).is_not(None),
                   col(Attachment.removed_at).is_(None)).order_by(col(Attachment.id))):
        files.setdefault(package_id, []).append(attachment_id)
    views = {}
    for row in rows:
        mark = states.get(row.id)
        if mark is None:
            continue
        views[row.id] = PackageReceiptView(
            state=mark.state.value, reason=mark.reason.value if mark.reason else None, note=mark.note,
            inherited_from=mark.inherited_from, recorded_by_id=row.received_by_id,
            recorded_at=row.received_at, text=mark.text, attachments=tuple(files.get(row.id, ())))
    return views


