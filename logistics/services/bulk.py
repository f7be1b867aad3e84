"""Bulk INSERTs that stay audited: ids taken beforehand, a plain executemany, audit entries beside them.

Shared by the spreadsheet import and bulk packing (10,000 packages in one request), which
write more rows than the ORM's per-row hooks should see one by one.
"""
from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from logistics.domain.access import Actor
from logistics.services.audit import record_created


def insert_audited(session: Session, actor: Actor | None, model, rows: list[dict]) -> None:
    """Insert rows with ids taken beforehand (a plain executemany), and record them audited.

    Rows that already carry an "id" keep it (taken with ``new_ids`` by a caller that needed
    the ids first, to point other rows at them).
    """
    if not rows:
        return
    table = model.__table__
    connection = session.connection()
    missing = [row for row in rows if row.get("id") is None]
    for row, row_id in zip(missing, new_ids(session, model, len(missing)), strict=True):
        row["id"] = row_id
    connection.execute(insert(table), rows)
    record_created(session, table, rows, actor)


def new_ids(session: Session, model, count: int) -> list[int]:
    """Return ids for ``count`` new rows of a table, taken before inserting them.

    PostgreSQL hands them out from the table's sequence (safe beside other writers); SQLite
    numbers on from the largest id, which is safe because every write holds the database's
    only write lock from its first statement (BEGIN IMMEDIATE, unit_of_work.py).
    """
    if count <= 0:
        return []
    table = model.__table__
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        sequence = func.pg_get_serial_sequence(table.name, "id")
        return list(connection.execute(select(func.nextval(sequence))
                                       .select_from(func.generate_series(1, count))).scalars())
    start = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(start + 1, start + count + 1))
