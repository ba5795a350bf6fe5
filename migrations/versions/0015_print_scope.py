"""Class PDFs of the letters not printed yet, and the cover sheet's language

Revision ID: 0015_print_scope
Revises: 0014_delivery_pack_hash
Create Date: 2026-12-05 00:55:00

Issue 16, item 6: a class PDF holds the approved letters not printed yet unless the
teacher asks to print all again (reprint_all); its cover sheet is written in the
teacher's language when they asked for it (language).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_print_scope'
down_revision = '0014_delivery_pack_hash'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('class_print_jobs') as batch_op:
        batch_op.add_column(
            sa.Column('reprint_all', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column('language', sa.String(length=16), server_default='en', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('class_print_jobs') as batch_op:
        batch_op.drop_column('language')
        batch_op.drop_column('reprint_all')
