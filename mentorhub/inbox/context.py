"""What every route of the inbox shares, kept apart so routes never import the app that holds them.

`Inbox` is everything a route needs (kept on `app.state.inbox`); `inbox_of` finds it. The rest
are the rules the receiver, the dashboard and the middleware must apply alike: who the client is,
whether it wants JSON, which origins are the inbox's own, and how a route's early end (`Refusal`)
or a database that cannot answer now (`Unavailable`) is answered.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from starlette.requests import HTTPConnection

from mentorhub.content.languages import ENGLISH, N_, Language

from .auth import Auth
from .db import Database, Unavailable
from .intake import Intake
from .mentors import DirectorySource
from .notify import Notifier
from .ratelimit import RateLimiter
from .settings import Settings

if TYPE_CHECKING:  # responses.py reaches the pages' helpers, which import this module
    from .responses import SurveyIntake

log = logging.getLogger("mentorhub.inbox")
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass
class Templates:
    """The inbox's page templates, speaking one language per render: the dashboard the site's
    default language, a mentee's pages the language of the page they came from. Every word is a
    msgid of the `inbox` catalogue (Jinja's i18n extension, `{% trans %}` and `_()`); a template
    writes dates and numbers with `inbox_language` (its `Language`). One Jinja environment per language,
    since the i18n extension's `gettext` is an environment's global."""

    folder: Path
    _environments: dict[str, Environment] = field(default_factory=dict)

    def environment(self, words: Language) -> Environment:
        env = self._environments.get(words.code)
        if env is None:
            env = Environment(loader=FileSystemLoader(self.folder), extensions=["jinja2.ext.i18n"],
                              autoescape=select_autoescape(default=True, default_for_string=True))
            env.policies["ext.i18n.trimmed"] = True  # {% trans %} blocks are looked up as extracted
            env.install_gettext_callables(  # type: ignore[attr-defined]
                words.translations.gettext, words.translations.ngettext, newstyle=True)
            env.globals["inbox_language"] = words  # not `words`: a page's context may use that name
            self._environments[words.code] = env
        return env

    def get_template(self, name: str, words: Language = ENGLISH) -> Template:
        return self.environment(words).get_template(name)


@dataclass
class Inbox:
    """Everything a route needs, kept on `app.state.inbox`."""

    settings: Settings
    db: Database
    source: DirectorySource
    intake: Intake
    limiter: RateLimiter
    notifier: Notifier
    auth: Auth
    templates: Templates
    surveys: SurveyIntake


def inbox_of(request: HTTPConnection) -> Inbox:
    inbox = request.app.state.inbox
    if not isinstance(inbox, Inbox):
        raise RuntimeError("the app was not made by inbox.app.create_app (no app.state.inbox)")
    return inbox


def client_address(request: HTTPConnection) -> str:
    return request.client.host if request.client else "unknown"


def is_dashboard(path: str) -> bool:
    return path.startswith("/dashboard")


def wants_json(request: HTTPConnection) -> bool:
    """Whether to answer with JSON rather than a page: when the client's Accept header names JSON,
    or when it posts JSON to a public route (a script; a browser's plain form post is never
    JSON). The dashboard is pages only, whatever the body, unless JSON is asked for; so is a GET."""
    headers = request.headers
    if JSON in headers.get("accept", ""):
        return True
    return not is_dashboard(request.url.path) and request.scope.get("method") != "GET" \
        and headers.get("content-type", "").startswith(JSON)


def own_origins(request: HTTPConnection) -> set[str]:
    """The inbox's own origins, for posts from its own pages (the dashboard, the request form shown
    again): INBOX_PUBLIC_URL's, and the scheme and Host the request was sent to, which a cross-site
    page cannot choose (as Django does). Lower-case, without a trailing slash."""
    public = urlsplit(inbox_of(request).settings.public_url)
    own = {f"{public.scheme}://{public.netloc}".lower()}
    if "host" in request.headers:
        own.add(f"{request.url.scheme}://{request.headers['host']}".lower())
    return own


class Refusal(Exception):
    """Ends a dashboard request early with `response`: the sign-in page, or a page saying why not."""

    def __init__(self, response: Response) -> None:
        super().__init__()
        self.response = response


async def refusal_response(request: Request, exc: Exception) -> Response:
    """The exception handler for `Refusal`: its response, as it is."""
    if not isinstance(exc, Refusal):
        raise exc
    return exc.response


def unavailable_response(request: Request, exc: Exception) -> Response:
    """503 with Retry-After for `Unavailable`: the database cannot do it now; nothing was stored.
    JSON for scripts and for any post to a public route (whatever its body); a page otherwise."""
    if not isinstance(exc, Unavailable):
        raise exc
    log.warning("answered 503: %s", exc.reason)
    headers = {"Retry-After": str(exc.retry_after), "Cache-Control": "no-store"}
    as_json = wants_json(request) or not is_dashboard(request.url.path) and request.method != "GET"
    return plain_error(request, 503, "form", UNAVAILABLE, as_json, headers=headers, title=TRY_AGAIN)


# The pages the inbox answers before, or instead of, its own (middleware.py's too): msgids.
UNAVAILABLE = N_("The inbox cannot take this right now, and nothing was stored; please try again in a minute")
TRY_AGAIN = N_("Try again shortly")
ERROR = N_("Error %(status)s")


def site_words(connection: HTTPConnection) -> Language:
    """The site's default language, for an error answered without reading the post (which names the
    page's): English when even the site's files cannot be read, since this answers failures."""
    try:
        return inbox_of(connection).source.current().words
    except Exception:  # noqa: BLE001 - the error page must not fail for want of a language
        return ENGLISH


def plain_error(connection: HTTPConnection, status: int, field: str, message: str, as_json: bool, *,
                headers: dict[str, str] | None = None, title: str = ERROR,
                values: Mapping[str, object] | None = None) -> Response:
    """An error the inbox answers for itself (a 413, a 500, a 503): `{"errors": {field: …}}` for
    scripts, else a bare page; `message` and `title` are msgids, said in the site's language."""
    words = site_words(connection)
    said = words.gettext(message, **(values or {}))
    if as_json:
        return JSONResponse({"errors": {field: said}}, status_code=status, headers=headers)
    heading = escape(words.gettext(title, status=status))
    return HTMLResponse(f'<!doctype html><html lang="{words.code}" dir="{words.direction}"><title>{heading}</title>'
                        f"<h1>{heading}</h1><p>{escape(said)}</p></html>", status_code=status, headers=headers)
