"""What of a shipment's lines is packed: the sums that packing and line edits both check against."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from logistics.domain.texts import E_, figure
from logistics.errors import Conflict
from logistics.models import PackageContent, ShipmentLine
from logistics.units import from_micro


def packed_by_line(session: Session, shipment_id: int) -> dict[int, int]:
    """Return the packed millionths of each line of a shipment, across all its packages."""
    table = PackageContent.__table__  # type: ignore[attr-defined]  # SQLModel builds it with the class
    rows = session.execute(select(table.c.line_id, func.sum(table.c.base_micro))
                           .where(table.c.shipment_id == shipment_id).group_by(table.c.line_id)).all()
    return {line_id: int(total) for line_id, total in rows}


def check_line_change(session: Session, line: ShipmentLine, columns: dict) -> None:
    """Refuse a line change that would leave its packages holding more than the line, or another kind."""
    if line.id is None or ("base_micro" not in columns and "dimension" not in columns):
        return
    packed = packed_by_line(session, line.shipment_id).get(line.id, 0)
    if not packed:
        return
    dimension = columns.get("dimension", line.dimension)
    micro = columns.get("base_micro", line.base_micro)
    if dimension != line.dimension:
        raise Conflict(E_("line %(line)s is packed by %(packed)s: unpack it before giving it in "
                          "%(dimension)s", line=line.line_no, packed=line.dimension, dimension=dimension),
                       {"quantity": [E_("packed by %(packed)s; unpack it first", packed=line.dimension)]})
    if micro < packed:
        amount = figure(from_micro(packed), line.base_unit)
        raise Conflict(E_("line %(line)s has %(amount)s in packages: it cannot become less than that",
                          line=line.line_no, amount=amount),
                       {"quantity": [E_("at least %(amount)s (packed); unpack first to go below",
                                        amount=amount)]})


def check_line_removal(session: Session, line: ShipmentLine) -> None:
    """Refuse removing a line that is in packages (unpack it first)."""
    if line.id is not None and packed_by_line(session, line.shipment_id).get(line.id):
        raise Conflict(E_("line %(line)s is in packages: take it out of them before removing it",
                          line=line.line_no), {"line": [E_("packed; unpack it first")]})
