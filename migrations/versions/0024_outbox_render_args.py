"""An outbox row may say what to write instead of holding the written email

Revision ID: 0024_outbox_render_args
Revises: 0023_translations
Create Date: 2026-12-05 19:20:00

Issue 19: the signing request records the confirmation email's template and arguments
in the outbox, in its own transaction as before, and the outbox worker renders it just
before sending. Subject and bodies are empty until then.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024_outbox_render_args'
down_revision = '0023_translations'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.add_column(sa.Column('render_args', sa.Text(), nullable=True))
        batch_op.alter_column('subject', existing_type=sa.String(length=300), nullable=True)
        batch_op.alter_column('body_text', existing_type=sa.Text(), nullable=True)


def downgrade():
    # Rows not yet written cannot be kept without their text: they are dropped, as a
    # downgrade of a pending queue must (their signers can ask again).
    op.execute("DELETE FROM outbox_messages WHERE render_args IS NOT NULL")
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.alter_column('body_text', existing_type=sa.Text(), nullable=False)
        batch_op.alter_column('subject', existing_type=sa.String(length=300), nullable=False)
        batch_op.drop_column('render_args')
