"""Matches, survey invitations and survey responses (issue 19: check-ins, surveys and outcomes).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

UTC = sa.DateTime(timezone=True)  # as 0001: a migration does not import the models it freezes

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.String(length=100), nullable=False),
        sa.Column("mentor_email", sa.String(length=254), nullable=True),
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("ended_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"], name=op.f("fk_matches_request_id_requests"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matches")),
        sa.UniqueConstraint("request_id", name=op.f("uq_matches_request_id")),
    )
    op.create_index(op.f("ix_matches_mentor_id"), "matches", ["mentor_id"])
    op.create_index(op.f("ix_matches_started_at"), "matches", ["started_at"])
    op.create_table(
        "survey_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.String(length=100), nullable=False),
        sa.Column("respondent", sa.String(length=8), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("sent_at", UTC, nullable=True),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("used_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(["match_id"], ["matches.id"], name=op.f("fk_survey_invitations_match_id_matches"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_survey_invitations_token_hash")),
        sa.UniqueConstraint("match_id", "survey_id", "respondent", "due_on",
                            name=op.f("uq_survey_invitations_match_id_survey_id_respondent_due_on")),
    )
    op.create_index(op.f("ix_survey_invitations_match_id"), "survey_invitations", ["match_id"])
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("match_id", sa.Integer(), nullable=True),
        sa.Column("survey_id", sa.String(length=100), nullable=False),
        sa.Column("respondent", sa.String(length=8), nullable=False),
        sa.Column("submission_id", sa.String(length=64), nullable=True),
        sa.Column("received_at", UTC, nullable=False),
        sa.Column("answers", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("concern", sa.Boolean(), nullable=False),
        sa.Column("concern_acknowledged_at", UTC, nullable=True),
        sa.Column("concern_acknowledged_by", sa.String(length=254), nullable=True),
        sa.ForeignKeyConstraint(["invitation_id"], ["survey_invitations.id"],
                                name=op.f("fk_survey_responses_invitation_id_survey_invitations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["match_id"], ["matches.id"], name=op.f("fk_survey_responses_match_id_matches"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint("invitation_id", name=op.f("uq_survey_responses_invitation_id")),
        sa.UniqueConstraint("submission_id", name=op.f("uq_survey_responses_submission_id")),
    )
    for column in ("match_id", "survey_id", "received_at", "concern"):
        op.create_index(op.f(f"ix_survey_responses_{column}"), "survey_responses", [column])


def downgrade() -> None:
    op.drop_table("survey_responses")
    op.drop_table("survey_invitations")
    op.drop_table("matches")
