"""The ASGI middleware around the inbox's routes.

`Guard` wraps every answer: a body size limit, security headers, an access log of method, path and
status only (never a query string or a body), and errors that never echo what a mentee sent.
`PublicCORS` lets the programme's site call the public routes from the browser, never the dashboard.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import HTTPConnection

from mentorhub.content.languages import N_

from .context import is_dashboard, plain_error, wants_json
from .logs import Trusted, printable

log = logging.getLogger("mentorhub.inbox")
TOO_LARGE = N_("The request is larger than the %(size)s bytes the inbox accepts")
BROKEN = N_("Something went wrong on our side and nothing was stored; please try again")
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


class BodyTooLarge(Exception):
    """The request's body is longer than INBOX_MAX_BODY_BYTES (or says it is)."""


class PublicCORS:
    """CORS for the site's origins on the public routes; none on the dashboard."""

    def __init__(self, app: Callable[..., Awaitable[None]], origins: list[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(app, allow_origins=origins, allow_methods=["GET", "POST"],
                                   allow_headers=["Accept", "Content-Type"], max_age=600)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not is_dashboard(str(scope.get("path", ""))):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


class Guard:
    """Around every answer: the body size limit (413), security headers, an access log of method,
    path, status and time only, and a 500 that never echoes what was sent."""

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
        as_json = wants_json(HTTPConnection(scope))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"], state["started"] = message["status"], True
                extra = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                         (b"referrer-policy", b"same-origin")]
                existing = {k.lower() for k, _ in message.get("headers", [])}
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                if content_type.startswith(b"text/html") and b"content-security-policy" not in existing:
                    extra.append((b"content-security-policy", CSP.encode()))
                if is_dashboard(path) and b"cache-control" not in existing:
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
                await self._error(scope, send_with_headers, 413, as_json, "body", TOO_LARGE, {"size": self.max_body})
        except Exception as exc:  # never echo what was sent; log where, not what
            log.error("unhandled %s on %s\n%s", type(exc).__name__, logged,
                      Trusted("".join(traceback.format_tb(exc.__traceback__)).rstrip("\n")))
            if not state["started"]:
                await self._error(scope, send_with_headers, 500, as_json, "form", BROKEN)
        finally:
            log.info("%s %s %.0fms", logged, state["status"], (time.perf_counter() - started_at) * 1000)

    @staticmethod
    async def _error(scope: Scope, send: Send, status: int, as_json: bool, field: str, message: str,
                     values: dict[str, object] | None = None) -> None:
        response = plain_error(HTTPConnection(scope), status, field, message, as_json, values=values)
        await send({"type": "http.response.start", "status": status, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})
