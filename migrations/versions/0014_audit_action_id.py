"""audit action id

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 20:05:00

Each audit entry names the user action (the unit of work) it was part of, so the trail reads as
actions: a receipt that changed six lines, the shipment and added an event is one action. Entries
recorded before have none, and each reads as an action of its own.
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply: audit_entries.action_id, indexed."""
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('action_id', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_entries_action_id'), ['action_id'], unique=False)


def downgrade() -> None:
    """Revert: drop audit_entries.action_id."""
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_action_id'))
        batch_op.drop_column('action_id')
