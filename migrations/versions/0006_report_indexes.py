"""report indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply: a covering index that lets flow reports read shipment lines without their rows."""
    with op.batch_alter_table('shipment_lines', schema=None) as batch_op:
        batch_op.create_index('ix_shipment_lines_flow_report',
                              ['shipment_id', 'item_id', 'dimension', 'base_unit', 'base_micro', 'id'],
                              unique=False)


def downgrade() -> None:
    """Undo: report indexes."""
    with op.batch_alter_table('shipment_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_shipment_lines_flow_report')
