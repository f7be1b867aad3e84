"""document language: organisations' default document language and bilingual, the print log's

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30 23:55:00

An organisation's shipment documents print by default in its document language (one of en cs sk pl
hr zh; none: its own language, else English), bilingual or not; the print log records the language
and bilingual choice of every print (older prints were English).
"""
import sqlalchemy as sa
from alembic import op

LANGUAGES = "document_language IS NULL OR document_language IN ('en', 'cs', 'sk', 'pl', 'hr', 'zh')"

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply: the organisation's document settings and each print's language."""
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_language', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('document_bilingual', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_check_constraint('document_language', LANGUAGES)
    with op.batch_alter_table('document_prints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), server_default='en', nullable=False))
        batch_op.add_column(sa.Column('bilingual', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    """Revert: documents print in English only."""
    with op.batch_alter_table('document_prints', schema=None) as batch_op:
        batch_op.drop_column('bilingual')
        batch_op.drop_column('language')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_constraint('document_language', type_='check')
        batch_op.drop_column('document_bilingual')
        batch_op.drop_column('document_language')
