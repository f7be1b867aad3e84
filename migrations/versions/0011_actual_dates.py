"""actual dates

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# A shipment's actual dates and the status whose first event gives each one.
_ACTUAL = (('dispatched_at', 'in_transit'), ('delivered_at', 'delivered'), ('received_at', 'received'))


def upgrade() -> None:
    """Apply: when each event was recorded (back-filled: as it occurred), a shipment's actual dates."""
    with op.batch_alter_table('shipment_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True))
    op.execute('UPDATE shipment_events SET recorded_at = occurred_at')
    with op.batch_alter_table('shipment_events', schema=None) as batch_op:
        batch_op.alter_column('recorded_at', existing_type=sa.DateTime(timezone=True), nullable=False)
    # Not in batch mode: on SQLite that would rebuild the shipments table and lose the search
    # triggers of 0009; adding (and dropping) a plain column needs no rebuild on either backend.
    for column, _ in _ACTUAL:
        op.add_column('shipments', sa.Column(column, sa.DateTime(timezone=True), nullable=True))
        op.create_index(op.f(f'ix_shipments_{column}'), 'shipments', [column], unique=False)
    for column, status in _ACTUAL:
        op.execute(f"UPDATE shipments SET {column} = (SELECT min(e.occurred_at) FROM shipment_events e "
                   f"WHERE e.shipment_id = shipments.id AND e.to_status = '{status}' "
                   f"AND e.kind = 'transition')")


def downgrade() -> None:
    """Undo: actual dates."""
    for column, _ in reversed(_ACTUAL):
        op.drop_index(op.f(f'ix_shipments_{column}'), table_name='shipments')
        op.drop_column('shipments', column)
    with op.batch_alter_table('shipment_events', schema=None) as batch_op:
        batch_op.drop_column('recorded_at')
