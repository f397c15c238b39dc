"""The real server (uvicorn, 2 workers) under load (SQLite in WAL mode and PostgreSQL) and through
a kill -9 (SQLite).

Figures are printed; nothing asserts on timing."""

from __future__ import annotations

import json
import sqlite3
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from sqlalchemy import create_engine, select

from mentorhub.inbox.db import database_url as engine_url
from mentorhub.inbox.intake import REQUESTS
from inbox_support import MENTORS, adult, wait_for
from server_process import Sent, inbox_server, post_concurrently, resend

MENTORS_CYCLE = ("", "ana", "lee", "sam", "pat", "kofi")


def payload(run: str, c: int, n: int) -> tuple[dict[str, Any], bool]:
    data = adult(submission_id=f"{run}-{c}-{n}", mentor=MENTORS_CYCLE[(c + n) % len(MENTORS_CYCLE)],
                 preferred_name=f"Mentee{run}{c}x{n}", email=f"load.{run}.{c}.{n}@loadtest.example",
                 goals=f"Goal of {c}/{n}: it's <b>\"quoted\"</b>; DROP TABLE requests;--",
                 languages=["en", "pt"] if n % 2 else ["en"])
    data.pop("next")
    if n % 4 == 3:  # every fourth a plain form post, with a thank-you page to go to
        data["next"] = "http://127.0.0.1:8000/request/thanks/"
        return data, True
    return data, False


def stored(database: Path) -> dict[str, list[sqlite3.Row]]:
    """Rows per submission id, read straight from the file (after a crash: what survived)."""
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        out: dict[str, list[sqlite3.Row]] = {}
        for row in connection.execute("SELECT * FROM requests"):
            out.setdefault(row["submission_id"], []).append(row)
        return out
    finally:
        connection.close()


def stored_rows(url: str) -> dict[str, list[Any]]:
    """Rows per submission id, read through SQLAlchemy (either database)."""
    engine = create_engine(engine_url(url))
    try:
        with engine.connect() as connection:
            out: dict[str, list[Any]] = {}
            for row in connection.execute(select(REQUESTS)).mappings():
                out.setdefault(row["submission_id"], []).append(row)
            return out
    finally:
        engine.dispose()


def over_promised(rows: dict[str, list[Any]], acknowledged: set[str]) -> dict[str, int]:
    """Per mentor: acknowledged requests told "there is a place" (mentor_full false) beyond the
    free places the mentor had before the run."""
    promised: dict[str, int] = {}
    for submission_id, matching in rows.items():
        for row in matching:
            if submission_id in acknowledged and row["mentor_id"] and not row["mentor_full"] and not row["spam"]:
                promised[row["mentor_id"]] = promised.get(row["mentor_id"], 0) + 1
    free = {m["id"]: int(m["free_places"]) for m in MENTORS}
    return {mentor: count - free.get(mentor, 0) for mentor, count in sorted(promised.items())
            if count > free.get(mentor, 0)}


def intact(row: Any, sent: Sent) -> bool:
    """The stored request is the one sent, field by field, under the reference the client was given."""
    data = sent.payload
    return (row["public_id"], row["preferred_name"], row["email"], row["goals"], row["mentor_id"],
            _listed(row["languages"]), _listed(row["availability"]), row["age_band"], row["status"]) == (
        sent.reference, data["preferred_name"], data["email"].lower(), data["goals"], data["mentor"],
        data["languages"], data["availability"], data["age_band"], "new")


def _listed(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\n[inbox reliability] {line}", flush=True)


def test_load_50_concurrent_clients(tmp_path: Path, programme: tuple[Path, Path], database_url: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "server.log"
    # 50 clients at once, 16 requests each: the races for the last places and the retries are in
    # every run, in 40 % of the time 40 each took (the printed throughput is a figure, not a bound).
    clients, per_client = 50, 16
    kind = "SQLite WAL" if database_url.startswith("sqlite") else "PostgreSQL"

    def make(c: int, n: int) -> tuple[dict[str, Any], bool]:
        if n == per_client - 1:  # each client repeats an earlier submission, as a retry would
            return payload("L", c, 7)
        data, as_form = payload("L", c, n)
        if n < 2:  # all 50 clients race for the last places of one mentor, then another's
            data["mentor"] = ("lee", "sam")[n]
        return data, as_form

    with inbox_server(database_url, programme, log) as server:
        started = time.perf_counter()
        results = post_concurrently(server.url, clients, per_client, make)
        elapsed = time.perf_counter() - started
    latencies = sorted(s.seconds for s in results)
    rows = stored_rows(database_url)
    acknowledged = {s.payload["submission_id"] for s in results if s.acknowledged}
    over = over_promised(rows, acknowledged)
    told_free = sum(1 for m in rows.values() for r in m if r["mentor_id"] and not r["mentor_full"])
    report(capsys, f"load: {len(results)} requests from {clients} concurrent clients x {per_client} against "
                   f"uvicorn with 2 workers ({kind}) in {elapsed:.1f} s = {len(results) / elapsed:.0f} requests/s; "
                   f"latency median {statistics.median(latencies) * 1000:.0f} ms, "
                   f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms; "
                   f"{told_free} told there was a place, over-promised places: {sum(over.values())} {over}")
    assert len(results) == clients * per_client
    failed = [s for s in results if not s.acknowledged]
    assert not failed, f"{len(failed)} requests were not accepted, e.g. {failed[0].status}"
    assert over == {}, f"free places over-promised per mentor: {over}"
    submissions = {s.payload["submission_id"] for s in results}
    assert set(rows) == submissions and len(submissions) == clients * (per_client - 1)
    for sent in results:
        matching = rows[sent.payload["submission_id"]]
        assert len(matching) == 1, "stored more than once"
        assert intact(matching[0], sent), sent.payload["submission_id"]
    text = log.read_text().lower()
    assert "mentee" not in text and "loadtest.example" not in text and "drop table" not in text
    assert text.count("stored request ") == len(submissions)


def test_kill_9_in_the_middle_loses_no_acknowledged_request(tmp_path: Path, programme: tuple[Path, Path],
                                                           sqlite_template: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "inbox.db"
    database.write_bytes(sqlite_template.read_bytes())
    log = tmp_path / "server.log"
    results: list[Sent] = []
    stop = threading.Event()
    with inbox_server(database, programme, log) as server:
        clients = threading.Thread(target=post_concurrently, kwargs={
            "url": server.url, "clients": 20, "per_client": 200, "payload": lambda c, n: payload("K", c, n),
            "should_stop": stop.is_set, "results": results})
        clients.start()
        wait_for(lambda: sum(s.acknowledged for s in results) >= 400 or not clients.is_alive(), 120,
                 "400 acknowledged requests")
        server.kill_hard()
        stop.set()  # each client stops after the request it has in flight
        killed_after = sum(s.acknowledged for s in results)
        server.process.wait(timeout=30)
        clients.join(timeout=120)
        assert not clients.is_alive()
    acknowledged = [s for s in results if s.acknowledged]
    unanswered = [s for s in results if not s.acknowledged]
    assert killed_after < 20 * 200, "the kill came after the run had finished"
    survived = stored(database)  # SQLite recovers the WAL on open; integrity_check must say ok
    for sent in acknowledged:
        rows = survived.get(sent.payload["submission_id"], [])
        assert len(rows) == 1, f"acknowledged {sent.payload['submission_id']} is missing or doubled"
        assert intact(rows[0], sent), sent.payload["submission_id"]
    stored_unanswered = sum(1 for s in unanswered if s.payload["submission_id"] in survived)
    # restart on the same file; the clients retry what got no answer, with the same submission ids
    with inbox_server(database, programme, log) as server:
        retried = resend(server.url, unanswered)
    assert all(s.acknowledged for s in retried)
    final = stored(database)
    assert set(final) == {s.payload["submission_id"] for s in results}
    assert all(len(rows) == 1 for rows in final.values())
    for sent in acknowledged + retried:
        assert intact(final[sent.payload["submission_id"]][0], sent)
    report(capsys, f"crash: kill -9 of uvicorn (2 workers) after {killed_after} acknowledged requests; "
                   f"{len(acknowledged)} acknowledged in all, every one present and intact after restart; "
                   f"{len(unanswered)} got no answer ({stored_unanswered} of them had been stored), "
                   f"all {len(unanswered)} retried once each after restart: {len(final)} requests, none twice")
