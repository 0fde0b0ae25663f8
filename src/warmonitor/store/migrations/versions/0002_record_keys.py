"""Stable record keys on extracted records, a retired flag, and the kind of user places.

Re-extraction updates a record in place when its key is unchanged, so analysts'
review decisions keep pointing at it; a record the extractor no longer produces
is deleted, or kept as ``retired`` when a decision names it.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

EXTRACTED = ("event_mentions", "claims", "statements", "disruptions", "testimonies", "background")


def upgrade() -> None:
    for table in EXTRACTED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("record_key", sa.String(length=64), nullable=False, server_default="")
            )
            batch_op.add_column(
                sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false())
            )
    with op.batch_alter_table("gazetteer_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("gazetteer_entries", schema=None) as batch_op:
        batch_op.drop_column("kind")
    for table in EXTRACTED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("retired")
            batch_op.drop_column("record_key")
