"""Pages of the shipment list: summaries of only what a list shows, newest first, by keyset or number.

A list row is the shipment's header, its counterparty and its number of lines, read as plain rows
(no ORM objects) with one grouped count of lines for the whole page; lines and totals are read
only when asked for (``with_totals``), in one more statement for the page. So a page costs a
constant number of statements whatever its size, and the work per shipment is the header's.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func
from sqlalchemy.orm import joinedload
from sqlmodel import Session, col, select

from logistics.domain.access import Actor
from logistics.domain.shipments import CUSTOMS_FIELDS, Counterparty, ShipmentSummary
from logistics.domain.totals import LineFacts, ShipmentTotals, shipment_totals
from logistics.models import Organization, Shipment, ShipmentLine
from logistics.services.pagination import Cursor, KeysetPage, Page, PastEnd, keyset_page, page_of
from logistics.services.shipments import list_shipments
from logistics.services.totals import facts_of, head_of

COLUMNS = Shipment.__table__.c  # type: ignore[attr-defined]
KEY: ColumnElement[int] = COLUMNS.id  # the list's order: newest first; ids only grow
# What a list row becomes: (row, actor, line count, totals or None, public_url) -> a summary.
Summarise = Callable[[Any, Actor, int, ShipmentTotals | None, str | None], Any]
HEADER = ("id", "reference", "direction", "kind", "status", "version", "origin_country", "origin_place",
          "destination_country", "destination_place", "carrier", "transport_mode", "tracking_number",
          "planned_departure", "expected_arrival", "notes", "created_at", "created_by_id", "updated_at",
          "updated_by_id", "dispatched_at", "delivered_at", "received_at", "tracking_token",
          *CUSTOMS_FIELDS)
LIST_COLUMNS = (*HEADER, "org_id", "org_name", "org_country")  # a list row's columns, in this order


def shipment_page(session: Session, actor: Actor, filters: dict, size: int, *, cursor: str | None = None,
                  page: int | None = None, past_end: PastEnd = "empty",
                  with_totals: bool = False, public_url: str | None = None,
                  summarise: Summarise | None = None) -> KeysetPage | Page:
    """Return a page of the shipments an actor may see: at a cursor, or numbered if ``page`` is given.

    Staff read each shipment's tracking link too, given the service's ``public_url``. Each row
    is made a ``ShipmentSummary`` (``summary_of``), or whatever ``summarise`` makes of it with
    the same arguments: the API builds its JSON straight from the rows (schemas/shipment_json.py).
    """
    summarise = summarise or summary_of
    query = list_shipments(session, actor, filters)
    found: KeysetPage | Page
    if page is not None:
        found = page_of(session, query, page, size, past_end, key=KEY, rows_of=_row_columns(query))
    else:  # a short list's page is read by its keys from the reader's shipments, unfiltered
        found = keyset_page(session, query, KEY, Cursor.decode(cursor) if cursor else None, size,
                            rows_of=_row_columns(query),
                            rows_by_key=_row_columns(list_shipments(session, actor, {})))
    ids = [row.id for row in found.items]
    if with_totals:
        facts = line_facts(session, ids)
        summaries = [summarise(row, actor, len(facts[row.id]), shipment_totals(facts[row.id]), public_url)
                     for row in found.items]
    else:
        counts = line_counts(session, ids)
        summaries = [summarise(row, actor, counts.get(row.id, 0), None, public_url) for row in found.items]
    return replace(found, items=summaries)


def _row_columns(listed):
    """Return a list query reading the columns a row shows, with its counterparty's."""
    return (listed.with_only_columns(*(COLUMNS[name] for name in HEADER),
                                     col(Organization.id).label("org_id"),
                                     col(Organization.name).label("org_name"),
                                     col(Organization.country).label("org_country"))
            .join(Organization, col(Organization.id) == Shipment.counterparty_id))


def line_counts(session: Session, ids: list[int]) -> dict[int, int]:
    """Return how many lines each of these shipments has, in one statement (none for no ids)."""
    if not ids:
        return {}
    return dict(session.connection().execute(_LINE_COUNTS, {"ids": ids}).all())


_LINES = ShipmentLine.__table__.c  # type: ignore[attr-defined]
# Built once, the ids bound as one expanding parameter: not a hundred literals coerced per page.
_LINE_COUNTS = (select(_LINES.shipment_id, func.count())
                .where(_LINES.shipment_id.in_(bindparam("ids", expanding=True))).group_by(_LINES.shipment_id))


def line_facts(session: Session, ids: list[int]) -> dict[int, list[LineFacts]]:
    """Return the facts totals need of every line of these shipments, in line order (one statement)."""
    facts: dict[int, list[LineFacts]] = defaultdict(list)
    if ids:
        lines = session.exec(select(ShipmentLine).where(col(ShipmentLine.shipment_id).in_(ids))
                             .options(joinedload(ShipmentLine.item))  # type: ignore[arg-type]
                             .order_by(col(ShipmentLine.shipment_id), col(ShipmentLine.line_no)))
        for line in lines:
            facts[line.shipment_id].append(facts_of(line))
    return facts


def summary_of(row, actor: Actor, line_count: int, totals: ShipmentTotals | None = None,
               public_url: str | None = None) -> ShipmentSummary:
    """Return a list row (a shipment's header and its counterparty) as a list shows it to this actor."""
    return ShipmentSummary(**head_of(row, actor, Counterparty(row.org_id, row.org_name, row.org_country),
                                     public_url), line_count=line_count, totals=totals)
