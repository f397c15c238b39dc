"""The inbox as it really runs: `python -m mentorhub.inbox serve` (uvicorn, several workers) in a process group
of its own, and clients that post to it concurrently over loopback."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from browser import free_port
from inbox_support import ORIGIN, wait_for


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill_hard(self) -> None:
        """kill -9 the whole server: the supervisor and every worker (its own process group)."""
        os.killpg(self.process.pid, signal.SIGKILL)


@contextmanager
def inbox_server(database: Path | str, programme: tuple[Path, Path], log: Path, workers: int = 2,
                 extra_env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()) -> Iterator[Server]:
    """`database`: a SQLite file, or a DATABASE_URL (PostgreSQL or sqlite:///...)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INBOX_", "DATABASE_URL"))}
    env.update(DATABASE_URL=database if isinstance(database, str) else f"sqlite:///{database}", INBOX_MENTORS_JSON=str(programme[0]),
               INBOX_MKDOCS_YML=str(programme[1]), INBOX_SITE_ORIGINS=ORIGIN,
               INBOX_RATE_LIMIT="1000000/60", INBOX_MAX_OPEN_REQUESTS="1000000")
    env.update(extra_env or {})
    with log.open("ab") as out:
        process = subprocess.Popen([*prefix, sys.executable, "-m", "mentorhub.inbox", "serve", "--port", str(port), "--workers",
                                    str(workers)], stdout=out, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        started = log.read_text().count("Application startup complete")

        def ready() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"the inbox stopped at start:\n{log.read_text()}")
            return log.read_text().count("Application startup complete") >= started + workers

        wait_for(ready, 90, f"{workers} inbox workers to start")
        wait_for(lambda: _healthy(server.url), 30, "the inbox to answer /health")
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=20)


def _healthy(url: str) -> bool:
    try:
        return httpx.get(url + "/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass
class Sent:
    payload: dict[str, Any]
    as_form: bool
    status: int | None = None  # None: no answer (connection refused or cut)
    reference: str | None = None
    seconds: float = 0.0

    @property
    def acknowledged(self) -> bool:
        return self.status in (200, 303) and self.reference is not None


class Connection:
    """One keep-alive HTTP/1.1 connection over asyncio streams: a load generator that takes little
    of the machine's two cores, so the figures measure the server, not the client."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = "".join(f"{k}: {v}\r\n" for k, v in {**headers, "Host": f"{self.host}:{self.port}",
                                                   "Content-Length": str(len(body))}.items())
        self.writer.write(f"POST {path} HTTP/1.1\r\n{head}\r\n".encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        reply_headers: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            reply_headers[name.strip().lower()] = value.strip()
        if reply_headers.get("transfer-encoding") == "chunked":
            data = b""
            while size := int((await self.reader.readline()).strip(), 16):
                data += await self.reader.readexactly(size + 2)
            await self.reader.readline()
        else:
            data = await self.reader.readexactly(int(reply_headers.get("content-length", "0")))
        if reply_headers.get("connection") == "close":
            await self.close()
        return status, reply_headers, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def _send(connection: Connection, payload: dict[str, Any], as_form: bool) -> Sent:
    sent = Sent(payload, as_form)
    started = time.perf_counter()
    try:
        if as_form:
            status, headers, _ = await connection.post("/requests", urlencode(payload, doseq=True).encode(), {
                "Origin": ORIGIN, "Content-Type": "application/x-www-form-urlencoded"})
            location = headers.get("location", "")
            sent.reference = parse_qs(urlsplit(location).query).get("ref", [None])[0] if status == 303 else None
        else:
            status, _, data = await connection.post("/requests", json.dumps(payload).encode(), {
                "Origin": ORIGIN, "Accept": "application/json", "Content-Type": "application/json"})
            sent.reference = json.loads(data).get("id") if status == 200 else None
        sent.status = status
    except (OSError, ValueError, asyncio.IncompleteReadError, IndexError):
        await connection.close()  # no answer: the next request opens a new connection
    sent.seconds = time.perf_counter() - started
    return sent


def post_concurrently(url: str, clients: int, per_client: int,
                      payload: Callable[[int, int], tuple[dict[str, Any], bool]],
                      should_stop: Callable[[], bool] = lambda: False, results: list[Sent] | None = None) -> list[Sent]:
    """`clients` clients, each sending `per_client` requests one after another; all bounded."""
    results = [] if results is None else results

    async def client(c: int) -> None:
        connection = Connection(url)
        try:
            for n in range(per_client):
                if should_stop():
                    return
                results.append(await asyncio.wait_for(_send(connection, *payload(c, n)), 120))
        finally:
            await connection.close()

    async def main() -> None:
        await asyncio.gather(*(client(c) for c in range(clients)))

    run_loop(main)
    return results


def resend(url: str, sent: list[Sent]) -> list[Sent]:
    done: list[Sent] = []

    async def main() -> None:
        connection = Connection(url)
        try:
            done.extend([await _send(connection, s.payload, s.as_form) for s in sent])
        finally:
            await connection.close()

    run_loop(main)
    return done


def run_loop(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """asyncio.run in a thread of its own (pytest-playwright may hold an event loop in this one)."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(main())
        except BaseException as err:  # handed to the caller
            failure.append(err)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
