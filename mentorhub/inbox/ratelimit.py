"""Rate limits per client address, counted in the database so every worker process shares them.

Fixed windows: at most `count` hits per `seconds`. Addresses are stored as keyed hashes,
never as they are.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import time

from sqlalchemy import delete, text

from .db import Database
from .models import RateCounter
from .settings import Rate

KEEP_SECONDS = 2 * 86400
# The same statement on SQLite (3.35 and later) and PostgreSQL; plain SQL, so it is prepared once.
HIT = text("INSERT INTO rate_counters (key, window_start, hits) VALUES (:key, :window_start, 1) "
           "ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_counters.hits + 1 RETURNING hits")


class RateLimiter:
    def __init__(self, db: Database, secret: str) -> None:
        self.db = db
        self.secret = secret.encode()

    def hit(self, scope: str, address: str, rate: Rate, now: float | None = None) -> int | None:
        """Count one hit; None when allowed, else the seconds until the window ends."""
        moment = int(time.time() if now is None else now)
        window = moment - moment % rate.seconds
        digest = hmac.new(self.secret, address.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:40]
        key = f"{scope}:{digest}"
        with self.db.write(durable=False) as session:
            hits = int(session.scalar(HIT, {"key": key, "window_start": window}) or 0)
            if hits == 1 and random.random() < 0.05:  # now and then, forget old windows
                session.execute(delete(RateCounter).where(RateCounter.window_start < moment - KEEP_SECONDS))
        return None if hits <= rate.count else max(window + rate.seconds - moment, 1)
