"""Erasure leaves nothing behind: no personal value in any column, and none of the old bytes in the
database's files (SQLite's main file and -wal; PostgreSQL's table files), read as they are on disk."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event, make_url

from mentorhub.inbox.db import database_url as engine_url
from inbox_support import Env, adult, app_inbox, csrf, hidden, post_json

NAME = "Zenobiaqxv"  # distinctive, so its bytes can be looked for in the files
EMAIL = "zenobia.qxv@example.org"
NOTE = "Palmyrakwz called back"


def _files(env: Env, tables: tuple[str, ...] = ("requests", "audit_events")) -> dict[str, bytes]:
    """Every file holding `tables` (on SQLite: the whole database), as the disk has them now."""
    url = make_url(env.database_url)
    if url.drivername.startswith("sqlite"):
        main = Path(str(url.database))
        return {p.name: p.read_bytes() for p in (main, Path(f"{main}-wal")) if p.exists()}
    engine = create_engine(engine_url(env.database_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("CHECKPOINT")  # shared buffers to the files
            data = Path(str(connection.exec_driver_sql("SHOW data_directory").scalar()))
            files = {}
            for table in tables:
                relation = str(connection.exec_driver_sql(f"SELECT pg_relation_filepath('{table}')").scalar())
                for part in sorted((data / relation).parent.glob(Path(relation).name + "*")):
                    files[f"{table}:{part.name}"] = part.read_bytes()
    finally:
        engine.dispose()
    return files


def _holding(files: dict[str, bytes], text: str) -> list[str]:
    return [name for name, content in files.items() if text.encode() in content]


def _without_default_secure_delete(client: TestClient) -> None:
    """Debian builds SQLite with secure_delete on by default; others do not. Turn it off at every
    checkout, so only the erasure's own `PRAGMA secure_delete` can zero the freed space."""
    engine = app_inbox(client).db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "checkout", lambda dbapi, record, proxy: dbapi.execute("PRAGMA secure_delete = OFF"))


def test_erasure_removes_every_personal_value_and_its_old_bytes(env: Env, dashboard: TestClient) -> None:
    _without_default_secure_delete(dashboard)
    reply = post_json(dashboard, adult(preferred_name=NAME, email=EMAIL, goals=f"{NAME} wants to learn " * 40,
                                       location=f"{NAME} Heights", answers={"school": f"{NAME} College"}))
    assert reply.status_code == 200, reply.text
    reference = reply.json()["id"]
    # a value the form no longer offers, stored before the checks (or by an older version)
    env.execute("UPDATE requests SET interests = :i, languages = :l, privacy_version = :p WHERE public_id = :r",
                i=f'["{NAME}-topic"]', l=f'["en", "{NAME}-lang"]', p=f"{NAME}-notice", r=reference)
    token = csrf(dashboard, f"/dashboard/requests/{reference}")
    noted = dashboard.post(f"/dashboard/requests/{reference}/status",
                           data={"csrf_token": token, "status": "", "note": NOTE})
    assert noted.status_code == 303
    assert _holding(_files(env), NAME) and _holding(_files(env), "Palmyrakwz")  # the check can see them
    page = dashboard.get(f"/dashboard/requests/{reference}").text
    erased = dashboard.post(f"/dashboard/requests/{reference}/erase",
                            data={"csrf_token": hidden(page, "csrf_token"), "confirm": "yes"})
    assert erased.status_code == 303
    row = env.rows("SELECT * FROM requests WHERE public_id = :r", r=reference)[0]
    assert NAME not in repr(row) and "zenobia" not in repr(row).lower()
    assert row["languages"] in (["en"], '["en"]') and row["interests"] in ([], "[]") and row["privacy_version"] == ""
    assert not any(NAME in repr(e) or "Palmyrakwz" in repr(e) for e in env.rows("SELECT * FROM audit_events"))
    files = _files(env)
    for secret in (NAME, "Palmyrakwz", EMAIL, "zenobia.qxv"):
        assert _holding(files, secret) == [], secret
