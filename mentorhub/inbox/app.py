"""The inbox as an ASGI app (FastAPI): this module only assembles it.

`create_app()` builds the shared `Inbox` (context.py) from its settings (read from the environment
unless given), mounts the public routes (receiver.py) and the dashboard's (dashboard/), and wraps
them in the middleware (middleware.py). `python -m mentorhub.inbox serve` runs `app_from_env` with uvicorn.
"""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher
from fastapi import FastAPI

from .applications import router as application_router
from .auth import HASHER, Auth
from .context import Inbox, Refusal, Templates, refusal_response, unavailable_response
from .dashboard import router as dashboard_router
from .db import Database, Unavailable
from .intake import Intake
from .middleware import Guard, PublicCORS
from .mentors import RECHECK_SECONDS, DirectorySource
from .notify import Notifier
from .ratelimit import RateLimiter
from .receiver import router as receiver_router
from .responses import SurveyIntake
from .survey_receiver import router as survey_router
from .settings import Settings

HERE = Path(__file__).resolve().parent


def create_app(settings: Settings | None = None, *, hasher: PasswordHasher = HASHER,
               mentors_recheck_seconds: float = RECHECK_SECONDS) -> FastAPI:
    """The app. `hasher` makes and checks coordinators' password hashes (production Argon2id unless
    given); the mentors' files are checked for changes every `mentors_recheck_seconds`."""
    settings = settings or Settings.from_env()
    db = Database(settings.database_url)
    db.check_migrated()
    source = DirectorySource(settings, mentors_recheck_seconds)
    source.current()  # fail at start, not at the first request, when mentors cannot be read
    secret = settings.secret_key or db.shared_secret("secret_key")
    templates = Templates(HERE / "templates")
    inbox = Inbox(settings, db, source, Intake(settings, db, source), RateLimiter(db, secret),
                  Notifier(settings, db), Auth(db, secret, settings.session_hours, hasher), templates,
                  SurveyIntake(db, source))

    app = FastAPI(title="Mentor Hub inbox", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.inbox = inbox
    app.include_router(receiver_router)
    app.include_router(survey_router)
    app.include_router(application_router)
    app.include_router(dashboard_router)
    app.add_exception_handler(Refusal, refusal_response)
    app.add_exception_handler(Unavailable, unavailable_response)
    # Added last is outermost: CORS headers go on every public answer, the Guard's own included.
    app.add_middleware(Guard, max_body=settings.max_body_bytes)
    app.add_middleware(PublicCORS, origins=list(settings.site_origins))
    return app


def app_from_env() -> FastAPI:
    """The factory uvicorn workers call (`inbox.app:app_from_env`)."""
    return create_app()
