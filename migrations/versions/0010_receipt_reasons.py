"""receipt reasons

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

REASONS = "received_reason IS NULL OR received_reason IN ('short', 'damaged', 'wrong_item', 'expired', 'over', 'other')"


def upgrade() -> None:
    """Apply: why a received line differs from what was sent (a short list; null: as sent)."""
    with op.batch_alter_table('shipment_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_reason', sa.String(length=12), nullable=True))
        batch_op.create_check_constraint('received_reason', REASONS)


def downgrade() -> None:
    """Undo: receipt reasons."""
    with op.batch_alter_table('shipment_lines', schema=None) as batch_op:
        batch_op.drop_constraint('received_reason', type_='check')
        batch_op.drop_column('received_reason')
