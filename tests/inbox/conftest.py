"""Fixtures for the inbox: a database per test on SQLite and on a real PostgreSQL server, a
small programme (mentors.json + mkdocs.yml), apps, clients and signed-in coordinators."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from mentorhub.inbox.auth import create_coordinator
from mentorhub.inbox.db import Database
from mentorhub.inbox.db import database_url as engine_url
from mentorhub.inbox.migrate import upgrade
from browser import free_port
from inbox_support import COORDINATOR, MENTORS, PROGRAMME_YML, QUICK_HASHER, Env, sign_in
from survey_records import write_surveys


# --- PostgreSQL: a throwaway cluster for the whole session ---------------------------------------

@dataclass
class Cluster:
    url: str  # postgresql://postgres@127.0.0.1:PORT/

    def admin(self, sql: str) -> None:
        engine = create_engine(engine_url(self.url + "postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(sql))
        engine.dispose()


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        pytest.fail("PostgreSQL's binaries are missing (/usr/lib/postgresql/*/bin/initdb); `make test` installs "
                    "Debian's postgresql package, or run: apt-get update && apt-get install -y postgresql",
                    pytrace=False)
    return Path(found[-1]).parent


def _as_postgres(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a server command as the `postgres` user when we are root (the server refuses root)."""
    if os.geteuid() == 0:
        args = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in args)]
    return subprocess.run(args, capture_output=True, text=True, check=False, timeout=120)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    bindir = _postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="inbox-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    result = _as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                           "--no-sync", "-E", "UTF8", "--locale", "C"])
    assert result.returncode == 0, f"initdb failed:\n{result.stdout}\n{result.stderr}"
    options = f"-p {port} -k {root} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    result = _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "server.log"),
                           "-w", "-t", "60", "start"])
    if result.returncode != 0:
        log = (root / "server.log").read_text() if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start:\n{result.stdout}\n{result.stderr}\n{log}", pytrace=False)
    try:
        yield Cluster(f"postgresql://postgres@127.0.0.1:{port}/")
    finally:
        _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)


TABLES = ("audit_events", "dashboard_sessions", "requests", "coordinators", "rate_counters", "inbox_settings",
          "applications", "screening_steps")


@pytest.fixture(scope="session")
def postgres_database(postgres_cluster: Cluster) -> str:
    """One migrated database for the session; each test starts with its tables emptied."""
    postgres_cluster.admin("CREATE DATABASE inbox_test")
    url = postgres_cluster.url + "inbox_test"
    db = Database(url)
    upgrade(db.engine)
    db.dispose()
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "inbox.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    db.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database of each kind, new for every test."""
    if request.param == "sqlite":
        path = tmp_path / "inbox.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_database")
    engine = create_engine(engine_url(url))
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield url


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "inbox.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


# --- the programme and the apps ------------------------------------------------------------------

@pytest.fixture
def programme(tmp_path: Path) -> tuple[Path, Path]:
    """(mentors.json, mkdocs.yml) of a small programme."""
    folder = tmp_path / "programme"
    folder.mkdir()
    mentors = folder / "mentors.json"
    mentors.write_text(json.dumps({"version": 1, "mentors": MENTORS}), encoding="utf-8")
    mkdocs = folder / "mkdocs.yml"
    mkdocs.write_text(PROGRAMME_YML, encoding="utf-8")
    return mentors, mkdocs


@pytest.fixture
def env(database_url: str, programme: tuple[Path, Path]) -> Iterator[Env]:
    environment = Env(database_url, programme)
    yield environment
    environment.close()


@pytest.fixture
def client(env: Env) -> TestClient:
    return env.client()






# --- coordinators ---------------------------------------------------------------------------------






@pytest.fixture
def coordinator(env: Env) -> tuple[str, str]:
    create_coordinator(env.db, *COORDINATOR, hasher=QUICK_HASHER)
    return COORDINATOR


@pytest.fixture
def dashboard(env: Env, coordinator: tuple[str, str]) -> TestClient:
    """A client signed in as a coordinator."""
    client = env.client()
    assert sign_in(client).status_code == 303
    return client


@pytest.fixture
def surveyed(env: Env, coordinator: tuple[str, str]) -> TestClient:
    """A signed-in dashboard of an inbox that reads the programme's surveys (survey_records.SURVEYS)."""
    write_surveys(env)
    client = env.client()
    assert sign_in(client).status_code == 303
    return client
