"""The database: SQLite in WAL mode by default, PostgreSQL (psycopg 3) when DATABASE_URL says so.

Writes go through `Database.write()`. On SQLite they queue for one writer lock (a thread lock
inside a process, an flock on `<database>-writer.lock` across worker processes, which the kernel
releases if a process dies) and then run as `BEGIN IMMEDIATE` transactions: waiting on a lock
wakes at once, where SQLite's own busy handler polls with growing sleeps and under load leaves
requests waiting for seconds. On PostgreSQL they are ordinary transactions (the code takes
advisory locks where two writers could race). Schema changes only through Alembic.

Nothing waits without bound. A write waits at most `WRITE_WAIT` seconds for its locks (the writer
lock, SQLite's busy timeout, PostgreSQL's `lock_timeout`; `statement_timeout` besides) and then
raises `Unavailable`, which the app answers with 503 and `Retry-After`. Reads have an engine and
a connection pool of their own with shorter limits (`READ_WAIT`), so writers stuck behind a lock
held elsewhere can never take the connections `/health` and `/availability.json` need.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # not POSIX: the thread lock alone, SQLite's busy handler between processes
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from .models import InboxSetting

HERE = Path(__file__).resolve().parent


WRITE_WAIT = 3.0  # seconds a write may wait for locks before it is refused with 503
READ_WAIT = 0.8  # seconds a read may wait for a lock or a connection
STATEMENT_LIMIT_MS = 15000  # PostgreSQL statement_timeout for writes (reads: 3 s)
MIN_FREE_BYTES = 16 * 1024 * 1024  # below this on SQLite's file system, requests are not taken
RETRY_AFTER = 5


class NotMigrated(RuntimeError):
    pass


class Unavailable(RuntimeError):
    """The database cannot do this now (locked elsewhere, read-only, full, unreachable): the app
    answers 503 with `Retry-After`; nothing was stored."""

    def __init__(self, reason: str, retry_after: int = RETRY_AFTER) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


# SQLSTATEs (PostgreSQL) and SQLite messages that mean "not now", not "a bug"
_BUSY_STATES = {"55P03": "busy", "57014": "busy", "40P01": "busy", "25006": "read-only", "53100": "full",
                "53200": "busy", "53300": "busy", "57P01": "down", "57P03": "down", "08000": "down",
                "08001": "down", "08003": "down", "08004": "down", "08006": "down"}
REASONS = {"busy": "the database is busy (a lock is held elsewhere); nothing was stored",
           "read-only": "the database is read-only; requests cannot be stored",
           "full": "the database's disk is full; requests cannot be stored",
           "down": "the database cannot be reached"}


def unavailable(err: BaseException) -> Unavailable | None:
    """The `Unavailable` a database error means, or None for any other error."""
    if isinstance(err, PoolTimeout):
        return Unavailable(REASONS["busy"])
    if not isinstance(err, DBAPIError):
        return None
    state = getattr(err.orig, "sqlstate", None)
    if state in _BUSY_STATES:
        return Unavailable(REASONS[_BUSY_STATES[state]])
    message = str(err.orig).lower()
    for words, kind in (("database is locked", "busy"), ("database table is locked", "busy"),
                        ("readonly database", "read-only"), ("read-only", "read-only"),
                        ("disk i/o error", "full"), ("database or disk is full", "full"),
                        ("unable to open database", "down"), ("connection", "down")):
        if words in message:
            return Unavailable(REASONS[kind])
    return None


class _Rollback(Exception):
    pass


def database_url(url: str) -> URL:
    """`postgresql://` and `postgres://` mean psycopg 3; SQLite paths are made absolute."""
    try:
        parsed = make_url(url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url)
    except (ArgumentError, ValueError):  # not echoed: the URL may hold a password
        raise ValueError("DATABASE_URL is not a database URL: use sqlite:///FILE or "
                         "postgresql://user:password@host/db") from None
    if parsed.drivername in ("postgresql", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise ValueError("DATABASE_URL: the inbox needs a SQLite file (sqlite:///inbox.db), not memory")
        return parsed.set(database=str(Path(parsed.database).resolve()))
    raise ValueError(f"DATABASE_URL: use sqlite:///FILE or postgresql://..., not {parsed.drivername}")


def make_engine(url: str, reads: bool = False) -> Engine:
    """The writers' engine, or with `reads` the readers' one: a pool of its own, shorter waits."""
    parsed = database_url(url)
    wait = READ_WAIT if reads else WRITE_WAIT
    pool = dict(pool_size=5, max_overflow=5) if reads else dict(pool_size=10, max_overflow=20)
    # hide_parameters: an error message never carries a mentee's answers into a log.
    if parsed.drivername == "sqlite":
        engine = create_engine(parsed, hide_parameters=True, pool_timeout=wait, **pool,
                               connect_args={"timeout": wait, "check_same_thread": False, "isolation_level": None})
        event.listen(engine, "connect", _sqlite_connect(int(wait * 1000)))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    statement = 3000 if reads else STATEMENT_LIMIT_MS
    return create_engine(parsed, hide_parameters=True, pool_timeout=wait, pool_pre_ping=True, **pool,
                         connect_args={"connect_timeout": 5, "options": f"-c lock_timeout={int(wait * 1000)} "
                                                                        f"-c statement_timeout={statement}"})


def _sqlite_connect(busy_ms: int) -> Any:
    def connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a commit is on disk before the reply goes out
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
    return connect


_deadline = threading.local()


def _sqlite_begin(connection: Connection) -> None:
    # pysqlite's own transaction handling is off (isolation_level=None); begin here instead.
    options = connection.get_execution_options()
    deadline = getattr(_deadline, "at", None)  # a write's: its busy wait ends with the rest of its wait
    if deadline is not None:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={max(int((deadline - time.monotonic()) * 1000), 1)}")
    connection.exec_driver_sql(f"PRAGMA synchronous={options.get('sqlite_synchronous', 'FULL')}")
    connection.exec_driver_sql(f"BEGIN {options.get('sqlite_begin', 'DEFERRED')}")


@contextmanager
def _file_lock(path: str, deadline: float) -> Iterator[None]:
    """flock, polled so the wait ends at `deadline` (a blocking flock cannot time out)."""
    if fcntl is None:
        yield
        return
    with open(path, "a+b") as handle:
        pause = 0.0005
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Unavailable(REASONS["busy"]) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.01)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Database:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.read_engine = make_engine(url, reads=True)
        self.dialect = self.engine.dialect.name
        self._sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        sqlite = self.dialect == "sqlite"
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE") if sqlite else self.engine
        self._writers = sessionmaker(writer, expire_on_commit=False)
        quick = self.engine.execution_options(sqlite_begin="IMMEDIATE", sqlite_synchronous="NORMAL") if sqlite \
            else self.engine
        self._quick_writers = sessionmaker(quick, expire_on_commit=False)
        self._write_lock = threading.Lock()
        self._lock_path = f"{self.engine.url.database}-writer.lock" if self.dialect == "sqlite" else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with self._sessions() as session:
                yield session
        except (DBAPIError, PoolTimeout) as err:
            raise unavailable(err) or err from None

    @contextmanager
    def write(self, durable: bool = True, wait: float = WRITE_WAIT) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back whole on any error.

        `durable=False` (rate-limit counters): the commit survives a crashed process but may be
        lost with the machine's power, and skips the wait for the disk. Raises `Unavailable`
        when the locks are not had within `wait` seconds (or the database cannot be written).
        """
        try:
            with self._write(durable, time.monotonic() + wait) as session:
                yield session
        except (DBAPIError, PoolTimeout) as err:
            raise unavailable(err) or err from None

    @contextmanager
    def _write(self, durable: bool, deadline: float) -> Iterator[Session]:
        sessions = self._writers if durable else self._quick_writers
        if self._lock_path is None:
            with sessions() as session, session.begin():
                if not durable:
                    session.execute(text("SET LOCAL synchronous_commit = off"))
                yield session
            return
        if not self._write_lock.acquire(timeout=max(deadline - time.monotonic(), 0.001)):
            raise Unavailable(REASONS["busy"])
        try:
            _deadline.at = deadline
            with _file_lock(self._lock_path, deadline), sessions() as session, session.begin():
                _deadline.at = None
                yield session
        finally:
            _deadline.at = None
            self._write_lock.release()

    def can_store(self, wait: float = 1.0) -> str | None:
        """None when a request could be stored now, else why not: a write probe (a row inserted
        and rolled back), the file system's free space on SQLite."""
        if self.dialect == "sqlite":
            folder = Path(str(self.engine.url.database)).parent
            try:
                if shutil.disk_usage(folder).free < MIN_FREE_BYTES:
                    return REASONS["full"]
            except OSError:
                return REASONS["down"]
            database = Path(str(self.engine.url.database))
            # access() sees a read-only mount even for root; the -wal and -shm need the folder
            if not os.access(folder, os.W_OK) or not os.access(database, os.W_OK):
                return REASONS["read-only"]
        probe = text("INSERT INTO inbox_settings (key, value) VALUES (:key, '')")
        key = {"key": "health-probe-" + secrets.token_hex(8)}
        try:
            if self.dialect == "postgresql":
                # the readers' pool (writers may hold every connection of theirs), and the lock an
                # insert into requests takes, so a lock held on that table is seen
                with self.read_engine.connect() as connection, connection.begin() as transaction:
                    connection.execute(text(f"SET LOCAL lock_timeout = {int(wait * 1000)}"))
                    connection.execute(text("LOCK TABLE requests IN ROW EXCLUSIVE MODE"))
                    connection.execute(probe, key)
                    transaction.rollback()
                return None
            with self.write(wait=wait) as session:
                session.execute(probe, key)
                raise _Rollback
        except _Rollback:
            return None
        except Unavailable as err:
            return err.reason
        except (DBAPIError, PoolTimeout) as err:
            known = unavailable(err)
            return known.reason if known else "the database refused a write"

    def lock(self, session: Session, name: str) -> None:
        """Serialise writers on `name` until the transaction ends (SQLite's writes already are)."""
        if self.dialect == "postgresql":
            key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    @contextmanager
    def only_one(self, name: str) -> Iterator[bool]:
        """Whether this process is the only one running the job `name` (a commands' run lock, held
        for the block): an flock on `<database>-<name>.lock` on SQLite, a session advisory lock on
        PostgreSQL. Never waits: a second run is told at once."""
        if self.dialect != "postgresql":
            if fcntl is None:
                yield True
                return
            with open(f"{self.engine.url.database}-{name}.lock", "a+b") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    yield False
                    return
                try:
                    yield True
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
            return
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        with self.engine.connect() as connection:
            got = bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar())
            connection.commit()
            try:
                yield got
            finally:
                if got:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    connection.commit()

    def check_migrated(self, create_if_empty: bool = False) -> None:
        """Refuse a database that is not at the code's migration. `create_if_empty`: a database
        with no tables at all (a new inbox) is created instead; one with tables is never changed
        by a command other than `migrate` or `serve` (a newer schema could break a running inbox)."""
        from sqlalchemy import inspect

        from .migrate import current_revision, head_revision, upgrade

        if create_if_empty and not inspect(self.engine).get_table_names():
            upgrade(self.engine)

        current, head = current_revision(self.engine), head_revision()
        if current != head:
            raise NotMigrated(f"the database is at migration {current or 'none'}, the code needs {head}; "
                              "run `python -m mentorhub.inbox migrate` first")

    def shared_secret(self, name: str) -> str:
        """A random value generated once and kept in the database, the same for every worker."""
        with self.read() as session:
            value = session.scalar(select(InboxSetting.value).where(InboxSetting.key == name))
        if value is not None:
            return value
        try:
            with self.write() as session:
                if session.get(InboxSetting, name) is None:
                    session.add(InboxSetting(key=name, value=secrets.token_urlsafe(48)))
        except IntegrityError:
            pass  # another worker made it first
        with self.read() as session:
            value = session.scalar(select(InboxSetting.value).where(InboxSetting.key == name))
        if value is None:  # made just now, by this worker or another; only a deletion meanwhile ends here
            raise RuntimeError(f"the inbox setting {name!r} was deleted while it was being made")
        return value

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()
