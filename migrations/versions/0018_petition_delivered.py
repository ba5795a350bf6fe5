"""A petition records when it was delivered, and to whom

Revision ID: 0018_petition_delivered
Revises: 0017_letter_reminders
Create Date: 2026-12-05 08:10:00

Issue 18, item 6: the outcome an organiser records once the petition is handed over,
shown on the case page and the thank-you page.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_petition_delivered'
down_revision = '0017_letter_reminders'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('petitions') as batch_op:
        batch_op.add_column(sa.Column('delivered_on', sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column('delivered_to', sa.String(length=200), server_default=sa.text("''"), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('petitions') as batch_op:
        batch_op.drop_column('delivered_to')
        batch_op.drop_column('delivered_on')
