"""customs data

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 12:00:00

- shipment_lines: the declared value becomes an integer of the currency's minor units
  (``value_minor``, ISO 4217's table from the iso4217 package) instead of a text column nothing
  printed; a stored "1250.5" EUR becomes 125050. A value with more decimals than its currency has
  (the old API took up to 6) is rounded half-even to the currency's minor unit, and a currency
  without minor units (XAU) keeps its amount at 2 decimals; both are logged with the line's id.
  Downgrade writes the text back. Also the goods' country of origin and net mass.
- shipments: Incoterms 2020 rule and place, document numbers (invoice, CMR, AWB, B/L, rail).
  Added without batch mode: on SQLite a batch would rebuild the table and lose 0009's search
  triggers; the Incoterm check is written into the column on SQLite (ALTER TABLE ADD COLUMN
  takes a column CHECK), as a table constraint on PostgreSQL.
- organizations: EORI and VAT numbers.
"""
import logging
from decimal import ROUND_HALF_EVEN, Decimal

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

INCOTERMS = "incoterm IS NULL OR incoterm IN ('EXW', 'FCA', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'FAS', 'FOB', 'CFR', 'CIF')"
VALUE = "(value_minor IS NULL) = (currency IS NULL) AND (value_minor IS NULL OR value_minor >= 0)"
SHIPMENT_TEXT = (('incoterm_place', 200), ('invoice_number', 40), ('cmr_number', 40), ('awb_number', 40),
                 ('bill_of_lading_number', 40), ('rail_note_number', 40))


def _exponent(currency):
    from iso4217 import Currency

    try:
        exponent = Currency(currency).exponent
    except ValueError:
        exponent = None
    return 2 if exponent is None else exponent


def upgrade() -> None:
    """Apply: declared values in minor units, origin and net mass per line, Incoterms and documents."""
    with op.batch_alter_table('shipment_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('value_minor', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('country_of_origin', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('net_mass_value', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('net_mass_unit', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('net_mass_micro', sa.BigInteger(), nullable=True))
    connection = op.get_bind()
    lines = sa.table('shipment_lines', sa.column('id', sa.Integer), sa.column('declared_value', sa.String),
                     sa.column('currency', sa.String), sa.column('value_minor', sa.BigInteger))
    for line_id, text, currency in connection.execute(
            sa.select(lines.c.id, lines.c.declared_value, lines.c.currency)).all():
        if text is None or currency is None:  # half a value was never accepted; drop what is left
            continue
        exponent = _exponent(currency)
        scaled = Decimal(text).scaleb(exponent)
        minor = int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
        if minor != scaled:
            log.warning("line %s: declared value %s %s rounded to %s minor units", line_id, text,
                        currency, minor)
        connection.execute(sa.update(lines).where(lines.c.id == line_id).values(value_minor=minor))
    connection.execute(sa.update(lines).where(lines.c.value_minor.is_(None)).values(currency=None))
    with op.batch_alter_table('shipment_lines', schema=None) as batch_op:
        batch_op.drop_column('declared_value')
        batch_op.create_check_constraint('value', VALUE)
        batch_op.create_check_constraint('net_mass', 'net_mass_micro IS NULL OR net_mass_micro > 0')

    if connection.dialect.name == 'sqlite':
        op.execute(f"ALTER TABLE shipments ADD COLUMN incoterm VARCHAR(3) "
                   f"CONSTRAINT ck_shipments_incoterm CHECK ({INCOTERMS})")
    else:
        op.add_column('shipments', sa.Column('incoterm', sa.String(length=3), nullable=True))
        op.create_check_constraint(op.f('ck_shipments_incoterm'), 'shipments', INCOTERMS)
    for column, length in SHIPMENT_TEXT:
        op.add_column('shipments', sa.Column(column, sa.String(length=length), nullable=True))

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('eori', sa.String(length=17), nullable=True))
        batch_op.add_column(sa.Column('vat_number', sa.String(length=24), nullable=True))


def downgrade() -> None:
    """Undo: customs data (declared values back to text)."""
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('vat_number')
        batch_op.drop_column('eori')
    for column, _ in reversed(SHIPMENT_TEXT):
        op.drop_column('shipments', column)
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('ck_shipments_incoterm'), 'shipments', type_='check')
    op.drop_column('shipments', 'incoterm')

    with op.batch_alter_table('shipment_lines', schema=None) as batch_op:
        batch_op.drop_constraint('net_mass', type_='check')
        batch_op.drop_constraint('value', type_='check')
        batch_op.add_column(sa.Column('declared_value', sa.String(length=40), nullable=True))
    connection = op.get_bind()
    lines = sa.table('shipment_lines', sa.column('id', sa.Integer), sa.column('declared_value', sa.String),
                     sa.column('currency', sa.String), sa.column('value_minor', sa.BigInteger))
    for line_id, minor, currency in connection.execute(
            sa.select(lines.c.id, lines.c.value_minor, lines.c.currency)
            .where(lines.c.value_minor.is_not(None))).all():
        text = format(Decimal(minor).scaleb(-_exponent(currency)), 'f')
        connection.execute(sa.update(lines).where(lines.c.id == line_id).values(declared_value=text))
    with op.batch_alter_table('shipment_lines', schema=None) as batch_op:
        batch_op.drop_column('net_mass_micro')
        batch_op.drop_column('net_mass_unit')
        batch_op.drop_column('net_mass_value')
        batch_op.drop_column('country_of_origin')
        batch_op.drop_column('value_minor')
