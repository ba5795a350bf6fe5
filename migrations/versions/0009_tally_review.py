"""Hand tallies above a threshold wait for an organiser's review

Revision ID: 0009_tally_review
Revises: 0008_lifecycle_sessions
Create Date: 2026-12-04 22:30:00

A classroom tally keeps what the teacher reported and, beside it, what counts publicly
(`counted`) and its review state (issue 21, item 13). Tallies reported before this
revision were already public: they stay counted, as approved.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_tally_review'
down_revision = '0008_lifecycle_sessions'
branch_labels = None
depends_on = None

REVIEW = sa.Enum('approved', 'pending', 'refused', name='tallyreview', native_enum=False, length=20)


def upgrade():
    with op.batch_alter_table('classroom_tallies') as batch_op:
        batch_op.add_column(sa.Column('counted', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('review', REVIEW, nullable=True))
    op.execute("UPDATE classroom_tallies SET counted = reported, review = 'approved'")
    with op.batch_alter_table('classroom_tallies') as batch_op:
        batch_op.alter_column('counted', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('review', existing_type=REVIEW, nullable=False)
        batch_op.create_index('ix_classroom_tallies_review', ['review'], unique=False)


def downgrade():
    with op.batch_alter_table('classroom_tallies') as batch_op:
        batch_op.drop_index('ix_classroom_tallies_review')
        batch_op.drop_column('review')
        batch_op.drop_column('counted')
