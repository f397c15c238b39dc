"""Matches for requests matched before the inbox kept them (issue 19): every request that is
`matched`, or was `matched` and is now `closed`, gets its match, started when its audit trail says
it was matched (else when its status last changed) and ended when it was closed. Without one, its
check-ins would never start and the figures would miss it. No mentor's address: profiles carry
none, so a coordinator adds it on the request's page. Spam is left out; nothing is sent for the
past (invitations already expired are never created).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MOVED = ("SELECT max(a.at) FROM audit_events a WHERE a.request_id = r.id AND a.action = 'status' "
         "AND a.from_status = '{from_status}' AND a.to_status = '{to_status}'")


def upgrade() -> None:
    op.execute(
        "INSERT INTO matches (request_id, mentor_id, mentor_email, started_at, ended_at) "
        f"SELECT r.id, r.mentor_id, NULL, COALESCE(({MOVED.format(from_status='contacted', to_status='matched')}), "
        "r.status_changed_at), "
        f"CASE WHEN r.status = 'closed' THEN ({MOVED.format(from_status='matched', to_status='closed')}) END "
        "FROM requests r WHERE r.spam = false AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.request_id = r.id) "
        "AND (r.status = 'matched' OR r.status = 'closed' AND EXISTS (SELECT 1 FROM audit_events a "
        "WHERE a.request_id = r.id AND a.action = 'status' AND a.from_status = 'matched' AND a.to_status = 'closed'))")


def downgrade() -> None:
    """The matches stay: from 0006 on they cannot be told from those the dashboard made."""
