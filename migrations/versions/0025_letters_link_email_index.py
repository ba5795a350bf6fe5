"""Letters are found by the address their link was emailed to

Revision ID: 0025_letters_link_email_index
Revises: 0024_outbox_render_args
Create Date: 2026-12-05 20:00:00

Issue 18: sending an update checks, a chunk at a time, that its letter writers still ask
for it; by address, through a partial index over the few letters whose link was emailed.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025_letters_link_email_index'
down_revision = '0024_outbox_render_args'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_letters_link_email',
        'letters',
        ['link_email'],
        postgresql_where=sa.text('link_email IS NOT NULL'),
        sqlite_where=sa.text('link_email IS NOT NULL'),
    )


def downgrade():
    op.drop_index('ix_letters_link_email', table_name='letters')
