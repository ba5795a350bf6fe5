"""Privacy lifecycle: consent versions, hashed clients, anonymisation

Revision ID: 0007_privacy
Revises: 0006_content
Create Date: 2026-11-26 15:00:00

Signatures record the consent text's version and a keyed hash of the client's address,
and when their personal data was wiped; petitions record when an organiser closed them
(retention counts from then); supporters' letters record when they were wiped. Petitions
closed before this revision get closed_at = their closing date, or now: their signers'
data is kept the full retention time from today rather than wiped at once.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_privacy'
down_revision = '0006_content'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('petitions') as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE petitions SET closed_at = COALESCE(closes_at, CURRENT_TIMESTAMP) "
        "WHERE status = 'closed'"
    )
    with op.batch_alter_table('signatures') as batch_op:
        batch_op.add_column(sa.Column('consent_version', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('client_hash', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_signatures_email_canonical', ['email_canonical'], unique=False)
    with op.batch_alter_table('letters') as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('letters') as batch_op:
        batch_op.drop_column('anonymised_at')
    with op.batch_alter_table('signatures') as batch_op:
        batch_op.drop_index('ix_signatures_email_canonical')
        batch_op.drop_column('anonymised_at')
        batch_op.drop_column('client_hash')
        batch_op.drop_column('consent_version')
    with op.batch_alter_table('petitions') as batch_op:
        batch_op.drop_column('closed_at')
