"""A letter whose link was emailed can remind its writer, once, to post it

Revision ID: 0017_letter_reminders
Revises: 0016_letter_link_email
Create Date: 2026-12-05 08:00:00

Issue 18, item 7: when the link was emailed, whether its writer wants the one reminder
(ticked unless they untick it), and when it was sent (never twice).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_letter_reminders'
down_revision = '0016_letter_link_email'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('letters') as batch_op:
        batch_op.add_column(sa.Column('link_emailed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('link_locale', sa.String(length=10), nullable=True))
        batch_op.add_column(
            sa.Column('post_reminder_wanted', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column('post_reminder_sent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('letters') as batch_op:
        batch_op.drop_column('post_reminder_sent_at')
        batch_op.drop_column('post_reminder_wanted')
        batch_op.drop_column('link_locale')
        batch_op.drop_column('link_emailed_at')
