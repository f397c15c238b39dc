"""Helpers shared by the inbox tests (fixtures are in conftest.py)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import threading

import pytest
import uvicorn
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from browser import free_port, serve
from mentorhub.inbox.app import create_app
from mentorhub.inbox.context import Inbox
from mentorhub.inbox.db import Database
from mentorhub.inbox.mentors import RECHECK_SECONDS
from mentorhub.inbox.settings import Rate, Settings
from support import BuiltRequestProgramme, FixtureProgramme, request_programme

ORIGIN = "http://127.0.0.1:8000"
COORDINATOR = ("coord@example.org", "correct horse battery staple")
# Argon2id with small costs (the real ones take ~0.5 s a hash on a 2-core machine): every app and
# account the tests make is given it; test_inbox_security checks the real parameters.
QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

def _record(mentor_id: str, name: str, state: str, capacity: int, free_places: int, youth_cleared: bool,
            expertise: list[str]) -> dict[str, Any]:
    """One mentor as a built site's mentors.json has it (`mentorhub.content.public.PublicMentor`)."""
    return {"id": mentor_id, "url": f"mentors/{mentor_id}/", "state": state, "free_places": free_places,
            "paused_until": None, "name": name, "pronouns": None, "headline": "A mentor", "bio": "", "photo": None,
            "role": "engineer", "organisation": None, "expertise": expertise, "languages": ["en", "pt"],
            "location": {"city": "London", "region": None, "country": "GB"}, "timezone": "Europe/London",
            "formats": ["virtual"], "audiences": ["university"], "capacity": capacity,
            "accepting": state != "paused", "hours_per_month": 4, "reviewed": "2026-01-01",
            "youth_cleared": youth_cleared, "links": []}


# The test programme's mentors, one of each state (mentorhub/content/mentor_state.py).
MENTORS = [
    _record("ana", "Ana Pereira", "accepting", 2, 1, False, ["python", "careers"]),
    _record("lee", "Lee Park", "accepting", 3, 3, True, ["careers"]),
    _record("kofi", "Kofi Mensah", "full", 1, 0, True, ["nursing", "careers"]),
    _record("mo", "Mo Salah", "paused", 2, 0, True, ["python"]),
    _record("olu", "Olu Dare", "stale", 2, 0, True, ["python"]),
    _record("pat", "Pat Kim", "accepting", 1, 1, False, ["python", "design"]),
    _record("sam", "Sam Roy", "accepting", 4, 2, True, ["python"]),
]
PROGRAMME_YML = """\
site_name: Inbox test programme
docs_dir: content
plugins:
  - mentorship:
      contact: office@inbox-test.example
      requests:
        delivery: inbox
        url: http://127.0.0.1:8001
        reply_days: 5
        extra_fields:
          - name: school
            label: Your school or college
"""


def adult(**changes: Any) -> dict[str, Any]:
    """A complete, valid request from an adult, as the site's form sends it."""
    data = {"submission_id": uuid.uuid4().hex, "mentor": "ana", "preferred_name": "Rui",
            "email": "rui@example.org", "age_band": "18-plus", "goals": "Find my first job in software",
            "interests": ["python"], "languages": ["pt", "en"], "format": "either", "availability": ["weekends"],
            "privacy_version": "2026-09", "privacy_consent": "true", "next": ORIGIN + "/request/thanks/"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}



def post_json(client: TestClient, data: dict[str, Any], **headers: str) -> Any:
    return client.post("/requests", json=data, headers={"Accept": "application/json", "Origin": ORIGIN, **headers})


def post_form(client: TestClient, data: dict[str, Any], **headers: str) -> Any:
    return client.post("/requests", data=data, headers={"Origin": ORIGIN, **headers})


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name} field"
    return match.group(1)


def sign_in(client: TestClient, email: str = COORDINATOR[0], password: str = COORDINATOR[1]) -> Any:
    page = client.get("/dashboard/login")
    return client.post("/dashboard/login", data={"email": email, "password": password,
                                                 "csrf_token": hidden(page.text, "csrf_token"), "next": "/dashboard/"})


def csrf(client: TestClient, path: str = "/dashboard/") -> str:
    return hidden(client.get(path).text, "csrf_token")


def search(client: TestClient, **filters: str) -> Any:
    """The dashboard's text search (posted, so the words stay out of URLs)."""
    return client.post("/dashboard/search", data={"csrf_token": csrf(client), **filters})


def export(client: TestClient, **filters: str) -> Any:
    return client.post("/dashboard/export.csv", data={"csrf_token": csrf(client), **filters})


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out after {seconds}s waiting for {what}")


@dataclass
class Env:
    """Builds settings and apps on one database; closes what it opened."""

    database_url: str
    programme: tuple[Path, Path]
    apps: list[Any] = field(default_factory=list)
    clients: list[TestClient] = field(default_factory=list)
    _db: Database | None = None

    def settings(self, **changes: Any) -> Settings:
        mentors, mkdocs = self.programme
        values: dict[str, Any] = {"database_url": self.database_url, "mentors_json": mentors, "mkdocs_yml": mkdocs,
                                  "site_origins": (ORIGIN,), "public_url": "http://inbox.test",
                                  "rate_limit": Rate(10_000, 60), "login_rate_limit": Rate(1_000, 60)}
        values.update(changes)
        return Settings(**values)

    def client(self, *, hasher: PasswordHasher = QUICK_HASHER, mentors_recheck_seconds: float = RECHECK_SECONDS,
               **changes: Any) -> TestClient:
        """A client of a new app on these settings with `changes`."""
        app = create_app(self.settings(**changes), hasher=hasher, mentors_recheck_seconds=mentors_recheck_seconds)
        self.apps.append(app)
        client = TestClient(app, base_url="http://inbox.test", follow_redirects=False)
        client.__enter__()
        self.clients.append(client)
        return client

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = Database(self.database_url)
        return self._db

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.db.engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.db.engine.connect() as connection:
            return list(connection.execute(text(sql), params).mappings())

    def execute(self, sql: str, **params: Any) -> None:
        with self.db.engine.begin() as connection:
            connection.execute(text(sql), params)

    def counts(self) -> tuple[int, int]:
        return self.scalar("SELECT count(*) FROM requests"), self.scalar("SELECT count(*) FROM audit_events")

    def close(self) -> None:
        for client in self.clients:
            client.__exit__(None, None, None)
        for app in self.apps:
            app.state.inbox.db.dispose()
        if self._db is not None:
            self._db.dispose()


@contextmanager
def running_inbox(settings: Settings, port: int) -> Iterator[None]:
    """The real inbox app under uvicorn on loopback `port`, in a thread, for browser tests."""
    app = create_app(settings, hasher=QUICK_HASHER)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 30, "the inbox to start")
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.inbox.db.dispose()


@dataclass
class LiveSite:
    """The request programme built and served, with the real inbox behind it."""

    site: str  # the site's base URL, ending in "/"
    inbox: str
    origin: str  # the site's origin, the one the inbox allows
    env: Env
    programme: FixtureProgramme


@contextmanager
def live_programme(root: Path, sqlite_template: Path, files: Mapping[str, str] | None = None,
                   built: BuiltRequestProgramme | None = None) -> Iterator[LiveSite]:
    """`support.request_programme` (with `files` added) built and served on loopback, and the real
    inbox app on the port its form posts to, reading the built mentors.json and the mkdocs.yml.
    `built` (the session's `request_programme_build`) serves that build instead of making one."""
    if built is None:
        site_port, inbox_port = free_port(), free_port()
        site = request_programme(root / "programme", site_port, inbox_port, files)
    else:
        assert files is None, "a shared build cannot take files of its own"
        site, site_port, inbox_port = built.programme, built.site_port, built.inbox_port
    database = root / "inbox.db"
    database.write_bytes(sqlite_template.read_bytes())
    env = Env(f"sqlite:///{database}", (site.root / "site" / "mentors.json", site.root / "mkdocs.yml"))
    origin = f"http://127.0.0.1:{site_port}"
    settings = Settings(database_url=env.database_url, mentors_json=env.programme[0], mkdocs_yml=env.programme[1],
                        site_origins=(origin,))
    try:
        with running_inbox(settings, inbox_port), serve(site.root / "site", site_port) as url:
            yield LiveSite(url, f"http://127.0.0.1:{inbox_port}", origin, env, site)
    finally:
        env.close()


def app_inbox(client: TestClient) -> Inbox:
    """The `Inbox` behind a test client (create_app keeps it on the app's state)."""
    app = client.app
    inbox = app.state.inbox if isinstance(app, FastAPI) else None
    if not isinstance(inbox, Inbox):
        raise TypeError("the client does not wrap an app made by create_app")
    return inbox
