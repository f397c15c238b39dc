"""`/health` tells the truth: 200 only when a request could be stored now; 503 with the reason
(and `Retry-After`) when the database is read-only or its disk is full, on both databases; posts
then get 503 too, never a 500."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

import mentorhub.inbox.db
from inbox_support import adult


@contextmanager
def postgres_read_only(request: pytest.FixtureRequest) -> Iterator[None]:
    """`default_transaction_read_only` for the whole cluster, as a standby or an operator would
    have it, reloaded into every open connection."""
    cluster = request.getfixturevalue("postgres_cluster")
    cluster.admin("ALTER SYSTEM SET default_transaction_read_only = on")
    cluster.admin("SELECT pg_reload_conf()")
    time.sleep(0.5)  # the backends take the reloaded setting at their next command
    try:
        yield
    finally:
        cluster.admin("ALTER SYSTEM RESET default_transaction_read_only")
        cluster.admin("SELECT pg_reload_conf()")
        time.sleep(0.5)


def refused(client: TestClient, words: str, post: bool = True) -> None:
    health = client.get("/health")
    assert health.status_code == 503, health.text
    assert health.json()["stores_requests"] is False and words in health.json()["reason"], health.json()
    assert health.headers["retry-after"].isdigit()
    if not post:
        return
    posted = client.post("/requests", json=adult(), headers={"Accept": "application/json",
                                                            "Origin": "http://127.0.0.1:8000"})
    assert posted.status_code == 503, posted.text
    assert posted.headers["retry-after"].isdigit() and "errors" in posted.json()


def test_health_is_ok_when_requests_can_be_stored(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}


def test_health_says_when_the_database_is_read_only(client: TestClient, database_url: str,
                                                   request: pytest.FixtureRequest,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get("/health").status_code == 200
    if database_url.startswith("sqlite"):
        # the file as a read-only mount shows it (access(2) reports EROFS even to root)
        real = os.access  # the module mentorhub.inbox.db asks
        monkeypatch.setattr(os, "access", lambda path, mode: False if mode == os.W_OK else real(path, mode))
        refused(client, "read-only", post=False)  # the file itself stays writable here
        monkeypatch.undo()
    else:
        with postgres_read_only(request):
            refused(client, "read-only")
    assert client.get("/health").status_code == 200


def test_health_says_when_the_disk_is_full(client: TestClient, database_url: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    if not database_url.startswith("sqlite"):
        # PostgreSQL's disk is the server's, so there is no probe: what it says when full (53100) is unavailable
        import psycopg.errors
        from sqlalchemy.exc import DBAPIError

        found = mentorhub.inbox.db.unavailable(DBAPIError("INSERT", {}, psycopg.errors.DiskFull("could not extend file")))
        assert found is not None and found.reason == mentorhub.inbox.db.REASONS["full"]
        return
    monkeypatch.setattr(mentorhub.inbox.db, "MIN_FREE_BYTES", 1 << 62)  # more than any disk has free
    health = client.get("/health")
    assert health.status_code == 503 and "disk is full" in health.json()["reason"]
