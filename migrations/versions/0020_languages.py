"""languages

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 23:45:00

- users.language: the language a user reads pages and messages in (null: the organisation's, then
  the browser's).
- organizations.language: the default language of the organisation's users.
Both kept to the six codes by a check (logistics/domain/languages.py).
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

CODES = "('en', 'cs', 'sk', 'pl', 'hr', 'zh')"


def upgrade() -> None:
    """Apply: a language on users and organisations."""
    for table in ('users', 'organizations'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
            batch_op.create_check_constraint('language', f"language IS NULL OR language IN {CODES}")


def downgrade() -> None:
    """Undo: languages."""
    for table in ('organizations', 'users'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint('language', type_='check')
            batch_op.drop_column('language')
