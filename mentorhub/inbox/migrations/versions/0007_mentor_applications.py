"""Mentor applications and their screening steps; audit events may name an application (issue 20).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

UTC = sa.DateTime(timezone=True)  # as 0001: a migration does not import the models it freezes

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("submission_id", sa.String(length=64), nullable=True),
        sa.Column("received_at", UTC, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_changed_at", UTC, nullable=False),
        sa.Column("spam", sa.Boolean(), nullable=False),
        sa.Column("mentor_id", sa.String(length=100), nullable=False),
        sa.Column("youth_cleared", sa.Boolean(), nullable=False),
        sa.Column("decided_at", UTC, nullable=True),
        sa.Column("profile", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("referees", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("training_code", sa.String(length=200), nullable=True),
        sa.Column("honeypot", sa.String(length=200), nullable=True),
        sa.Column("body_hash", sa.String(length=64), nullable=True),
        sa.Column("checks_consent", sa.Boolean(), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("erased_at", UTC, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("public_id", name=op.f("uq_applications_public_id")),
        sa.UniqueConstraint("submission_id", name=op.f("uq_applications_submission_id")),
    )
    for column in ("received_at", "status", "spam"):
        op.create_index(op.f(f"ix_applications_{column}"), "applications", [column])
    op.create_table(
        "screening_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=64), nullable=False),
        sa.Column("recorded_by", sa.String(length=254), nullable=False),
        sa.Column("recorded_at", UTC, nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"],
                                name=op.f("fk_screening_steps_application_id_applications"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_steps")),
        sa.UniqueConstraint("application_id", "step", name=op.f("uq_screening_steps_application_id_step")),
    )
    op.create_index(op.f("ix_screening_steps_application_id"), "screening_steps", ["application_id"])
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("application_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_audit_events_application_id"), ["application_id"])
        batch.create_foreign_key(batch.f("fk_audit_events_application_id_applications"), "applications",
                                 ["application_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint(batch.f("fk_audit_events_application_id_applications"), type_="foreignkey")
        batch.drop_index(batch.f("ix_audit_events_application_id"))
        batch.drop_column("application_id")
    op.drop_table("screening_steps")
    op.drop_table("applications")
