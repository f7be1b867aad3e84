"""packages

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 19:30:00

Packages (handling units) of a shipment: their types (seeded with pallet, carton, box, crate,
drum and bag; the operator adds more), the packages (nested by parent), their contents by
shipment line, and the SSCC serial counter per GS1 company prefix.
"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

SEEDED = (('pallet', 'Pallet'), ('carton', 'Carton'), ('box', 'Box'), ('crate', 'Crate'),
          ('drum', 'Drum'), ('bag', 'Bag'))


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply: package types (seeded), packages, their contents, SSCC counters."""
    types = op.create_table('package_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_package_types')),
    sa.UniqueConstraint('code', name=op.f('uq_package_types_code'))
    )
    op.bulk_insert(types, [{'code': code, 'name': name, 'created_at': datetime(2020, 1, 1, tzinfo=UTC)}
                           for code, name in SEEDED])
    op.create_table('sscc_counters',
    sa.Column('company_prefix', sa.String(length=10), nullable=False),
    sa.Column('next_serial', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('company_prefix', name=op.f('pk_sscc_counters'))
    )
    op.create_table('packages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('sscc', sa.String(length=18), nullable=True),
    sa.Column('gross_mass_value', sa.String(length=40), nullable=True),
    sa.Column('gross_mass_unit', sa.String(length=40), nullable=True),
    sa.Column('gross_mass_micro', sa.BigInteger(), nullable=True),
    sa.Column('length_mm', sa.Integer(), nullable=True),
    sa.Column('width_mm', sa.Integer(), nullable=True),
    sa.Column('height_mm', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(length_mm IS NULL AND width_mm IS NULL AND height_mm IS NULL) OR (length_mm > 0 AND width_mm > 0 AND height_mm > 0)', name=op.f('ck_packages_dimensions')),
    sa.CheckConstraint('gross_mass_micro IS NULL OR gross_mass_micro > 0', name=op.f('ck_packages_gross_mass')),
    sa.ForeignKeyConstraint(['parent_id'], ['packages.id'], name=op.f('fk_packages_parent_id_packages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_packages_shipment_id_shipments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['type_id'], ['package_types.id'], name=op.f('fk_packages_type_id_package_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packages')),
    sa.UniqueConstraint('number', name=op.f('uq_packages_number')),
    sa.UniqueConstraint('sscc', name=op.f('uq_packages_sscc'))
    )
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packages_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_packages_shipment_id'), ['shipment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_packages_type_id'), ['type_id'], unique=False)

    op.create_table('package_contents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('shipment_id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('quantity_value', sa.String(length=40), nullable=False),
    sa.Column('quantity_unit', sa.String(length=40), nullable=False),
    sa.Column('base_micro', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('base_micro > 0', name=op.f('ck_package_contents_positive')),
    sa.ForeignKeyConstraint(['line_id'], ['shipment_lines.id'], name=op.f('fk_package_contents_line_id_shipment_lines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['package_id'], ['packages.id'], name=op.f('fk_package_contents_package_id_packages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shipment_id'], ['shipments.id'], name=op.f('fk_package_contents_shipment_id_shipments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_package_contents')),
    sa.UniqueConstraint('package_id', 'line_id', name='uq_package_contents_package_id_line_id')
    )
    with op.batch_alter_table('package_contents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_package_contents_line_id'), ['line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_package_contents_package_id'), ['package_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_package_contents_shipment_id'), ['shipment_id'], unique=False)



def downgrade() -> None:
    """Undo: packages, their contents, types and SSCC counters."""
    with op.batch_alter_table('package_contents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_package_contents_shipment_id'))
        batch_op.drop_index(batch_op.f('ix_package_contents_package_id'))
        batch_op.drop_index(batch_op.f('ix_package_contents_line_id'))

    op.drop_table('package_contents')
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packages_type_id'))
        batch_op.drop_index(batch_op.f('ix_packages_shipment_id'))
        batch_op.drop_index(batch_op.f('ix_packages_parent_id'))

    op.drop_table('packages')
    op.drop_table('sscc_counters')
    op.drop_table('package_types')
