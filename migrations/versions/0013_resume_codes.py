"""One-time resume codes for students continuing on another device

Revision ID: 0013_resume_codes
Revises: 0012_age_bands
Create Date: 2026-12-05 00:35:00

Issue 16, item 2: the teacher gives a student a short code (or its QR) that opens the
student's session on another device, once, for CLASS_RESUME_MINUTES. Only a keyed hash
of the code is stored.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_resume_codes'
down_revision = '0012_age_bands'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('students') as batch_op:
        batch_op.add_column(sa.Column('resume_code_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('resume_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_students_resume_code_hash'), ['resume_code_hash']
        )


def downgrade():
    with op.batch_alter_table('students') as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_students_resume_code_hash'), type_='unique')
        batch_op.drop_column('resume_expires_at')
        batch_op.drop_column('resume_code_hash')
