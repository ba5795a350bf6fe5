"""A letter keeps the address its private link was emailed to, and an opt-in

Revision ID: 0016_letter_link_email
Revises: 0015_print_scope
Create Date: 2026-12-05 00:30:00

"Email me this link" on a supporter's letter page (issue 15, item 7): the address is
kept only as long as the letter's name, town and text, and wiped with them; the opt-in
("tell me what happens to <person>") is unticked unless asked for. Chained on main's
head when written (0010); the lead re-chains migrations when merging.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_letter_link_email'
down_revision = '0015_print_scope'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('letters') as batch_op:
        batch_op.add_column(sa.Column('link_email', sa.String(length=254), nullable=True))
        batch_op.add_column(
            sa.Column('updates_opt_in', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('letters') as batch_op:
        batch_op.drop_column('updates_opt_in')
        batch_op.drop_column('link_email')
