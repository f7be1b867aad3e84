"""Rows written in bulk (an import's, bulk packing's) get one audit entry each, whatever their ids."""
from __future__ import annotations

from collections import Counter

from logistics import db
from logistics.domain.access import SYSTEM
from logistics.models import ShipmentLine
from logistics.services.bulk import insert_audited

FIRST = 1_000_001  # far past the ids the sequence hands out in a test


def _line(shipment_id: int, item_id: int, row_id: int) -> dict:
    return {"id": row_id, "shipment_id": shipment_id, "line_no": row_id - FIRST + 1, "item_id": item_id,
            "quantity_value": "5", "quantity_unit": "piece", "dimension": "count", "base_micro": 5_000_000,
            "base_unit": "piece", "rounded": False}


def _insert(app, rows: list[dict]) -> None:
    with app.app_context(), db.new_session(app) as session:
        insert_audited(session, SYSTEM, ShipmentLine, rows)
        session.commit()


def test_rows_whose_ids_leave_a_gap_are_audited_and_the_row_in_the_gap_is_not_again(app, make, trail):
    item = make.coverall()
    shipment = make.shipment(lines=())
    _insert(app, [_line(shipment.id, item.id, FIRST + 1)])  # the row in the gap, written first
    mark = trail.mark()
    _insert(app, [_line(shipment.id, item.id, FIRST), _line(shipment.id, item.id, FIRST + 2)])
    entries = trail.since(mark, entity="shipment_lines")
    assert Counter(entry.entity_id for entry in entries) == {FIRST: 1, FIRST + 2: 1}
    assert {entry.after["line_no"] for entry in entries} == {1, 3}


def test_rows_whose_ids_follow_each_other_are_audited_once_each(app, make, trail):
    item = make.coverall()
    shipment = make.shipment(lines=())
    mark = trail.mark()
    _insert(app, [_line(shipment.id, item.id, FIRST + n) for n in range(3)])
    entries = trail.since(mark, entity="shipment_lines")
    assert Counter(entry.entity_id for entry in entries) == {FIRST: 1, FIRST + 1: 1, FIRST + 2: 1}
    assert all(entry.shipment_id == shipment.id and entry.action == "create" for entry in entries)
