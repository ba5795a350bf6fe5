"""Share images: a case's 1200 x 630 preview picture, rendered once per content

Revision ID: 0021_share_images
Revises: 0020_update_mailings
Create Date: 2026-12-05 13:30:00

Issue 15, item 5: the image link previews show, kept in the database so every web
process serves the one rendering.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_share_images'
down_revision = '0020_update_mailings'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'share_images',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('png', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['case_id'], ['cases.id'], name=op.f('fk_share_images_case_id_cases'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_share_images')),
    )
    op.create_index(op.f('ix_share_images_case_id'), 'share_images', ['case_id'])


def downgrade():
    op.drop_index(op.f('ix_share_images_case_id'), table_name='share_images')
    op.drop_table('share_images')
