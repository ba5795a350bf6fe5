"""An update may carry a photo

Revision ID: 0022_update_photos
Revises: 0021_share_images
Create Date: 2026-12-05 14:15:00

Issue 18, item 1: optionally a photo with an update, re-encoded as case photos are.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_update_photos'
down_revision = '0021_share_images'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_updates') as batch_op:
        batch_op.add_column(sa.Column('photo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('photo_mime', sa.String(length=30), server_default=sa.text("''"), nullable=False))
        batch_op.add_column(sa.Column('photo_digest', sa.String(length=64), server_default=sa.text("''"), nullable=False))
        batch_op.add_column(sa.Column('photo_alt', sa.String(length=300), server_default=sa.text("''"), nullable=False))
        batch_op.add_column(sa.Column('photo_width', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('photo_height', sa.Integer(), server_default=sa.text('0'), nullable=False))


def downgrade():
    with op.batch_alter_table('case_updates') as batch_op:
        for column in ('photo_height', 'photo_width', 'photo_alt', 'photo_digest', 'photo_mime', 'photo'):
            batch_op.drop_column(column)
