"""The stock position report: per item and unit, received in and dispatched out in a period (staff and up)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session, col

from logistics.document_language import Wording
from logistics.domain.access import STAFF_ROLES, Actor
from logistics.domain.reports import ARRIVAL, check_date_basis
from logistics.domain.stock import StockReport, stock_position
from logistics.domain.stock_summary import file_name, stock_summary
from logistics.domain.texts import E_
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
          mass_unit: str = "kg", date_basis: str = "actual") -> StockReport:
    """Report per item and unit what was received in and dispatched out in the period, and the difference.

    On the actual basis (the default) goods count as in on the day they arrived (received, else
    delivered) and as out on the day they left; on the planned basis both by the planned departure.
    """
    if actor.role not in STAFF_ROLES:
        raise Forbidden(E_("a %(role)s user may not read the stock position", role=actor.role))
    check_date_basis(date_basis)
    received = flows(session, actor, ["direction", "item"], None, date_from, date_to,
                     [str(status) for status in RECEIVED], mass_unit, date_basis=_in_basis(date_basis))
    dispatched = flows(session, actor, ["direction", "item"], None, date_from, date_to,
                       [str(status) for status in DISPATCHED], mass_unit, date_basis=date_basis)
    ids = {row.keys["item"].id for row in (*received.rows, *dispatched.rows)  # type: ignore[union-attr]
           if row.keys.get("item") is not None}
    items: dict[int, tuple[str, Decimal | None]] = {
        item_id: (unit, from_micro(mass) if mass is not None else None)
        for item_id, unit, mass in session.execute(
            select(col(Item.id), col(Item.base_unit), col(Item.unit_mass_micro_kg))
            .where(col(Item.id).in_(ids)))}
    return stock_position(received.rows, dispatched.rows, items, mass_unit, date_from, date_to,
                          RECEIVED, DISPATCHED, date_basis)


def _in_basis(date_basis: str) -> str:
    """Return how goods received in are dated: by their arrival on the actual basis."""
    return ARRIVAL if date_basis == "actual" else date_basis


def stock_pdf(session: Session, actor: Actor, date_from: date | None = None, date_to: date | None = None,
              mass_unit: str = "kg", paper: str = "a4", date_basis: str = "actual",
              language: str = "en") -> Document:
    """Print the stock position (staff and up): filters, a row per item and unit, flagged estimates.

    The same data gives the same bytes: "data as of" is when what it counts last changed.
    """
    report = stock(session, actor, date_from, date_to, mass_unit, date_basis)
    changed = [data_as_of(session, actor, date_from, date_to, list(RECEIVED), _in_basis(date_basis)),
               data_as_of(session, actor, date_from, date_to, list(DISPATCHED), date_basis)]
    data = stock_summary(report, max((moment for moment in changed if moment), default=None),
                         Wording(language))
    content, pages = pdf.stock_report(data, paper)
    return Document(file_name(data), content, data.revision, data.checksum, pages)
