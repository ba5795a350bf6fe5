"""Delivery packs remember their language, their last signer and the signer list's hash

Revision ID: 0014_delivery_pack_hash
Revises: 0013_resume_codes
Create Date: 2026-12-05 00:45:00

A delivery pack is written in the language of the organiser who asked for it, counts the
confirmed signers up to one signature, and prints the SHA-256 of their CSV export on its
last page (issue 17, item 8); the pack's page offers that very CSV for download.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_delivery_pack_hash'
down_revision = '0013_resume_codes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('delivery_packs') as batch_op:
        batch_op.add_column(
            sa.Column('language', sa.String(length=16), nullable=False, server_default='en')
        )
        batch_op.add_column(sa.Column('last_signature_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('signers_sha256', sa.String(length=64), nullable=True))
    with op.batch_alter_table('delivery_packs') as batch_op:
        batch_op.alter_column('language', existing_type=sa.String(length=16), server_default=None)


def downgrade():
    with op.batch_alter_table('delivery_packs') as batch_op:
        batch_op.drop_column('signers_sha256')
        batch_op.drop_column('last_signature_id')
        batch_op.drop_column('language')
