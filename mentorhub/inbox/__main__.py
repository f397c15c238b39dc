"""`python -m mentorhub.inbox`: migrate the database, manage coordinator accounts, serve the inbox, export its figures,
write approved mentors' profiles, erase applications past their retention period."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from mentorhub.content.surveys import Survey

from mentorhub.content.errors import ContentError
from mentorhub.content.project import Project

from . import checkins, profiles_out
from .auth import AccountError, AccountExists, coordinator_count, create_coordinator, set_password
from .db import Database, NotMigrated, Unavailable, database_url, unavailable
from .figures import compute_figures, first_request_day, withheld_count, write_figures
from .mentors import DirectorySource, MentorsError
from .migrate import upgrade
from .screening import erase_expired
from .settings import Settings, SettingsError
from .words import counted

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ENV_HELP = ("Set INBOX_ADMIN_EMAIL and INBOX_ADMIN_PASSWORD (10 characters or more) to create the first "
            "coordinator account, e.g.\n  INBOX_ADMIN_EMAIL=you@example.org INBOX_ADMIN_PASSWORD='a long secret' "
            "make inbox")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mentorhub.inbox", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create the database or bring it to the newest schema (Alembic)")
    create = commands.add_parser("create-coordinator", help="add a coordinator account")
    create.add_argument("--email", help="their email address (default: INBOX_ADMIN_EMAIL)")
    create.add_argument("--from-env", action="store_true",
                        help="take INBOX_ADMIN_EMAIL and INBOX_ADMIN_PASSWORD; do nothing if the account exists")
    password = commands.add_parser("set-password", help="change a coordinator's password (signs them out)")
    password.add_argument("--email", required=True)
    check_ins = commands.add_parser("send-check-ins", help="e-mail the survey invitations that are due (hourly, from cron)")
    check_ins.add_argument("--now", type=_moment, help="act as if it were this ISO 8601 time (tests, catching up)")
    check_ins.add_argument("--dry-run", action="store_true", help="say what would be sent; change nothing")
    serve = commands.add_parser("serve", help="migrate, then serve the inbox with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8001)
    serve.add_argument("--workers", type=int, default=1)
    commands.add_parser("erase-expired", help="erase the personal data of mentor applications declined or withdrawn "
                        "longer ago than mkdocs.yml screening.retention_days (daily, from cron; serve runs it at start)")
    figures = commands.add_parser("export-figures", help="write the programme's figures for the impact page "
                                  "(mkdocs.yml impact.inbox_export): aggregates only, withheld below 5 people")
    figures.add_argument("file", type=Path, help="the JSON file to write (replaced whole)")
    figures.add_argument("--from", dest="start", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                         help="the first day counted (default: the day of the first request)")
    figures.add_argument("--to", dest="end", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                         help="the last day counted (default: today, UTC)")
    profile = commands.add_parser("write-profile", help="write an approved mentor application's public profile "
                                  "as mentors/<id>.yml, for a pull request")
    which = profile.add_mutually_exclusive_group(required=True)
    which.add_argument("reference", nargs="?", help="the application's reference, e.g. 7K3M-Q9TX-2P4R")
    which.add_argument("--approved", action="store_true",
                       help="every approved application whose profile was never written (for a scheduled job)")
    profile.add_argument("--repo", type=Path, help="the content repository (default: INBOX_MKDOCS_YML's folder)")
    profile.add_argument("--id", dest="mentor_id", help="the profile's id, its file name (default: the one chosen "
                         "on the dashboard, else made from the name)")
    profile.add_argument("--force", action="store_true", help="replace a profile file that exists already")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        _check_folder(database_url(settings.database_url))
        return int(COMMANDS[args.command](settings, args))
    except (SettingsError, ValueError, MentorsError, NotMigrated, Unavailable) as err:
        print(f"inbox: {_one_line(err)}", file=sys.stderr)
        return 2
    except OSError as err:  # a read-only or missing folder, a full disk, a file that cannot be read
        where = f": {err.filename}" if err.filename else ""
        print(f"inbox: {err.strerror or _one_line(err)}{where}", file=sys.stderr)
        return 2
    except SQLAlchemyError as err:  # a bad DATABASE_URL, an unreachable or refusing database
        known = unavailable(err)
        reason = _one_line(getattr(err, "orig", None) or err)
        print(f"inbox: {known.reason + ': ' if known else 'the database refused: '}{reason}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _one_line(err: BaseException) -> str:
    """The first line of an error's message (SQLAlchemy's carry SQL and a link on later lines)."""
    lines = str(err).strip().splitlines()
    return lines[0] if lines else type(err).__name__


def _check_folder(url: URL) -> None:
    """SQLite keeps its file, `-wal` and `-shm` in one folder: it must exist and be writable."""
    if url.drivername != "sqlite" or not url.database:
        return
    path = Path(url.database)
    if not path.parent.is_dir():
        raise SettingsError(f"DATABASE_URL: the folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK) or path.exists() and not os.access(path, os.W_OK):
        raise SettingsError(f"DATABASE_URL: {path.parent if not path.exists() or os.access(path, os.W_OK) else path} "
                            "is read-only; the inbox must be able to write its database there")


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    db = Database(settings.database_url)
    try:
        upgrade(db.engine)
    finally:
        db.dispose()
    print(f"inbox: database ready ({_where(settings)})")
    return 0


def _password(email: str) -> str:
    env = os.environ.get("INBOX_ADMIN_PASSWORD", "")
    if env:
        return env
    if not sys.stdin.isatty():
        raise AccountError("set INBOX_ADMIN_PASSWORD or run this in a terminal to type the password")
    first = getpass.getpass(f"Password for {email}: ")
    if getpass.getpass("Again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def _create(settings: Settings, args: argparse.Namespace) -> int:
    db = Database(settings.database_url)
    try:
        db.check_migrated()
        email = (args.email or os.environ.get("INBOX_ADMIN_EMAIL", "")).strip()
        if args.from_env:
            has_password = bool(os.environ.get("INBOX_ADMIN_PASSWORD"))
            if not email and not has_password:
                existing = coordinator_count(db)
                if existing:
                    print("inbox: INBOX_ADMIN_EMAIL is not set; keeping the "
                          + counted(existing, "existing coordinator account"))
                    return 0
                print(f"inbox: there is no coordinator account yet.\n{ENV_HELP}", file=sys.stderr)
                return 2
            if not email or not has_password:
                missing = "INBOX_ADMIN_EMAIL" if not email else "INBOX_ADMIN_PASSWORD"
                print(f"inbox: {missing} is not set.\n{ENV_HELP}", file=sys.stderr)
                return 2
        if not email:
            print("inbox: give --email or set INBOX_ADMIN_EMAIL", file=sys.stderr)
            return 2
        try:
            create_coordinator(db, email, _password(email))
        except AccountExists as err:
            if args.from_env:
                print(f"inbox: coordinator {email.casefold()} already exists; not changed "
                      "(python -m mentorhub.inbox set-password --email ... changes the password)")
                return 0
            print(f"inbox: {err}", file=sys.stderr)
            return 2
        except AccountError as err:
            print(f"inbox: {err}", file=sys.stderr)
            return 2
        print(f"inbox: created coordinator {email.casefold()}")
        return 0
    finally:
        db.dispose()


def _set_password(settings: Settings, args: argparse.Namespace) -> int:
    db = Database(settings.database_url)
    try:
        db.check_migrated()
        set_password(db, args.email, _password(args.email))
    except AccountError as err:
        print(f"inbox: {err}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    print(f"inbox: changed the password of {args.email.casefold()}")
    return 0


def _export_figures(settings: Settings, args: argparse.Namespace) -> int:
    if not args.file.parent.is_dir():
        raise SettingsError(f"the folder {args.file.parent} does not exist")
    db = Database(settings.database_url)
    try:
        db.check_migrated(create_if_empty=True)  # a new inbox has figures too: all zero, withheld
        with db.read() as session:
            end = args.end or dt.datetime.now(dt.timezone.utc).date()
            start = args.start or min(first_request_day(session) or end, end)
            if start > end:
                raise ValueError(f"--from {start} is after --to {end}")
            export = compute_figures(session, _surveys(settings), start, end)
    finally:
        db.dispose()
    write_figures(args.file, export)
    withheld = withheld_count(export)
    print(f"inbox: wrote the figures from {start} to {end} to {args.file}"
          + (f" ({counted(withheld, 'figure')} withheld: fewer than {export.minimum_people} people)" if withheld else ""))
    return 0


def _write_profile(settings: Settings, args: argparse.Namespace) -> int:
    if args.approved and (args.mentor_id or args.force):
        raise ValueError("--approved writes each profile under its own id and never replaces a file: "
                         "leave out --id and --force")
    config = args.repo / "mkdocs.yml" if args.repo else settings.mkdocs_yml
    if config is None:
        raise SettingsError("give the content repository with --repo, or set INBOX_MKDOCS_YML")
    try:
        project = Project.from_mkdocs_yml(config)
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        return 2
    today = dt.datetime.now(dt.timezone.utc).date()
    db = Database(settings.database_url)
    try:
        db.check_migrated()
        references = profiles_out.waiting(db) if args.approved else [args.reference]
        refused = 0
        for reference in references:
            try:
                written = profiles_out.write_profile(db, project, reference, today, args.mentor_id, args.force)
            except profiles_out.Refused as err:
                refused += 1
                print(f"inbox: {err}", *err.problems, sep="\n  ", file=sys.stderr)
            else:
                print(f"inbox: {written.line()}")
    finally:
        db.dispose()
    if args.approved and not references:
        print("inbox: no approved application is waiting for its profile")
    return 0 if not refused else 2 if not args.approved else 1


def _surveys(settings: Settings) -> dict[str, Survey]:
    """The programme's surveys, for which answers are scales and choices (the rest is never read)."""
    if settings.mkdocs_yml is None and settings.mentors_json is None:
        print("inbox: INBOX_MKDOCS_YML is not set, so the surveys' questions are unknown: figures from their "
              "answers are left out", file=sys.stderr)
        return {}
    return dict(DirectorySource(settings).current().surveys)


def log_config() -> dict[str, Any]:
    """uvicorn's logging, our format; uvicorn's access log stays off (ours logs no query strings)."""
    handler = {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr",
               "filters": ["escape"]}
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"plain": {"format": LOG_FORMAT}},
        "filters": {"escape": {"()": "mentorhub.inbox.logs.EscapeControls"}},  # CR, LF, NUL as \\xNN: no forged lines
        "handlers": {"stderr": handler},
        "loggers": {"mentorhub.inbox": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
                    "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
                    "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False}},
    }


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    _migrate(settings, args)
    DirectorySource(settings).current()  # a clear error now rather than in every worker
    _erase_expired(settings, args)
    print(f"inbox: serving on http://{args.host}:{args.port} (dashboard: /dashboard/, "
          f"{args.workers} worker{'s' if args.workers != 1 else ''}, {_where(settings)})", flush=True)
    uvicorn.run("mentorhub.inbox.app:app_from_env", factory=True, host=args.host, port=args.port, workers=args.workers,
                access_log=False, log_config=log_config(), server_header=False)
    return 0


def _moment(text: str) -> dt.datetime:
    """An ISO 8601 time; without a zone, UTC."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time like 2026-12-02T09:00:00Z: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _erase_expired(settings: Settings, args: argparse.Namespace) -> int:
    """Erase declined and withdrawn applications past `screening.retention_days` (screening.erase_expired).
    Safe from cron and at every start: what was erased stays erased, and a second run finds nothing more."""
    screening = DirectorySource(settings).current().screening
    db = Database(settings.database_url)
    try:
        db.check_migrated()
        count = erase_expired(db, screening, dt.datetime.now(dt.timezone.utc))
    finally:
        db.dispose()
    print(f"inbox: erased the personal data of {counted(count, 'application')} declined or withdrawn more than "
          f"{counted(screening.retention_days, 'day')} ago")
    return 0


def _send_check_ins(settings: Settings, args: argparse.Namespace) -> int:
    return checkins.run(settings, args.now or dt.datetime.now(dt.timezone.utc), args.dry_run)


def _where(settings: Settings) -> str:
    url = database_url(settings.database_url)
    return f"SQLite {url.database}" if url.drivername == "sqlite" else f"PostgreSQL {url.host}/{url.database}"


COMMANDS = {"migrate": _migrate, "create-coordinator": _create, "set-password": _set_password, "serve": _serve,
            "send-check-ins": _send_check_ins, "export-figures": _export_figures, "write-profile": _write_profile,
            "erase-expired": _erase_expired}

if __name__ == "__main__":
    sys.exit(main())
