"""flow sums: per-shipment summaries of the lines that flow reports read on PostgreSQL

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 14:00:00

PostgreSQL only (SQLite's flow reports already run at about their bare GROUP BY's cost):
- flow_sums_by_item: one row per shipment, item, dimension and base unit with the lines' exact
  amounts as whole base units and leftover millionths (as the report splits them) and the number
  of lines. A report sums these instead of every line, and counts a group's shipments with
  COUNT(*) where the group names the item.
- flow_sums_by_unit: one row per shipment, dimension and base unit with the number of its item
  rows, so that a report by shipment properties counts shipments with COUNT(*) in parallel.
- a trigger on shipment_lines keeps both in the same transaction as every INSERT, UPDATE (of the
  columns they hold), DELETE (cascades included) and TRUNCATE of lines, whoever writes them (the
  ORM, the bulk import's executemany, COPY, psql); the estimates (unit masses) stay in items and
  are applied when a report runs, so an item's change needs nothing here.
- ndistinct statistics on (item_id, dimension, base_unit): without them PostgreSQL takes every
  summary row for a group of its own, sorts them all in one process and spills to disk.
The tables are filled from the lines present. They live outside the models' metadata
(logistics/migrate.py DATABASE_ONLY_TABLE_PREFIXES); logistics/services/flow_sums.py describes them.
A load that bypasses triggers (session_replication_role = replica) must call
flow_sums.rebuild() afterwards.
"""
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

KEYS_BY_ITEM = 'shipment_id, item_id, dimension, base_unit'
KEYS_BY_UNIT = 'shipment_id, dimension, base_unit'

KEEP = """
CREATE FUNCTION flow_sums_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    remaining integer;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE flow_sums_by_item
           SET whole = whole - OLD.base_micro / 1000000, micro = micro - mod(OLD.base_micro, 1000000),
               lines = lines - 1
         WHERE shipment_id = OLD.shipment_id AND item_id = OLD.item_id
           AND dimension = OLD.dimension AND base_unit = OLD.base_unit
        RETURNING lines INTO remaining;
        IF remaining = 0 THEN
            DELETE FROM flow_sums_by_item
             WHERE shipment_id = OLD.shipment_id AND item_id = OLD.item_id
               AND dimension = OLD.dimension AND base_unit = OLD.base_unit;
            UPDATE flow_sums_by_unit SET items = items - 1
             WHERE shipment_id = OLD.shipment_id AND dimension = OLD.dimension
               AND base_unit = OLD.base_unit
            RETURNING items INTO remaining;
            IF remaining = 0 THEN
                DELETE FROM flow_sums_by_unit
                 WHERE shipment_id = OLD.shipment_id AND dimension = OLD.dimension
                   AND base_unit = OLD.base_unit;
            END IF;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO flow_sums_by_item AS kept
        VALUES (NEW.shipment_id, NEW.item_id, NEW.dimension, NEW.base_unit,
                NEW.base_micro / 1000000, mod(NEW.base_micro, 1000000), 1)
        ON CONFLICT (shipment_id, item_id, dimension, base_unit) DO UPDATE
           SET whole = kept.whole + excluded.whole, micro = kept.micro + excluded.micro,
               lines = kept.lines + 1
        RETURNING lines INTO remaining;
        IF remaining = 1 THEN
            INSERT INTO flow_sums_by_unit AS kept
            VALUES (NEW.shipment_id, NEW.dimension, NEW.base_unit, 1)
            ON CONFLICT (shipment_id, dimension, base_unit) DO UPDATE SET items = kept.items + 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$
"""

CLEAR = """
CREATE FUNCTION flow_sums_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE flow_sums_by_item, flow_sums_by_unit;
    RETURN NULL;
END
$$
"""

# The columns the sums hold: an UPDATE of any other column (a receipt, a lot) fires nothing.
HELD = ('shipment_id', 'item_id', 'dimension', 'base_unit', 'base_micro')
CHANGED = ' OR '.join(f'OLD.{column} IS DISTINCT FROM NEW.{column}' for column in HELD)


def upgrade() -> None:
    """Apply: the two summary tables, their trigger and statistics, filled from the lines (PostgreSQL)."""
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('CREATE TABLE flow_sums_by_item ('
               ' shipment_id integer NOT NULL, item_id integer NOT NULL,'
               ' dimension varchar(8) NOT NULL, base_unit varchar(20) NOT NULL,'
               ' whole bigint NOT NULL, micro bigint NOT NULL, lines integer NOT NULL,'
               f' CONSTRAINT pk_flow_sums_by_item PRIMARY KEY ({KEYS_BY_ITEM}))')
    op.execute('CREATE TABLE flow_sums_by_unit ('
               ' shipment_id integer NOT NULL, dimension varchar(8) NOT NULL,'
               ' base_unit varchar(20) NOT NULL, items integer NOT NULL,'
               f' CONSTRAINT pk_flow_sums_by_unit PRIMARY KEY ({KEYS_BY_UNIT}))')
    op.execute('CREATE STATISTICS flow_sums_by_item_units (ndistinct)'
               ' ON item_id, dimension, base_unit FROM flow_sums_by_item')
    op.execute(KEEP)
    op.execute(CLEAR)
    op.execute('CREATE TRIGGER flow_sums_insert_delete AFTER INSERT OR DELETE ON shipment_lines'
               ' FOR EACH ROW EXECUTE FUNCTION flow_sums_keep()')
    op.execute(f'CREATE TRIGGER flow_sums_update AFTER UPDATE OF {", ".join(HELD)} ON shipment_lines'
               f' FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION flow_sums_keep()')
    op.execute('CREATE TRIGGER flow_sums_truncate AFTER TRUNCATE ON shipment_lines'
               ' FOR EACH STATEMENT EXECUTE FUNCTION flow_sums_clear()')
    op.execute(f'INSERT INTO flow_sums_by_item SELECT {KEYS_BY_ITEM}, sum(base_micro / 1000000),'
               f' sum(mod(base_micro, 1000000)), count(*) FROM shipment_lines GROUP BY {KEYS_BY_ITEM}')
    op.execute(f'INSERT INTO flow_sums_by_unit SELECT {KEYS_BY_UNIT}, count(*) FROM flow_sums_by_item'
               f' GROUP BY {KEYS_BY_UNIT}')
    op.execute('ANALYZE flow_sums_by_item')
    op.execute('ANALYZE flow_sums_by_unit')


def downgrade() -> None:
    """Revert: reports read the lines again; the summaries, their trigger and functions go."""
    if op.get_bind().dialect.name != 'postgresql':
        return
    for trigger in ('flow_sums_truncate', 'flow_sums_update', 'flow_sums_insert_delete'):
        op.execute(f'DROP TRIGGER IF EXISTS {trigger} ON shipment_lines')
    op.execute('DROP FUNCTION IF EXISTS flow_sums_clear()')
    op.execute('DROP FUNCTION IF EXISTS flow_sums_keep()')
    op.execute('DROP TABLE IF EXISTS flow_sums_by_unit')
    op.execute('DROP TABLE IF EXISTS flow_sums_by_item')
