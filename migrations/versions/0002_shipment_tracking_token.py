"""shipment tracking token

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 08:24:53
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply: a random tracking token per shipment (existing shipments get one too)."""
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tracking_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_shipments_tracking_token'), ['tracking_token'])
    connection = op.get_bind()
    shipments = sa.table('shipments', sa.column('id', sa.Integer), sa.column('tracking_token', sa.String))
    for (shipment_id,) in connection.execute(sa.select(shipments.c.id)).all():
        connection.execute(shipments.update().where(shipments.c.id == shipment_id)
                           .values(tracking_token=secrets.token_urlsafe(32)))


def downgrade() -> None:
    """Undo: shipment tracking token."""
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_shipments_tracking_token'), type_='unique')
        batch_op.drop_column('tracking_token')
