"""document prints

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 08:24:53
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply: the log of generated shipment documents."""
    op.create_table('document_prints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('revision', sa.String(length=40), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('paper', sa.String(length=8), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('printed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('manifest', 'grn', 'donation_certificate')", name=op.f('ck_document_prints_kind')),
    sa.ForeignKeyConstraint(['printed_by_id'], ['users.id'], name=op.f('fk_document_prints_printed_by_id_users')),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_document_prints_shipment_id_shipments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_prints'))
    )
    with op.batch_alter_table('document_prints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_prints_shipment_id'), ['shipment_id'], unique=False)


def downgrade() -> None:
    """Undo: document prints."""
    with op.batch_alter_table('document_prints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_prints_shipment_id'))
    op.drop_table('document_prints')
