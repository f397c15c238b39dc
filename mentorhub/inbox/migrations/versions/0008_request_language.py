"""The language of the page a request was sent from (issue 21): the mentee's e-mails (their
confirmation, their survey invitations) are written in it. Not personal data: erasure keeps it.
Requests stored before this revision have none (NULL): they are written to in the site's
default language (mkdocs.yml's `theme.language`), which is what their pages spoke then.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("requests") as batch:
        batch.add_column(sa.Column("language", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("requests") as batch:
        batch.drop_column("language")
