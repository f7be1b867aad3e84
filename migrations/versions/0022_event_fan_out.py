"""event fan-out: a status change's notifications are written by the worker from the event

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 04:40:00

- shipment_events.notify_pending: the event's notifications are still to be written (the event is
  the outbox's entry; the worker fans it out to its recipients and clears the flag in one
  transaction). Events recorded before this were told when they were recorded: false.
- a partial index on the pending ones, so the worker's look costs nothing however long the history.
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

# As the queries write the condition (a bare boolean on PostgreSQL, "= 1" on SQLite), so each
# database's planner sees that the index answers them.
PG_PENDING, SQLITE_PENDING = sa.text('notify_pending'), sa.text('notify_pending = 1')


def upgrade() -> None:
    """Apply: the pending flag on events and its partial index."""
    with op.batch_alter_table('shipment_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_pending', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.create_index('ix_shipment_events_notify_pending', 'shipment_events', ['id'], unique=False,
                    postgresql_where=PG_PENDING, sqlite_where=SQLITE_PENDING)


def downgrade() -> None:
    """Revert: events no longer carry their notifications (they are written with the change)."""
    op.drop_index('ix_shipment_events_notify_pending', table_name='shipment_events',
                  postgresql_where=PG_PENDING, sqlite_where=SQLITE_PENDING)
    with op.batch_alter_table('shipment_events', schema=None) as batch_op:
        batch_op.drop_column('notify_pending')
