"""Event summaries kept on the event: country, first-order area, report count, toll.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country_code", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("admin1", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("report_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("toll", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("deaths_best", sa.Integer(), nullable=True))
        batch_op.create_index("ix_events_country_code", ["country_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_country_code")
        for column in ("deaths_best", "toll", "report_count", "admin1", "country_code"):
            batch_op.drop_column(column)
