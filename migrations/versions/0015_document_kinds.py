"""document kinds: packing list and labels

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 20:15:00

The print log records packing lists and shipping labels too: the check on document_prints.kind
admits 'packing_list' and 'labels'.
"""
from alembic import op

OLD = "kind IN ('manifest', 'grn', 'donation_certificate')"
NEW = "kind IN ('manifest', 'grn', 'donation_certificate', 'packing_list', 'labels')"


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply: the print log's kinds include the packing list and labels."""
    with op.batch_alter_table('document_prints', schema=None) as batch_op:
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint('kind', NEW)


def downgrade() -> None:
    """Revert: the three shipment documents only (their packing lists and labels logged go first)."""
    op.execute("DELETE FROM document_prints WHERE kind IN ('packing_list', 'labels')")
    with op.batch_alter_table('document_prints', schema=None) as batch_op:
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint('kind', OLD)
