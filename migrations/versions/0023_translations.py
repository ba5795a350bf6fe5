"""Cases, issue areas, petitions and targets in other languages than their original

Revision ID: 0023_translations
Revises: 0022_update_photos
Create Date: 2026-12-05 16:30:00

Issue 20: one row per translated field and language, with a digest of the original's
text when it was saved (a changed original marks the translation out of date); the
original's language on cases and issue areas.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_translations'
down_revision = '0022_update_photos'
branch_labels = None
depends_on = None

TABLES = (
    ('case_translations', 'case_id', 'cases'),
    ('issue_area_translations', 'issue_area_id', 'issue_areas'),
    ('petition_translations', 'petition_id', 'petitions'),
    ('target_translations', 'target_id', 'targets'),
)


def upgrade():
    for table, owner, owners in TABLES:
        op.create_table(
            table,
            sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('language', sa.String(length=16), nullable=False),
            sa.Column('field', sa.String(length=40), nullable=False),
            sa.Column('text', sa.Text(), nullable=False),
            sa.Column('source_digest', sa.String(length=64), nullable=False),
            sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column(owner, sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint([owner], [f'{owners}.id'], name=op.f(f'fk_{table}_{owner}_{owners}'), ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
            sa.UniqueConstraint(owner, 'language', 'field', name=op.f(f'uq_{table}_{owner}_language_field')),
        )
        op.create_index(op.f(f'ix_{table}_{owner}'), table, [owner], unique=False)
    for table in ('cases', 'issue_areas'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('language', sa.String(length=16), server_default='en', nullable=False))


def downgrade():
    for table in ('issue_areas', 'cases'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('language')
    for table, owner, _owners in reversed(TABLES):
        op.drop_index(op.f(f'ix_{table}_{owner}'), table_name=table)
        op.drop_table(table)
