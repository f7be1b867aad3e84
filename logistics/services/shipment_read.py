"""Reading one shipment as an actor may see it, from plain rows: the API's GET of one shipment.

The same one statement as ``scoping.find_shipment`` (the shipment, its counterparty, its lines and
their items, so the version read belongs to the lines read with it), run as Core on table
columns: no ORM identity map, no objects to track, only rows. The rows become the same
``ShipmentView`` as ``totals.shipment_view`` builds from stored objects, through the same
functions (``facts_of``, ``line_view``); tests/api/test_shipment_json.py compares the two.
The rows are everything the view is made of, so the API keeps its answers by them
(api/shipments.py).
"""
from __future__ import annotations

from functools import cache
from types import SimpleNamespace

from sqlalchemy import Connection, bindparam, select

from logistics.domain.access import Actor
from logistics.domain.shipments import ShipmentView
from logistics.domain.texts import E_
from logistics.errors import NotFound
from logistics.models import Item, Organization, Shipment, ShipmentLine
from logistics.services.scoping import partner_scope, shipment_key
from logistics.services.totals import shipment_view

_SHIPMENTS = Shipment.__table__  # type: ignore[attr-defined]
_LINES = ShipmentLine.__table__  # type: ignore[attr-defined]
_ITEMS = Item.__table__  # type: ignore[attr-defined]
_ORGS = Organization.__table__  # type: ignore[attr-defined]
_ITEM_COLUMNS = ("id", "sku", "name", "base_unit", "unit_mass_micro_kg")
_SHIPMENT_COLUMNS = tuple(column.name for column in _SHIPMENTS.c)
_LINE_COLUMNS = tuple(column.name for column in _LINES.c if column.name != "shipment_id")
# Where each part starts in a row: the shipment's columns, its counterparty's, the line's, the item's.
_ORG = len(_SHIPMENT_COLUMNS)
_LINE = _ORG + 3
_ITEM = _LINE + len(_LINE_COLUMNS)


def shipment_rows(connection: Connection, actor: Actor, key: str | int) -> tuple:
    """Return the rows of a shipment as this actor may read it (one per line), or raise NotFound.

    It reads through a connection (a session's, or a read-only request's own: ``db.connection``).
    The rows are all ``view_of_rows`` needs: the same rows give the same view (for the same
    actor), so a caller may keep what it made of them by the rows.
    """
    by_id, value = shipment_key(key)
    params: dict = {"key": value}
    if actor.is_partner:
        params["organization_id"] = actor.organization_id
    rows = tuple(connection.execute(_query(by_id, actor.is_partner), params).all())
    if not rows:
        raise NotFound(E_("shipment %(key)s not found", key=key))  # an id or a reference: short, and ASCII
    return rows


def view_of_rows(rows: tuple, actor: Actor, public_url: str | None = None) -> ShipmentView:
    """Return the view of a shipment's rows (``shipment_rows``) for this actor."""
    first = rows[0]
    shipment = SimpleNamespace(**dict(zip(_SHIPMENT_COLUMNS, first[:_ORG], strict=True)))
    org_id, org_name, org_country = first[_ORG:_LINE]
    shipment.counterparty = SimpleNamespace(id=org_id, name=org_name, country=org_country)
    shipment.lines = [_line(row) for row in rows if row[_LINE] is not None]
    return shipment_view(shipment, actor, public_url)  # type: ignore[arg-type]


def _line(row) -> SimpleNamespace:
    """Return a line of the rows with the attributes of a stored line (and its item)."""
    line = SimpleNamespace(**dict(zip(_LINE_COLUMNS, row[_LINE:_ITEM], strict=True)))
    line.item = SimpleNamespace(**dict(zip(_ITEM_COLUMNS, row[_ITEM:], strict=True)))
    return line


@cache
def _query(by_id: bool, partner: bool):
    """Return the statement shipment_rows runs, built once per shape (it keeps its cache key)."""
    query = (select(*(_SHIPMENTS.c[name] for name in _SHIPMENT_COLUMNS), _ORGS.c.id.label("org_id"),
                    _ORGS.c.name.label("org_name"), _ORGS.c.country.label("org_country"),
                    *(_LINES.c[name].label(f"l_{name}") for name in _LINE_COLUMNS),
                    *(_ITEMS.c[name].label(f"i_{name}") for name in _ITEM_COLUMNS))
             .join(_ORGS, _ORGS.c.id == _SHIPMENTS.c.counterparty_id)
             .outerjoin(_LINES, _LINES.c.shipment_id == _SHIPMENTS.c.id)
             .outerjoin(_ITEMS, _ITEMS.c.id == _LINES.c.item_id)
             .where((_SHIPMENTS.c.id if by_id else _SHIPMENTS.c.reference) == bindparam("key"))
             .order_by(_LINES.c.line_no))
    if partner:
        query = query.where(partner_scope(bindparam("organization_id")))  # never a draft: scoping.py
    return query
