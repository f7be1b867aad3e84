"""package receipt

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 23:50:00

- packages: the receiver's word on each package (arrived, missing or damaged), its reason and note,
  the package whose state it took (the pallet it was on), who said so and when.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate may name sqlmodel's types)


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

STATES = "received_state IS NULL OR received_state IN ('arrived', 'missing', 'damaged')"
REASONS = ("received_reason IS NULL OR received_reason IN "
           "('short', 'damaged', 'wrong_item', 'expired', 'other')")


def upgrade() -> None:
    """Apply: each package's receipt state, reason, note, who and when."""
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_state', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('received_reason', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('received_note', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('received_from', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('received_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('received_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_packages_received_by_id_users'), 'users',
                                    ['received_by_id'], ['id'])
        batch_op.create_check_constraint('received_state', STATES)
        batch_op.create_check_constraint('received_reason', REASONS)


def downgrade() -> None:
    """Undo: package receipt."""
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.drop_constraint('received_reason', type_='check')
        batch_op.drop_constraint('received_state', type_='check')
        batch_op.drop_constraint(batch_op.f('fk_packages_received_by_id_users'), type_='foreignkey')
        batch_op.drop_column('received_at')
        batch_op.drop_column('received_by_id')
        batch_op.drop_column('received_from')
        batch_op.drop_column('received_note')
        batch_op.drop_column('received_reason')
        batch_op.drop_column('received_state')
