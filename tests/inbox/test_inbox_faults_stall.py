"""A stalled write must not take reads down: with the database locked by another process (SQLite
`BEGIN EXCLUSIVE`, PostgreSQL `LOCK TABLE requests IN ACCESS EXCLUSIVE MODE`) for 10 s, the served
inbox (`python -m mentorhub.inbox serve`, 2 workers) keeps answering `/health` and `/availability.json`, and
posts that cannot be stored get 503 with `Retry-After`, never a hang or a 500.

The one timed assertion tells a read that waited for the lock (it would take the whole 10 s) from
a slow one: under 5 s. The promise itself, "reads answer within 2 s while a write lock is held",
is printed with the measured times, as bench figures are, since a loaded machine may miss it."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest

from mentorhub.inbox.db import database_url as engine_url
from inbox_support import ORIGIN, adult
from server_process import inbox_server

HOLD = 10.0
READ_BOUND = 2.0  # the promise: reads answer within 2 s (the deadline is 1.2 s); printed, not asserted
# What is asserted: no read waited for the lock. A read that did would take until it is released
# (HOLD); half of that tells a hang from a slow machine (2.1 s was seen on a loaded CI runner).
HUNG = HOLD / 2


@contextmanager
def locked(url: str) -> Iterator[None]:
    """Another process's write lock on the database, held until the block ends."""
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            connection.execute("ROLLBACK")
            connection.close()
        return
    parsed = engine_url(url)
    with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username, dbname=parsed.database) as pg:
        pg.execute("LOCK TABLE requests IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            pg.rollback()


def post(url: str, n: int) -> httpx.Response:
    data = adult(submission_id=f"stall-{n}", mentor="lee", email=f"stall.{n}@example.org")
    data.pop("next", None)
    return httpx.post(url + "/requests", content=json.dumps(data), timeout=60,
                      headers={"Origin": ORIGIN, "Accept": "application/json", "Content-Type": "application/json"})


def timed(call: Callable[[], httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    answer = call()
    return answer, time.perf_counter() - started


def test_reads_answer_and_writes_get_503_while_the_database_is_locked(
        tmp_path: Path, programme: tuple[Path, Path], database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "server.log"
    with inbox_server(database_url, programme, log) as server:
        for _ in range(4):  # both workers have counted the places once
            assert httpx.get(server.url + "/availability.json", timeout=10).status_code == 200
        writes: list[tuple[httpx.Response, float]] = []
        reads: list[tuple[str, httpx.Response, float]] = []
        with locked(database_url):
            lock_started = time.perf_counter()
            # 60 posts at once: more than the worker threads and connections writers may take
            posters = [threading.Thread(target=lambda n=n: writes.append(timed(lambda: post(server.url, n))))
                       for n in range(60)]
            for thread in posters:
                thread.start()
            time.sleep(0.5)
            while time.perf_counter() - lock_started < HOLD - 2:
                for path in ("/health", "/availability.json"):
                    answer, seconds = timed(lambda: httpx.get(server.url + path, timeout=30))
                    reads.append((path, answer, seconds))
                time.sleep(0.2)
            for thread in posters:
                thread.join(timeout=60)
            held = time.perf_counter() - lock_started
        after = post(server.url, 1000)
    slowest = max(s for _, _, s in reads)
    write_times = sorted(s for _, s in writes)
    statuses: dict[int, int] = {}
    for answer, _ in writes:
        statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
    with capsys.disabled():
        print(f"\n[inbox faults] stall ({'SQLite' if database_url.startswith('sqlite') else 'PostgreSQL'}): "
              f"lock held {held:.1f} s; {len(reads)} reads, slowest {slowest:.2f} s (promise: {READ_BOUND:g} s) "
              f"(/health {sorted({a.status_code for p, a, _ in reads if p == '/health'})}, /availability.json "
              f"{sorted({a.status_code for p, a, _ in reads if p != '/health'})}); 60 posts: {statuses}, "
              f"answered in {write_times[0]:.1f}-{write_times[-1]:.1f} s", flush=True)
    assert len(writes) == 60 and not any(t.is_alive() for t in posters)
    assert slowest < HUNG, f"a read took {slowest:.1f} s while a write lock was held: it waited for the lock"
    for path, answer, _ in reads:
        if path == "/health":  # the truth: requests cannot be stored while the lock is held
            assert answer.status_code == 503 and answer.headers.get("retry-after"), answer.text
            assert answer.json()["stores_requests"] is False and "busy" in answer.json()["reason"]
        elif database_url.startswith("sqlite") or answer.status_code != 503:
            # SQLite's readers are not blocked in WAL mode; on PostgreSQL a worker answers its last count
            assert answer.status_code == 200, answer.text
            assert set(answer.json()["mentors"]) >= {"ana", "lee"}
        else:  # ... or, when it has none (the warm-up GETs all went to the other worker), 503
            assert answer.headers.get("retry-after", "").isdigit(), answer.text
    for answer, _ in writes:
        assert answer.status_code == 503, answer.text
        assert answer.headers.get("retry-after", "").isdigit()
        assert "errors" in answer.json()
    assert after.status_code == 200 and after.json()["id"], after.text
    text = log.read_text()
    assert "unhandled" not in text and " 500 " not in text
