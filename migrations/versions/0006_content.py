"""Content management: uploaded case photos

Revision ID: 0006_content
Revises: 0005_delivery
Create Date: 2026-11-26 12:21:07.974644

Photos are kept in the database (web processes are stateless), one per case, in a
table of their own so that listing cases never reads their bytes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_content'
down_revision = '0005_delivery'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('mime_type', sa.String(length=30), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_photos_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_photos')),
    sa.UniqueConstraint('case_id', name=op.f('uq_case_photos_case_id'))
    )


def downgrade():
    op.drop_table('case_photos')
