"""Emailing case updates: mailings, their recipients, suppressed addresses

Revision ID: 0020_update_mailings
Revises: 0019_petition_next_steps
Create Date: 2026-12-05 13:10:00

Issue 18, items 3 to 5: an update emailed to the case's signers and letter writers at a
set rate, resumable, once per address; one-click unsubscribe and undeliverable addresses
kept as keyed hashes; signatures remember the language they were made in; outbox
messages carry extra headers (List-Unsubscribe).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_update_mailings'
down_revision = '0019_petition_next_steps'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signatures') as batch_op:
        batch_op.add_column(
            sa.Column('language', sa.String(length=10), server_default=sa.text("'en'"), nullable=False)
        )
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.add_column(sa.Column('headers', sa.Text(), nullable=True))

    op.create_table(
        'update_mailings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('update_id', sa.Integer(), nullable=False),
        sa.Column('to_signers', sa.Boolean(), nullable=False),
        sa.Column('to_letter_writers', sa.Boolean(), nullable=False),
        sa.Column(
            'status',
            sa.Enum('listing', 'prepared', 'sending', 'done', name='mailingstatus', native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column('prepared_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_by', sa.String(length=80), nullable=True),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['update_id'], ['case_updates.id'], name=op.f('fk_update_mailings_update_id_case_updates'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_update_mailings')),
        sa.UniqueConstraint('update_id', name=op.f('uq_update_mailings_update_id')),
    )
    op.create_table(
        'update_recipients',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('mailing_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('email_key', sa.String(length=64), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column(
            'status',
            sa.Enum('queued', 'sent', 'skipped', 'failed', name='recipientstatus', native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column('outbox_id', sa.Integer(), nullable=True),
        sa.Column('handed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['mailing_id'], ['update_mailings.id'], name=op.f('fk_update_recipients_mailing_id_update_mailings'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_update_recipients')),
        sa.UniqueConstraint('mailing_id', 'email_key', name='uq_update_recipients_mailing_email'),
    )
    op.create_index('ix_update_recipients_mailing_status_id', 'update_recipients', ['mailing_id', 'status', 'id'])
    op.create_index('ix_update_recipients_outbox_id', 'update_recipients', ['outbox_id'])
    op.create_index(op.f('ix_update_recipients_handed_at'), 'update_recipients', ['handed_at'])
    op.create_table(
        'email_suppressions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email_key', sa.String(length=64), nullable=False),
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column(
            'reason',
            sa.Enum('unsubscribed', 'undeliverable', name='suppressionreason', native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_email_suppressions')),
        sa.UniqueConstraint('email_key', 'scope', 'reason', name='uq_email_suppressions_key'),
    )
    op.create_index(op.f('ix_email_suppressions_email_key'), 'email_suppressions', ['email_key'])


def downgrade():
    op.drop_index(op.f('ix_email_suppressions_email_key'), table_name='email_suppressions')
    op.drop_table('email_suppressions')
    op.drop_index(op.f('ix_update_recipients_handed_at'), table_name='update_recipients')
    op.drop_index('ix_update_recipients_outbox_id', table_name='update_recipients')
    op.drop_index('ix_update_recipients_mailing_status_id', table_name='update_recipients')
    op.drop_table('update_recipients')
    op.drop_table('update_mailings')
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.drop_column('headers')
    with op.batch_alter_table('signatures') as batch_op:
        batch_op.drop_column('language')
