"""item translations

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 23:55:00

- items.translations: the item's name and pack names in other languages (JSON, null when none),
  shown on pages in the reader's language and accepted when typed (logistics/domain/item_translations.py).
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply: a translations column on items."""
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=True))


def downgrade() -> None:
    """Revert: drop the column."""
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.drop_column('translations')
