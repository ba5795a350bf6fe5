"""Letter texts and students' stories per age band

Revision ID: 0012_age_bands
Revises: 0011_case_updates
Create Date: 2026-12-05 00:30:00

A letter text is for every writer (age_band NULL, as every text before this revision)
or for the classes of one age band; a case gets a story per band for students (issue
16, item 5). One text per case, kind, language and band: the texts for every age, whose
band is NULL, get a partial unique index since NULLs are distinct in a constraint.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_age_bands'
down_revision = '0011_case_updates'
branch_labels = None
depends_on = None

AGE_BAND = sa.Enum('under-11', '11-13', '14-18', name='ageband', native_enum=False, length=20)
GENERAL = sa.text('age_band IS NULL')


def upgrade():
    with op.batch_alter_table('cases') as batch_op:
        for column in ('story_under_11', 'story_11_13', 'story_14_18'):
            batch_op.add_column(
                sa.Column(column, sa.Text(), server_default=sa.text("''"), nullable=False)
            )
    with op.batch_alter_table('letter_templates') as batch_op:
        batch_op.add_column(sa.Column('age_band', AGE_BAND, nullable=True))
        batch_op.drop_constraint('uq_letter_templates_case_id_kind_language', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_letter_templates_case_id_kind_language_age_band'),
            ['case_id', 'kind', 'language', 'age_band'],
        )
        batch_op.create_index(
            'uq_letter_templates_general',
            ['case_id', 'kind', 'language'],
            unique=True,
            sqlite_where=GENERAL,
            postgresql_where=GENERAL,
        )


def downgrade():
    op.execute('DELETE FROM letter_templates WHERE age_band IS NOT NULL')
    with op.batch_alter_table('letter_templates') as batch_op:
        batch_op.drop_index('uq_letter_templates_general')
        batch_op.drop_constraint(
            batch_op.f('uq_letter_templates_case_id_kind_language_age_band'), type_='unique'
        )
        batch_op.create_unique_constraint(
            batch_op.f('uq_letter_templates_case_id_kind_language'), ['case_id', 'kind', 'language']
        )
        batch_op.drop_column('age_band')
    with op.batch_alter_table('cases') as batch_op:
        for column in ('story_14_18', 'story_11_13', 'story_under_11'):
            batch_op.drop_column(column)
