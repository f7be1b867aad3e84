"""The stock position report: per item and unit, received in and dispatched out in a period (staff and up)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session, col

from logistics.domain.access import STAFF_ROLES, Actor
from logistics.domain.stock import StockReport, stock_position
from logistics.domain.stock_summary import file_name, stock_summary
from logistics.domain.workflow import MOVED, Status
from logistics.errors import Forbidden
from logistics.models import Item
from logistics.pdf import stock as pdf
from logistics.services.documents import Document
from logistics.services.reports import data_as_of, flows
from logistics.units import from_micro

# Received in: inbound goods that arrived. Dispatched out: outbound goods that left (in transit or later).
RECEIVED = (Status.DELIVERED, Status.RECEIVED)
DISPATCHED = tuple(MOVED)


def stock(session: Session, actor: Actor, date_from: date | None = None, date_to: date | None = None,
          mass_unit: str = "kg") -> StockReport:
    """Report per item and unit what was received in and dispatched out in the period, and the difference."""
    if actor.role not in STAFF_ROLES:
        raise Forbidden(f"a {actor.role} user may not read the stock position")
    # the period is still the planned departure's (see README, Flow reports: Stock position)
    received = flows(session, actor, ["direction", "item"], None, date_from, date_to,
                     [str(status) for status in RECEIVED], mass_unit, date_basis="planned")
    dispatched = flows(session, actor, ["direction", "item"], None, date_from, date_to,
                       [str(status) for status in DISPATCHED], mass_unit, date_basis="planned")
    ids = {row.keys["item"].id for row in (*received.rows, *dispatched.rows)  # type: ignore[union-attr]
           if row.keys.get("item") is not None}
    items: dict[int, tuple[str, Decimal | None]] = {
        item_id: (unit, from_micro(mass) if mass is not None else None)
        for item_id, unit, mass in session.execute(
            select(col(Item.id), col(Item.base_unit), col(Item.unit_mass_micro_kg))
            .where(col(Item.id).in_(ids)))}
    return stock_position(received.rows, dispatched.rows, items, mass_unit, date_from, date_to,
                          RECEIVED, DISPATCHED)


def stock_pdf(session: Session, actor: Actor, date_from: date | None = None, date_to: date | None = None,
              mass_unit: str = "kg", paper: str = "a4") -> Document:
    """Print the stock position (staff and up): filters, a row per item and unit, flagged estimates.

    The same data gives the same bytes: "data as of" is when what it counts last changed.
    """
    report = stock(session, actor, date_from, date_to, mass_unit)
    moved = sorted({*RECEIVED, *DISPATCHED}, key=list(Status).index)
    data = stock_summary(report, data_as_of(session, actor, date_from, date_to, moved, "planned"))
    content, pages = pdf.stock_report(data, paper)
    return Document(file_name(data), content, data.revision, data.checksum, pages)
