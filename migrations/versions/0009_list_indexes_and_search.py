"""list indexes and search

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 09:00:00

An index per list filter, each ending with the id the lists are ordered by, and an index for
``q`` (a case-insensitive substring of the reference or the tracking number):
- PostgreSQL: pg_trgm GIN indexes, which make ``LIKE``/``ILIKE '%...%'`` index-backed. Where the
  role may not create the extension (a managed database without pg_trgm allowed), the migration
  says so in a warning and goes on without them: ``q`` still works, unindexed (a scan).
- SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34 or newer) over the same two
  columns, external content kept in sync by triggers. A later migration that rebuilds the
  shipments table in batch mode drops these triggers and must create them again (``_sqlite_up``).
The search objects are not in the models' metadata: logistics/migrate.py ``DATABASE_ONLY`` keeps
autogenerate from proposing to drop them.
"""
import logging

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

COMPOSITE = [('ix_shipments_status_id', ['status', 'id']),
             ('ix_shipments_counterparty_id_id', ['counterparty_id', 'id']),
             ('ix_shipments_origin_country_id', ['origin_country', 'id']),
             ('ix_shipments_destination_country_id', ['destination_country', 'id'])]
TRIGRAM = [('ix_shipments_reference_trgm', 'reference'),
           ('ix_shipments_tracking_number_trgm', 'tracking_number')]
FTS_TRIGGERS = ("shipments_search_insert", "shipments_search_delete", "shipments_search_update")


def upgrade() -> None:
    """Apply: composite list indexes, a tracking number index, trigram search (pg_trgm or FTS5)."""
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.drop_index('ix_shipments_status')
        batch_op.drop_index('ix_shipments_counterparty_id')
        for name, columns in COMPOSITE:
            batch_op.create_index(name, columns, unique=False)
        batch_op.create_index('ix_shipments_tracking_number', ['tracking_number'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        _postgresql_up()
    else:
        _sqlite_up()


def downgrade() -> None:
    """Undo: list indexes and search (pg_trgm itself stays installed: other objects may use it)."""
    if op.get_bind().dialect.name == 'postgresql':
        for name, _ in TRIGRAM:
            op.execute(f'DROP INDEX IF EXISTS {name}')
    else:
        for trigger in FTS_TRIGGERS:
            op.execute(f'DROP TRIGGER IF EXISTS {trigger}')
        op.execute('DROP TABLE IF EXISTS shipments_search')
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.drop_index('ix_shipments_tracking_number')
        for name, _ in reversed(COMPOSITE):
            batch_op.drop_index(name)
        batch_op.create_index('ix_shipments_counterparty_id', ['counterparty_id'], unique=False)
        batch_op.create_index('ix_shipments_status', ['status'], unique=False)


def _postgresql_up() -> None:
    """Create pg_trgm if allowed, and the trigram indexes if it is there; warn clearly if not."""
    connection = op.get_bind()
    installed = connection.exec_driver_sql(
        "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first() is not None
    if not installed:
        savepoint = connection.begin_nested()
        try:
            connection.exec_driver_sql('CREATE EXTENSION IF NOT EXISTS pg_trgm')
            savepoint.commit()
            installed = True
        except sa.exc.DBAPIError as error:
            savepoint.rollback()
            log.warning("pg_trgm could not be created (%s): search (q) works without an index. "
                        "Ask the database's owner to CREATE EXTENSION pg_trgm, then downgrade "
                        "to 0008 and upgrade again (README: Deploying, search).",
                        str(error.orig).splitlines()[0] if error.orig else error)
    if installed:
        for name, column in TRIGRAM:
            op.execute(f'CREATE INDEX IF NOT EXISTS {name} ON shipments USING gin ({column} gin_trgm_ops)')


def _sqlite_up() -> None:
    """Create the FTS5 trigram table over reference and tracking number, its triggers, and fill it."""
    version = tuple(int(part) for part in
                    op.get_bind().exec_driver_sql('SELECT sqlite_version()').scalar().split('.'))
    if version < (3, 34, 0):
        raise RuntimeError(f"SQLite {'.'.join(map(str, version))} has no FTS5 trigram tokenizer: "
                           "the shipment search needs SQLite 3.34 or newer")
    op.execute("CREATE VIRTUAL TABLE shipments_search USING fts5(reference, tracking_number, "
               "content='shipments', content_rowid='id', tokenize='trigram')")
    op.execute("CREATE TRIGGER shipments_search_insert AFTER INSERT ON shipments BEGIN "
               "INSERT INTO shipments_search(rowid, reference, tracking_number) "
               "VALUES (new.id, new.reference, new.tracking_number); END")
    op.execute("CREATE TRIGGER shipments_search_delete AFTER DELETE ON shipments BEGIN "
               "INSERT INTO shipments_search(shipments_search, rowid, reference, tracking_number) "
               "VALUES ('delete', old.id, old.reference, old.tracking_number); END")
    op.execute("CREATE TRIGGER shipments_search_update AFTER UPDATE OF reference, tracking_number "
               "ON shipments BEGIN "
               "INSERT INTO shipments_search(shipments_search, rowid, reference, tracking_number) "
               "VALUES ('delete', old.id, old.reference, old.tracking_number); "
               "INSERT INTO shipments_search(rowid, reference, tracking_number) "
               "VALUES (new.id, new.reference, new.tracking_number); END")
    op.execute("INSERT INTO shipments_search(shipments_search) VALUES ('rebuild')")
