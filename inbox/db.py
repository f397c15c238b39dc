"""The database: SQLite in WAL mode by default, PostgreSQL (psycopg 3) when DATABASE_URL says so.

Writes go through `Database.write()`. On SQLite they queue for one writer lock (a thread lock
inside a process, an flock on `<database>-writer.lock` across worker processes, which the kernel
releases if a process dies) and then run as `BEGIN IMMEDIATE` transactions: waiting on a lock
wakes at once, where SQLite's own busy handler polls with growing sleeps and under load leaves
requests waiting for seconds. On PostgreSQL they are ordinary transactions (the code takes
advisory locks where two writers could race). Schema changes only through Alembic.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .models import InboxSetting

HERE = Path(__file__).resolve().parent


class NotMigrated(RuntimeError):
    pass


def database_url(url: str) -> URL:
    """`postgresql://` and `postgres://` mean psycopg 3; SQLite paths are made absolute."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url)
    if parsed.drivername in ("postgresql", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise ValueError("DATABASE_URL: the inbox needs a SQLite file (sqlite:///inbox.db), not memory")
        return parsed.set(database=str(Path(parsed.database).resolve()))
    raise ValueError(f"DATABASE_URL: use sqlite:///FILE or postgresql://..., not {parsed.drivername}")


def make_engine(url: str) -> Engine:
    parsed = database_url(url)
    # hide_parameters: an error message never carries a mentee's answers into a log.
    if parsed.drivername == "sqlite":
        engine = create_engine(parsed, hide_parameters=True, pool_size=10, max_overflow=20, pool_timeout=60,
                               connect_args={"timeout": 60, "check_same_thread": False, "isolation_level": None})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(parsed, hide_parameters=True, pool_size=10, max_overflow=20, pool_timeout=60,
                         pool_pre_ping=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a commit is on disk before the reply goes out
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # pysqlite's own transaction handling is off (isolation_level=None); begin here instead.
    options = connection.get_execution_options()
    connection.exec_driver_sql(f"PRAGMA synchronous={options.get('sqlite_synchronous', 'FULL')}")
    connection.exec_driver_sql(f"BEGIN {options.get('sqlite_begin', 'DEFERRED')}")


@contextmanager
def _file_lock(path: str) -> Iterator[None]:
    if fcntl is None:
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Database:
    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
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
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self, durable: bool = True) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back whole on any error.

        `durable=False` (rate-limit counters): the commit survives a crashed process but may be
        lost with the machine's power, and skips the wait for the disk.
        """
        sessions = self._writers if durable else self._quick_writers
        if self._lock_path is None:
            with sessions() as session, session.begin():
                if not durable:
                    session.execute(text("SET LOCAL synchronous_commit = off"))
                yield session
            return
        with self._write_lock, _file_lock(self._lock_path), sessions() as session, session.begin():
            yield session

    def lock(self, session: Session, name: str) -> None:
        """Serialise writers on `name` until the transaction ends (SQLite's writes already are)."""
        if self.dialect == "postgresql":
            key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def check_migrated(self) -> None:
        from .migrate import current_revision, head_revision

        current, head = current_revision(self.engine), head_revision()
        if current != head:
            raise NotMigrated(f"the database is at migration {current or 'none'}, the code needs {head}; "
                              "run `python -m inbox migrate` first")

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
        assert value is not None
        return value

    def dispose(self) -> None:
        self.engine.dispose()
