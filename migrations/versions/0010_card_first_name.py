"""Cases whose cards carry the writer's first name only

Revision ID: 0010_card_first_name
Revises: 0009_tally_review
Create Date: 2026-12-05 00:20:00

A safety setting of a case (issue 17): for people whom a writer's family name on a card
could endanger, the card form asks for a first name and only that is printed.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_card_first_name'
down_revision = '0009_tally_review'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases') as batch_op:
        batch_op.add_column(
            sa.Column('card_first_name_only', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('cases') as batch_op:
        batch_op.drop_column('card_first_name_only')
