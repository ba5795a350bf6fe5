"""Case updates: good news and what happened since, in one or more languages

Revision ID: 0011_case_updates
Revises: 0010_card_first_name
Create Date: 2026-12-05 00:30:00

Issue 18: organisers publish updates on a case; the case page, the home page, the
/updates feeds and the API show them.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_case_updates'
down_revision = '0010_card_first_name'
branch_labels = None
depends_on = None

KIND = sa.Enum(
    'released', 'charges_dropped', 'commuted', 'response', 'transferred', 'delivered', 'other',
    name='updatekind', native_enum=False, length=20,
)


def upgrade():
    op.create_table('case_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', KIND, nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_updates_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_updates'))
    )
    with op.batch_alter_table('case_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_updates_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_updates_published_at'), ['published_at'], unique=False)

    op.create_table('case_update_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('update_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['update_id'], ['case_updates.id'], name=op.f('fk_case_update_texts_update_id_case_updates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_update_texts')),
    sa.UniqueConstraint('update_id', 'language', name=op.f('uq_case_update_texts_update_id_language'))
    )


def downgrade():
    op.drop_table('case_update_texts')
    with op.batch_alter_table('case_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_updates_published_at'))
        batch_op.drop_index(batch_op.f('ix_case_updates_case_id'))
    op.drop_table('case_updates')
