"""The kind of mentoring a request is for: regular mentoring (which takes one of the mentor's
places) or a one-off session (which takes none).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # every request stored before this revision was for regular mentoring: the only kind there was
    with op.batch_alter_table("requests") as batch:
        batch.add_column(sa.Column("mentoring", sa.String(length=16), nullable=False, server_default="long-term"))


def downgrade() -> None:
    with op.batch_alter_table("requests") as batch:
        batch.drop_column("mentoring")
