"""Schema changes go through Alembic: the migrations build exactly the tables the code uses."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, select

from mentorhub.inbox.app import create_app
from mentorhub.inbox.db import Database, NotMigrated
from mentorhub.inbox.migrate import alembic_config, head_revision, upgrade
from mentorhub.inbox.models import AuditEvent, Base, Match, RequestRecord
from mentorhub.inbox.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    cluster = request.getfixturevalue("postgres_cluster")
    name = "m_" + uuid.uuid4().hex[:12]
    cluster.admin(f"CREATE DATABASE {name}")
    yield cluster.url + name
    cluster.admin(f"DROP DATABASE {name} WITH (FORCE)")


def test_migrations_build_the_models_tables_and_come_down_again(empty_url: str, programme: tuple[Path, Path]) -> None:
    db = Database(empty_url)
    try:
        with pytest.raises(NotMigrated, match="python -m mentorhub.inbox migrate"):
            create_app(Settings(database_url=empty_url, mentors_json=programme[0]))
        upgrade(db.engine)
        db.check_migrated()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            assert context.get_current_revision() == head_revision()
        upgrade(db.engine)  # running it again changes nothing
        config = alembic_config()
        with db.engine.connect() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
            connection.commit()
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    finally:
        db.dispose()


def test_the_sqlite_database_is_in_wal_mode(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_the_command_line_migrates_and_creates_the_first_coordinator(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INBOX_", "DATABASE_URL"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'inbox.db'}")

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "mentorhub.inbox", *args], capture_output=True, text=True, cwd=tmp_path,
                              env={**env, **extra}, timeout=120, check=False)

    migrated = run("migrate")
    assert migrated.returncode == 0 and "database ready" in migrated.stdout, migrated.stderr
    unset = run("create-coordinator", "--from-env")
    assert unset.returncode == 2
    assert "INBOX_ADMIN_EMAIL and INBOX_ADMIN_PASSWORD" in unset.stderr
    short = run("create-coordinator", "--from-env", INBOX_ADMIN_EMAIL="a@example.org", INBOX_ADMIN_PASSWORD="short")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    made = run("create-coordinator", "--from-env", INBOX_ADMIN_EMAIL="Lead@Example.org",
               INBOX_ADMIN_PASSWORD="a long enough secret")
    assert made.returncode == 0 and "created coordinator lead@example.org" in made.stdout
    again = run("create-coordinator", "--from-env", INBOX_ADMIN_EMAIL="lead@example.org",
                INBOX_ADMIN_PASSWORD="a long enough secret")
    assert again.returncode == 0 and "already exists" in again.stdout
    kept = run("create-coordinator", "--from-env")  # an account exists: nothing needed
    assert kept.returncode == 0 and "keeping the 1 existing coordinator account\n" in kept.stdout
    no_mentors = run("serve", "--port", "1")
    assert no_mentors.returncode == 2 and "INBOX_MENTORS_JSON" in no_mentors.stderr


def test_make_inbox_runs_the_documented_steps() -> None:
    dry = subprocess.run(["make", "-n", "inbox"], capture_output=True, text=True, cwd=REPO, check=False,
                         env={**os.environ, "INBOX_ADMIN_EMAIL": "", "INBOX_ADMIN_PASSWORD": ""})
    assert dry.returncode == 0, dry.stderr
    steps = dry.stdout
    assert "-m mentorhub.inbox migrate" in steps and "-m mentorhub.inbox create-coordinator --from-env" in steps
    assert "-m mentorhub.inbox serve --host 127.0.0.1 --port 8001" in steps


def test_requests_matched_before_matches_were_kept_get_theirs(empty_url: str) -> None:
    """0006: a request matched (or matched and then closed) before 0005 gets its match, dated by its
    audit trail; others, spam and requests that already have one get none."""
    db = Database(empty_url)
    try:
        upgrade(db.engine, "0005")
        at = dt.datetime(2026, 10, 1, 9, tzinfo=dt.timezone.utc)
        day = dt.timedelta(days=1)
        with db.write() as session:
            rows = {}
            for ref, status, spam in (("MATCHED", "matched", False), ("CLOSED", "closed", False),
                                      ("DECLINED", "closed", False), ("NEW", "new", False), ("SPAM", "matched", True)):
                rows[ref] = session.execute(insert(RequestRecord).values(  # the table as 0005 left it
                    _as_0005(ref, at, status, at + 9 * day, spam)).returning(RequestRecord.id)).scalar_one()
            moves = [("MATCHED", "contacted", "matched", 2), ("CLOSED", "contacted", "matched", 3),
                     ("CLOSED", "matched", "closed", 7), ("DECLINED", "contacted", "declined", 2),
                     ("DECLINED", "declined", "closed", 4), ("SPAM", "contacted", "matched", 2)]
            for ref, before, after, days in moves:
                # the table as 0005 left it: only these columns (the model has grown since)
                session.execute(insert(AuditEvent).values(
                    request_id=rows[ref], actor="coord@example.org", action="status", from_status=before,
                    to_status=after, at=at + days * day))
        upgrade(db.engine)
        with db.read() as session:
            made = {ref: (m.started_at, m.ended_at, m.mentor_id, m.mentor_email) for ref, m in session.execute(
                select(RequestRecord.public_id, Match).join(Match, Match.request_id == RequestRecord.id)).tuples()}
        assert made == {"MATCHED": (at + 2 * day, None, "ana", None), "CLOSED": (at + 3 * day, at + 7 * day, "ana", None)}
    finally:
        db.dispose()


def _as_0005(ref: str, at: dt.datetime, status: str, changed: dt.datetime, spam: bool = False) -> dict[str, object]:
    """A request's columns as revision 0005 had them (the model has grown since)."""
    return dict(public_id=ref, received_at=at, status=status, status_changed_at=changed, spam=spam, mentor_id="ana",
                mentor_full=False, alternatives=[], age_band="18-plus", interests=[], languages=[], format="virtual",
                availability=[], privacy_version="2026-09")


def test_requests_from_before_languages_were_kept_have_none_and_keep_it_down_and_up(empty_url: str) -> None:
    """0008: requests already stored have no language (NULL: the site's default language is theirs);
    downgrading drops the column and keeps the requests."""
    db = Database(empty_url)
    try:
        upgrade(db.engine, "0007")
        at = dt.datetime(2026, 10, 1, 9, tzinfo=dt.timezone.utc)
        with db.write() as session:
            session.execute(insert(RequestRecord).values(_as_0005("OLD", at, "new", at)))
        upgrade(db.engine)
        with db.write() as session:
            session.execute(insert(RequestRecord).values(**_as_0005("NEW", at, "new", at), language="es"))
        with db.read() as session:
            assert dict(session.execute(select(RequestRecord.public_id, RequestRecord.language)).tuples().all()) == {
                "OLD": None, "NEW": "es"}
        config = alembic_config()
        with db.engine.connect() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
            connection.commit()
        assert "language" not in {c["name"] for c in inspect(db.engine).get_columns("requests")}
        with db.engine.connect() as connection:
            assert sorted(connection.exec_driver_sql("SELECT public_id FROM requests").scalars()) == ["NEW", "OLD"]
    finally:
        db.dispose()
