"""The inbox as an ASGI app (FastAPI): the receiver, availability, health and the dashboard.

`create_app()` reads its settings from the environment; `python -m inbox serve` runs it with
uvicorn. Every response passes `Guard`: body size limit, security headers, an access log of
method, path and status only (never a query string or a body), and errors that never echo
what a mentee sent.
"""

from __future__ import annotations

import json
import logging
from html import escape
import time
import traceback
import unicodedata
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import anyio
import anyio.to_thread
from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware

from .auth import Auth
from .capacity import live_mentors, places_taken
from .db import RETRY_AFTER, Database, Unavailable
from .intake import Intake, Outcome
from .mentors import DirectorySource
from .notify import Notifier
from .public import FORM_PATH, THANKS_PATH, cannot_use_url, form_for_mentor, form_page, thanks, too_young
from .ratelimit import RateLimiter
from .settings import Settings

log = logging.getLogger("inbox")
HERE = Path(__file__).resolve().parent
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MAX_FIELDS = 200
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


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
    templates: Environment


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    db = Database(settings.database_url)
    db.check_migrated()
    source = DirectorySource(settings)
    source.current()  # fail at start, not at the first request, when mentors cannot be read
    secret = settings.secret_key or db.shared_secret("secret_key")
    templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                            autoescape=select_autoescape(default=True, default_for_string=True))
    inbox = Inbox(settings, db, source, Intake(settings, db, source), RateLimiter(db, secret),
                  Notifier(settings, db), Auth(db, secret, settings.session_hours), templates)

    app = FastAPI(title="Mentor Hub inbox", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.inbox = inbox
    app.add_api_route("/health", health, methods=["GET"])
    app.add_api_route("/availability.json", availability_json, methods=["GET"])
    app.add_api_route("/requests", receive_request, methods=["POST"])
    app.add_api_route(THANKS_PATH, thanks, methods=["GET"])
    app.add_api_route(FORM_PATH, form_for_mentor, methods=["GET"])
    app.add_api_route("/dashboard/static/inbox.css", stylesheet, methods=["GET"])
    from .dashboard import Refusal, refusal_response, router

    app.include_router(router)
    app.add_exception_handler(Refusal, refusal_response)
    app.add_exception_handler(Unavailable, unavailable_response)
    # Added last is outermost: CORS headers go on every public answer, the Guard's own included.
    app.add_middleware(Guard, max_body=settings.max_body_bytes)
    app.add_middleware(PublicCORS, origins=list(settings.site_origins))
    return app


def app_from_env() -> FastAPI:
    """The factory uvicorn workers call (`inbox.app:app_from_env`)."""
    return create_app()


def inbox_of(request: Request) -> Inbox:
    return request.app.state.inbox  # type: ignore[no-any-return]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def wants_json(request: Request) -> bool:
    return JSON in request.headers.get("accept", "") or request.headers.get("content-type", "").startswith(JSON)


# --- the public routes --------------------------------------------------------------------------

_READS: list[anyio.CapacityLimiter] = []  # threads of their own: writers waiting on a lock cannot take them
_LAST_AVAILABILITY: dict[str, Any] = {}  # this worker's last answer, served while the table is locked


READ_DEADLINE = 1.2  # seconds: /health and /availability.json answer by then (well within the promised 2 s)


async def read_in_thread(function: Callable[[], Any]) -> Any:
    """`function` in a thread of the reads' own; `Unavailable` when it has not returned within
    READ_DEADLINE (the thread is left to finish on its own: its waits are bounded too)."""
    if not _READS:
        _READS.append(anyio.CapacityLimiter(8))
    with anyio.move_on_after(READ_DEADLINE):
        return await anyio.to_thread.run_sync(function, limiter=_READS[0], abandon_on_cancel=True)
    raise Unavailable(f"the database did not answer within {READ_DEADLINE:.0f} s (busy)")


def unavailable_response(request: Request, exc: Exception) -> Response:
    """503 with Retry-After for `Unavailable`: the database cannot do it now; nothing was stored."""
    assert isinstance(exc, Unavailable)
    log.warning("answered 503: %s", exc.reason)
    headers = {"Retry-After": str(exc.retry_after), "Cache-Control": "no-store"}
    message = f"The inbox cannot take this right now ({exc.reason}); please try again in a minute"
    if wants_json(request) or not request.url.path.startswith("/dashboard") and request.method != "GET":
        return JSONResponse({"errors": {"form": message}}, status_code=503, headers=headers)
    return HTMLResponse(f"<!doctype html><title>Try again shortly</title><h1>Try again shortly</h1>"
                        f"<p>{escape(message)}</p>", status_code=503, headers=headers)


async def health(request: Request) -> JSONResponse:
    """200 only when a request could be stored now (a write probe, rolled back; free disk space
    on SQLite); otherwise 503 with the reason. Answers within about 2 s whatever the database does."""
    db = inbox_of(request).db

    def probe() -> str | None:
        try:
            with db.read() as session:
                session.execute(text("SELECT 1"))
        except Unavailable as err:
            return err.reason
        return db.can_store(wait=1.0)

    try:
        reason = await read_in_thread(probe)
    except Unavailable as err:
        reason = err.reason
    if reason is None:
        return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})
    log.warning("health: %s", reason)
    return JSONResponse({"status": "unavailable", "stores_requests": False, "reason": reason}, status_code=503,
                        headers={"Cache-Control": "no-store", "Retry-After": str(RETRY_AFTER)})


async def availability_json(request: Request) -> JSONResponse:
    inbox = inbox_of(request)

    def count() -> dict[str, Any]:
        directory = inbox.source.current()
        with inbox.db.read() as session:
            live = live_mentors(directory, places_taken(session))
        # `accepting` and `free_places` are what pages built before `state` read.
        return {"version": 1, "mentors": {mid: {"state": m.state, "accepting": m.free_places > 0,
                                                "free_places": m.free_places} for mid, m in sorted(live.items())}}

    try:
        body = await read_in_thread(count)
    except Unavailable as err:
        if not _LAST_AVAILABILITY:
            raise
        log.warning("availability.json: %s; answered with this worker's last count", err.reason)
        return JSONResponse(_LAST_AVAILABILITY["body"], headers={"Cache-Control": "public, max-age=10"})
    _LAST_AVAILABILITY["body"] = body
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=60"})


async def receive_request(request: Request, background: BackgroundTasks) -> Response:
    inbox = inbox_of(request)
    settings = inbox.settings
    as_json = wants_json(request)
    origin = request.headers.get("origin")
    allowed = {o.lower() for o in settings.site_origins} | own_origins(request)
    if origin is not None and origin.rstrip("/").lower() not in allowed:
        log.info("refused a post from an origin that is not allowed")
        return refuse(request, 403, {"origin": "Requests are only accepted from the programme's own site"})
    body = await request.body()  # at most max_body_bytes: the Guard cuts off anything longer
    # one trip to a worker thread: the rate limit counts every post, good or bad
    outcome, data, retry = await run_in_threadpool(_receive, inbox, client_address(request),
                                                   request.headers.get("content-type", ""), body)
    if retry is not None:
        log.info("rate limit reached for a client")
        minutes = max(round(retry / 60), 1)
        return refuse(request, 429, {"form": f"Too many requests from your network; try again in {minutes} "
                                             f"minute{'s' if minutes != 1 else ''}"},
                      headers={"Retry-After": str(retry)}, form=None if as_json else _plain_form(request, body))
    if outcome.created and not outcome.spam and inbox.notifier.enabled:
        background.add_task(inbox.notifier.new_request, str(outcome.reference))
    if as_json:
        return JSONResponse(outcome.body, status_code=outcome.status, background=background)
    if outcome.status != 200:
        directory = inbox.source.current()
        if outcome.status == 422 and "age_band" in outcome.body["errors"] and too_young(data, directory.options):
            # not a mistake to fix: the site's page says what to do instead; nothing was stored
            return RedirectResponse(cannot_use_url(directory, settings), status_code=303)
        return refuse(request, outcome.status, outcome.body["errors"], form=data if outcome.status == 422 else None)
    query = {"ref": outcome.reference}
    if outcome.mentor_full:
        query.update({"mentor_full": str(data.get("mentor", "")), "alternatives": ",".join(outcome.alternatives)})
    target = thank_you_url(str(data.get("next") or ""), origin, settings.site_origins)
    return RedirectResponse(f"{target}{'&' if '?' in target else '?'}{urlencode(query)}", status_code=303,
                            background=background)


def _receive(inbox: Inbox, address: str, content_type: str, body: bytes) -> tuple[Outcome, dict[str, Any], int | None]:
    retry = inbox.limiter.hit("requests", address, inbox.settings.rate_limit)
    if retry is not None:
        return Outcome(429, {}), {}, retry
    media_type, charset = _content_type(content_type)
    if media_type not in (FORM, JSON) or charset not in ("", "utf-8", "utf8"):
        return Outcome(415, {"errors": {"content_type": f"Send the form as {FORM} or {JSON} (UTF-8)"}}), {}, None
    try:
        data = _parse(body, media_type)
    except ValueError as err:
        return Outcome(400, {"errors": {"body": str(err)}}), {}, None
    return inbox.intake.receive(data), data, None


def _plain_form(request: Request, body: bytes) -> dict[str, Any] | None:
    """The answers of a plain form post, to show them again; None when they cannot be read."""
    if _content_type(request.headers.get("content-type", "")) != (FORM, ""):
        return None
    try:
        return _parse(body, FORM)
    except ValueError:
        return None


def _content_type(header: str) -> tuple[str, str]:
    media_type, _, rest = header.partition(";")
    charset = ""
    for param in rest.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.strip().lower(), charset


MAX_JSON_DEPTH = 32  # a request is two levels deep (answers); anything deeper is not a form


def _not_json(constant: str) -> Any:
    """`NaN`, `Infinity`, `-Infinity`: Python's json reads them, RFC 8259 does not."""
    raise json.JSONDecodeError(f"{constant} is not JSON", constant, 0)


def _json_depth(text: str) -> int:
    """How deeply arrays and objects nest, counted without recursion (brackets inside strings
    are skipped), so a deeply nested body is refused before the parser recurses."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _parse(body: bytes, media_type: str) -> dict[str, Any]:
    try:
        text_body = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("The request is not valid UTF-8 text") from None
    if media_type == JSON:
        if _json_depth(text_body) > MAX_JSON_DEPTH:
            raise ValueError(f"The request nests more than {MAX_JSON_DEPTH} levels deep")
        try:
            data = json.loads(text_body or "{}", parse_constant=_not_json)
        except (json.JSONDecodeError, RecursionError):
            raise ValueError("The request is not valid JSON") from None
        if not isinstance(data, dict):
            raise ValueError("The request must be a JSON object of field names and answers")
        return data
    try:
        pairs = parse_qs(text_body, keep_blank_values=True, strict_parsing=False, encoding="utf-8",
                         errors="strict", max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError:
        raise ValueError("The form is not valid UTF-8 text") from None
    except ValueError:
        raise ValueError(f"The form has more than {MAX_FIELDS} fields") from None
    return {key: values if len(values) > 1 else values[0] for key, values in pairs.items()}


def thank_you_url(next_value: str, origin: str | None, allowed: tuple[str, ...]) -> str:
    """`next` when it is on an allowed origin; the inbox's own thank-you page (`GET
    /requests/thanks`, on whatever address the browser reached the inbox at) when `next` names
    it; otherwise `next`'s path on an allowed origin."""
    allowed_lower = {o.lower(): o for o in allowed}
    parts = urlsplit(next_value)
    given = f"{parts.scheme}://{parts.netloc}".lower()
    if parts.path.rstrip("/") == THANKS_PATH and given not in allowed_lower:
        return THANKS_PATH
    path = parts.path if parts.path.startswith("/") else "/request/thanks/"
    safe_path = quote(path, safe="/%-._~!$'()*+,;=:@")
    if parts.scheme in ("http", "https") and given in allowed_lower:
        return allowed_lower[given] + safe_path
    base = allowed_lower.get((origin or "").rstrip("/").lower(), allowed[0])
    return base + safe_path


def refuse(request: Request, status: int, errors: dict[str, str], headers: dict[str, str] | None = None,
           form: dict[str, Any] | None = None) -> Response:
    """A 4xx naming each field: JSON for scripts; for plain form posts, the programme's request
    form again with the answers in `form` kept and each message at its field (public.py)."""
    if wants_json(request):
        return JSONResponse({"errors": errors}, status_code=status, headers=headers)
    return form_page(inbox_of(request), request, status, errors, form, headers)


def own_origins(request: Request) -> set[str]:
    """The inbox's own origins, for posts from its own pages (the dashboard, the request form shown
    again): INBOX_PUBLIC_URL's, and the scheme and Host the request was sent to, which a cross-site
    page cannot choose (as Django does). Lower-case, without a trailing slash."""
    public = urlsplit(inbox_of(request).settings.public_url)
    own = {f"{public.scheme}://{public.netloc}".lower()}
    if "host" in request.headers:
        own.add(f"{request.url.scheme}://{request.headers['host']}".lower())
    return own


async def stylesheet(request: Request) -> Response:
    css = (HERE / "static" / "inbox.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


# --- middleware ---------------------------------------------------------------------------------

class BodyTooLarge(Exception):
    pass


class PublicCORS:
    """CORS for the site's origins on the public routes; none on the dashboard."""

    def __init__(self, app: Callable[..., Awaitable[None]], origins: list[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(app, allow_origins=origins, allow_methods=["GET", "POST"],
                                   allow_headers=["Accept", "Content-Type"], max_age=600)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not str(scope.get("path", "")).startswith("/dashboard"):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def printable(value: object) -> str:
    """`value` as one log-safe line: backslashes doubled, control and format characters (CR, LF,
    NUL, C1, bidi overrides, zero-width, U+2028/2029) written as \\xNN / \\uNNNN, so nothing
    a client sends can start a line of its own or hide in the log."""
    out = []
    for char in str(value):
        if char == "\\":
            out.append("\\\\")
        elif unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


class Trusted(str):
    """Log text that is already safe: escaped by `printable`, or made by the code (a traceback)."""


def _safe(arg: object) -> object:
    return arg if isinstance(arg, (int, float, Trusted)) else printable(arg)


class EscapeControls(logging.Filter):
    """On a handler: every argument of every record (the access and error logs', uvicorn's too)
    passes `printable`, unless it is `Trusted`; the format strings are the code's own."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_safe(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _safe(a) for k, a in record.args.items()}
        return True


class Guard:
    def __init__(self, app: Callable[..., Awaitable[None]], max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started_at = time.perf_counter()
        headers = Headers(scope=scope)
        path = str(scope.get("path", ""))
        method = str(scope.get("method", ""))
        logged = Trusted(f"{printable(method)} {printable(path)}")  # the decoded path may hold CR, LF, NUL
        state = {"status": 0, "started": False}
        as_json = JSON in headers.get("accept", "") or not path.startswith("/dashboard") and method != "GET" \
            and headers.get("content-type", "").startswith(JSON)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"], state["started"] = message["status"], True
                extra = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                         (b"referrer-policy", b"same-origin")]
                existing = {k.lower() for k, _ in message.get("headers", [])}
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                if content_type.startswith(b"text/html") and b"content-security-policy" not in existing:
                    extra.append((b"content-security-policy", CSP.encode()))
                if path.startswith("/dashboard") and b"cache-control" not in existing:
                    extra.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge
            return message

        try:
            length = headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > self.max_body):
                raise BodyTooLarge
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            if not state["started"]:
                await self._error(send_with_headers, 413, as_json, "body",
                                  f"The request is larger than the {self.max_body} bytes the inbox accepts")
        except Exception as exc:  # never echo what was sent; log where, not what
            log.error("unhandled %s on %s\n%s", type(exc).__name__, logged,
                      Trusted("".join(traceback.format_tb(exc.__traceback__)).rstrip("\n")))
            if not state["started"]:
                await self._error(send_with_headers, 500, as_json, "form",
                                  "Something went wrong on our side and nothing was stored; please try again")
        finally:
            log.info("%s %s %.0fms", logged, state["status"], (time.perf_counter() - started_at) * 1000)

    @staticmethod
    async def _error(send: Send, status: int, as_json: bool, field: str, message: str) -> None:
        if as_json:
            response: Response = JSONResponse({"errors": {field: message}}, status_code=status)
        else:
            response = HTMLResponse(f"<!doctype html><title>Error {status}</title><h1>Error {status}</h1>"
                                    f"<p>{message}</p>", status_code=status)
        body = response.body
        await send({"type": "http.response.start", "status": status, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": body})
