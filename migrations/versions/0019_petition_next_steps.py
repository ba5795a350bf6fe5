"""A petition says what happens next, and when it is due to be delivered

Revision ID: 0019_petition_next_steps
Revises: 0018_petition_delivered
Create Date: 2026-12-05 13:00:00

Issue 15, item 4: the thank-you page tells signers how and when the petition is
delivered, from fields the organiser edits in the CMS.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_petition_next_steps'
down_revision = '0018_petition_delivered'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('petitions') as batch_op:
        batch_op.add_column(
            sa.Column('next_steps', sa.Text(), server_default=sa.text("''"), nullable=False)
        )
        batch_op.add_column(sa.Column('delivery_planned_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('petitions') as batch_op:
        batch_op.drop_column('delivery_planned_on')
        batch_op.drop_column('next_steps')
