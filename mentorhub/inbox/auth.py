"""Coordinators' accounts and sessions: Argon2id password hashes, a signed session cookie whose
token is looked up in the database (so signing out ends it everywhere), and a CSRF token per
session that every state-changing form must return."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select

from .db import Database
from .models import SIGNED_IN, SIGNED_OUT, AuditEvent, Coordinator, DashboardSession, utcnow

log = logging.getLogger("mentorhub.inbox.auth")
SESSION_COOKIE = "inbox_session"
LOGIN_COOKIE = "inbox_login"  # carries the sign-in form's CSRF token before there is a session
MIN_PASSWORD = 10
HASHER = PasswordHasher()  # the production default: Argon2id with argon2-cffi's current recommended parameters
# Each Argon2id verification takes 64 MiB for a moment: at most this many at once per process,
# the rest are answered at once (503 with Retry-After) instead of queueing up memory.
MAX_CONCURRENT_HASHES = 3
_HASHING = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)


class Busy(RuntimeError):
    """Too many sign-ins are being checked in this process right now; try again in a moment."""


def cookie_names(public_url: str) -> tuple[str, str]:
    """The session and sign-in cookies' names: with the `__Host-` prefix when the inbox is served
    over https (browsers then insist on Secure, Path=/ and no Domain), plain for an http demo."""
    if urlsplit(public_url).scheme == "https":
        return "__Host-" + SESSION_COOKIE, "__Host-" + LOGIN_COOKIE
    return SESSION_COOKIE, LOGIN_COOKIE


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


class AccountExists(AccountError):
    """A coordinator with this address exists already."""


def hash_password(password: str, hasher: PasswordHasher = HASHER) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters long")
    return hasher.hash(password)


def normalise_email(email: str) -> str:
    return email.strip().casefold()


def create_coordinator(db: Database, email: str, password: str, hasher: PasswordHasher = HASHER) -> Coordinator:
    address = normalise_email(email)
    if "@" not in address:
        raise AccountError(f"{email!r} is not an email address")
    password_hash = hash_password(password, hasher)
    with db.write() as session:
        if session.scalar(select(Coordinator).where(Coordinator.email == address)) is not None:
            raise AccountExists(f"a coordinator with the address {address} already exists")
        coordinator = Coordinator(email=address, password_hash=password_hash, active=True)
        session.add(coordinator)
    return coordinator


def set_password(db: Database, email: str, password: str, hasher: PasswordHasher = HASHER) -> None:
    password_hash = hash_password(password, hasher)
    with db.write() as session:
        coordinator = session.scalar(select(Coordinator).where(Coordinator.email == normalise_email(email)))
        if coordinator is None:
            raise AccountError(f"no coordinator has the address {normalise_email(email)}")
        coordinator.password_hash = password_hash
        session.execute(delete(DashboardSession).where(DashboardSession.coordinator_id == coordinator.id))


def coordinator_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Coordinator)) or 0)


@dataclass(frozen=True)
class SignedIn:
    coordinator_id: int
    email: str
    session_id: str
    csrf_token: str


class Auth:
    """Signing in and out, sessions and the sign-in form's token. `hasher` checks and makes password
    hashes (the production Argon2id parameters unless given: tests pass quicker ones)."""

    def __init__(self, db: Database, secret: str, session_hours: int, hasher: PasswordHasher = HASHER) -> None:
        self.db = db
        self.hasher = hasher
        self._dummy: str | None = None
        self.sessions = URLSafeTimedSerializer(secret, salt="inbox-session")
        self.login_tokens = URLSafeTimedSerializer(secret, salt="inbox-login")
        self.max_age = session_hours * 3600

    def sign_in(self, email: str, password: str) -> str | None:
        """A new session's cookie value, or None. Takes as long for unknown addresses."""
        with self.db.read() as session:
            coordinator = session.scalar(select(Coordinator).where(Coordinator.email == normalise_email(email),
                                                                   Coordinator.active.is_(True)))
        if not _HASHING.acquire(blocking=False):
            log.warning("sign-in refused: %d passwords are being checked already", MAX_CONCURRENT_HASHES)
            raise Busy()
        try:
            self.hasher.verify(coordinator.password_hash if coordinator else self._dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            log.info("failed sign-in")
            return None
        finally:
            _HASHING.release()
        if coordinator is None:
            return None
        token = secrets.token_urlsafe(32)
        with self.db.write() as session:
            if self.hasher.check_needs_rehash(coordinator.password_hash):
                stored = session.get(Coordinator, coordinator.id)
                if stored is not None:
                    stored.password_hash = self.hasher.hash(password)
            now = utcnow()
            session.add(DashboardSession(id=_digest(token), coordinator_id=coordinator.id,
                                         csrf_token=secrets.token_urlsafe(32), created_at=now,
                                         expires_at=now + dt.timedelta(seconds=self.max_age)))
            session.add(AuditEvent(actor=coordinator.email, action=SIGNED_IN))
            session.execute(delete(DashboardSession).where(DashboardSession.expires_at < now))
        log.info("coordinator %d signed in", coordinator.id)
        return str(self.sessions.dumps(token))

    def _dummy_hash(self) -> str:
        """Verified against when the address is unknown, so a wrong address takes as long as a wrong password."""
        if self._dummy is None:
            self._dummy = self.hasher.hash(secrets.token_urlsafe(16))
        return self._dummy

    def current(self, cookie: str | None) -> SignedIn | None:
        if not cookie:
            return None
        try:
            token = self.sessions.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        with self.db.read() as session:
            row = session.execute(
                select(DashboardSession, Coordinator).join(Coordinator)
                .where(DashboardSession.id == _digest(str(token)), DashboardSession.expires_at > utcnow(),
                       Coordinator.active.is_(True))).first()
        if row is None:
            return None
        dashboard_session, coordinator = row
        return SignedIn(coordinator.id, coordinator.email, dashboard_session.id, dashboard_session.csrf_token)

    def sign_out(self, signed_in: SignedIn) -> None:
        with self.db.write() as session:
            session.execute(delete(DashboardSession).where(DashboardSession.id == signed_in.session_id))
            session.add(AuditEvent(actor=signed_in.email, action=SIGNED_OUT))
        log.info("coordinator %d signed out", signed_in.coordinator_id)

    # The sign-in form's CSRF token: random, kept in a signed cookie, repeated in the form.
    def new_login_token(self) -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, str(self.login_tokens.dumps(token))

    def login_token_ok(self, cookie: str | None, submitted: str | None) -> bool:
        if not cookie or not submitted:
            return False
        try:
            token = self.login_tokens.loads(cookie, max_age=3600)
        except BadSignature:
            return False
        return hmac.compare_digest(str(token), submitted)


def csrf_ok(signed_in: SignedIn, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(signed_in.csrf_token, str(submitted))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
