"""Flow sums: the per-shipment summaries of lines that flow reports read on PostgreSQL.

Migration 0023 creates them with the trigger that keeps them in every transaction that writes
lines; they are not in the models' metadata (SQLite has none). Here: their columns for queries,
a rebuild for loads that bypass triggers, and a check that they match the lines.
"""
from __future__ import annotations

from sqlalchemy import BigInteger, Column, Connection, Integer, MetaData, String, Table

_metadata = MetaData()

# One row per shipment, item, dimension and base unit: the lines' amounts (whole base units and
# leftover millionths) and how many lines there are.
BY_ITEM = Table("flow_sums_by_item", _metadata,
                Column("shipment_id", Integer, primary_key=True),
                Column("item_id", Integer, primary_key=True),
                Column("dimension", String(8), primary_key=True),
                Column("base_unit", String(20), primary_key=True),
                Column("whole", BigInteger, nullable=False),
                Column("micro", BigInteger, nullable=False),
                Column("lines", Integer, nullable=False))

# One row per shipment, dimension and base unit: how many item rows it has.
BY_UNIT = Table("flow_sums_by_unit", _metadata,
                Column("shipment_id", Integer, primary_key=True),
                Column("dimension", String(8), primary_key=True),
                Column("base_unit", String(20), primary_key=True),
                Column("items", Integer, nullable=False))

_ITEM_KEYS = "shipment_id, item_id, dimension, base_unit"
_UNIT_KEYS = "shipment_id, dimension, base_unit"
# What the sums should be, from the lines themselves.
_EXPECTED_BY_ITEM = (f"SELECT {_ITEM_KEYS}, sum(base_micro / 1000000)::bigint AS whole,"
                     f" sum(mod(base_micro, 1000000))::bigint AS micro, count(*)::integer AS lines"
                     f" FROM shipment_lines GROUP BY {_ITEM_KEYS}")
_EXPECTED_BY_UNIT = (f"SELECT {_UNIT_KEYS}, count(DISTINCT item_id)::integer AS items"
                     f" FROM shipment_lines GROUP BY {_UNIT_KEYS}")


def kept(connection: Connection) -> bool:
    """Say whether this database keeps flow sums (PostgreSQL, migrated to 0023 or later)."""
    return connection.dialect.name == "postgresql" and connection.exec_driver_sql(
        "SELECT to_regclass('flow_sums_by_item') IS NOT NULL").scalar_one()


def rebuild(connection: Connection) -> None:
    """Compute the sums again from the lines (after a load that bypassed the triggers).

    The lines are locked against writes until the caller commits: a line written meanwhile would
    otherwise miss the rebuilt rows (its trigger finds the old ones deleted) or be counted twice.
    """
    connection.exec_driver_sql("LOCK TABLE shipment_lines IN SHARE MODE")
    connection.exec_driver_sql("DELETE FROM flow_sums_by_unit")
    connection.exec_driver_sql("DELETE FROM flow_sums_by_item")
    connection.exec_driver_sql(f"INSERT INTO flow_sums_by_item ({_ITEM_KEYS}, whole, micro, lines) "
                               f"{_EXPECTED_BY_ITEM}")
    connection.exec_driver_sql(f"INSERT INTO flow_sums_by_unit ({_UNIT_KEYS}, items) {_EXPECTED_BY_UNIT}")
    connection.exec_driver_sql("ANALYZE flow_sums_by_item")
    connection.exec_driver_sql("ANALYZE flow_sums_by_unit")


def drift(connection: Connection, limit: int = 10) -> list[tuple]:
    """Return up to ``limit`` rows where the sums and the lines disagree (none: they match).

    Each row is the table, its keys, and what is kept against what the lines give (None where
    a row is missing on one side).
    """
    found: list[tuple] = []
    for table, keys, expected, values in (
            ("flow_sums_by_item", _ITEM_KEYS, _EXPECTED_BY_ITEM, "whole, micro, lines"),
            ("flow_sums_by_unit", _UNIT_KEYS, _EXPECTED_BY_UNIT, "items")):
        rows = connection.exec_driver_sql(
            f"SELECT '{table}', {keys}, kept, expected FROM ("
            f"  SELECT {keys}, ROW({values}) AS kept FROM {table}) AS k"
            f" FULL JOIN (SELECT {keys}, ROW({values}) AS expected FROM ({expected}) AS e) AS x"
            f" USING ({keys}) WHERE kept IS DISTINCT FROM expected LIMIT {int(limit)}").all()
        found += [tuple(row) for row in rows]
    return found[:limit]
