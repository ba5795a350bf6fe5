"""Server-side sessions; outbox rows found by recipient

Revision ID: 0008_lifecycle_sessions
Revises: 0007_privacy
Create Date: 2026-12-04 22:10:00

A signed-in browser is a row in user_sessions (keyed by the hash of the random token its
cookie holds): logging out, a new password and switching an account off delete rows, so
a copied cookie ends with them. Sessions from before this revision held the user's id in
the cookie; they are not carried over (everyone logs in once more). The outbox gets an
index on (recipient, created_at) for the per-recipient caps on account emails.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_lifecycle_sessions'
down_revision = '0007_privacy'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions'))
    )
    with op.batch_alter_table('user_sessions') as batch_op:
        batch_op.create_index('ix_user_sessions_user_id', ['user_id'], unique=False)
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.create_index('ix_outbox_messages_recipient_created_at', ['recipient', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.drop_index('ix_outbox_messages_recipient_created_at')
    with op.batch_alter_table('user_sessions') as batch_op:
        batch_op.drop_index('ix_user_sessions_user_id')
    op.drop_table('user_sessions')
