"""The public side of the inbox: what the programme's site and a mentee's browser call.

`POST /requests` takes a request (the site's script sends JSON; a browser without JavaScript
posts the form and is redirected to a thank-you page, or shown the form again with what to fix:
public.py); `/availability.json` counts each mentor's free places; `/health` says whether a
request could be stored now. The routes are on `router`, which app.py mounts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import anyio
import anyio.to_thread
from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from mentorhub.content.languages import N_
from mentorhub.content.requests import Message

from .capacity import live_mentors, places_taken
from .context import FORM, JSON, Inbox, client_address, inbox_of, own_origins, wants_json
from .db import RETRY_AFTER, Unavailable
from .intake import Outcome, page_language
from .public import FORM_PATH, THANKS_PATH, cannot_use_url, form_for_mentor, form_page, thanks, too_young

log = logging.getLogger("mentorhub.inbox")
HERE = Path(__file__).resolve().parent
MAX_FIELDS = 200
router = APIRouter()
router.add_api_route(THANKS_PATH, thanks, methods=["GET"])
router.add_api_route(FORM_PATH, form_for_mentor, methods=["GET"])

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


@router.get("/health")
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


@router.get("/availability.json")
async def availability_json(request: Request) -> JSONResponse:
    inbox = inbox_of(request)

    def count() -> dict[str, Any]:
        directory = inbox.source.current()
        with inbox.db.read() as session:
            live = live_mentors(directory, places_taken(session))
        # `accepting` and `free_places` are what pages built before `state` read.
        return {"version": 1, "mentors": {mid: {"state": m.state, "accepting": m.requestable,
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


@router.post("/requests")
async def receive_request(request: Request, background: BackgroundTasks) -> Response:
    inbox = inbox_of(request)
    settings = inbox.settings
    as_json = wants_json(request)
    origin = request.headers.get("origin")
    if not origin_allowed(request):
        return refuse(request, 403, {"origin": FOREIGN_ORIGIN})
    body = await request.body()  # at most max_body_bytes: the Guard cuts off anything longer
    # one trip to a worker thread: the rate limit counts every post, good or bad
    outcome, data, retry = await run_in_threadpool(_receive, inbox, client_address(request),
                                                   request.headers.get("content-type", ""), body)
    if retry is not None:
        log.info("rate limit reached for a client")
        return refuse(request, 429, too_many(retry), headers={"Retry-After": str(retry)},
                      form=None if as_json else plain_form(request, body))
    if outcome.created and not outcome.spam and inbox.notifier.enabled:
        background.add_task(inbox.notifier.new_request, str(outcome.reference), inbox.source.current().words)
        if settings.confirm_to_mentee:
            background.add_task(inbox.notifier.confirm_request, str(outcome.reference), inbox.source.current())
    if as_json:
        return JSONResponse(outcome.body, status_code=outcome.status, background=background)
    if outcome.status != 200:
        directory = inbox.source.current()
        if outcome.status == 422 and "age_band" in outcome.body["errors"] and too_young(data, directory.options):
            # not a mistake to fix: the site's page says what to do instead; nothing was stored
            return RedirectResponse(cannot_use_url(directory, settings, page_language(data.get("language"), directory)),
                                    status_code=303)
        return refuse(request, outcome.status, outcome.body["errors"], form=data if outcome.status == 422 else None)
    query = {"ref": outcome.reference}
    if data.get("mentor") and not outcome.mentor_full:
        query["mentor"] = str(data["mentor"])  # a published mentor's id: the page names them
    if outcome.mentor_full:
        query.update({"mentor_full": str(data.get("mentor", "")), "alternatives": ",".join(outcome.alternatives)})
    target = thank_you_url(str(data.get("next") or ""), origin, settings.site_origins)
    if data.get("language") and urlsplit(target).path.rstrip("/") == THANKS_PATH:  # the inbox's own: the form's language
        query["language"] = page_language(data.get("language"), inbox.source.current()).code
    return RedirectResponse(f"{target}{'&' if '?' in target else '?'}{urlencode(query)}", status_code=303,
                            background=background)


FOREIGN_ORIGIN = N_("Requests are only accepted from the programme's own site")


def origin_allowed(request: Request) -> bool:
    """A public post's Origin, when it sends one, must be the site's or the inbox's own."""
    origin = request.headers.get("origin")
    allowed = {o.lower() for o in inbox_of(request).settings.site_origins} | own_origins(request)
    if origin is not None and origin.rstrip("/").lower() not in allowed:
        log.info("refused a post from an origin that is not allowed")
        return False
    return True


@dataclass(frozen=True)
class Posted:
    """A public post read under the receiver's rules: its fields, or why it was refused
    (429 with `retry` seconds, 415 for another content type, 400 for a body that cannot be read)."""

    data: dict[str, Any] | None
    status: int = 200
    errors: dict[str, str] = field(default_factory=dict)
    retry: int | None = None


def read_post(inbox: Inbox, scope: str, address: str, content_type: str, body: bytes) -> Posted:
    """Count the post against the client's rate limit for `scope` (good or bad, every post counts),
    then read the form or JSON body (UTF-8) into field names and values."""
    retry = inbox.limiter.hit(scope, address, inbox.settings.rate_limit)
    if retry is not None:
        return Posted(None, 429, retry=retry)
    media_type, charset = _content_type(content_type)
    if media_type not in (FORM, JSON) or charset not in ("", "utf-8", "utf8"):
        return Posted(None, 415, {"content_type": f"Send the form as {FORM} or {JSON} (UTF-8)"})
    try:
        return Posted(_parse(body, media_type))
    except ValueError as err:
        return Posted(None, 400, {"body": str(err)})


def too_many(retry: int) -> dict[str, str]:
    minutes = max(round(retry / 60), 1)
    return {"form": Message.counted("Too many requests from your network; try again in %(num)s minute",
                                    "Too many requests from your network; try again in %(num)s minutes", minutes)}


def _receive(inbox: Inbox, address: str, content_type: str, body: bytes) -> tuple[Outcome, dict[str, Any], int | None]:
    posted = read_post(inbox, "requests", address, content_type, body)
    if posted.data is None:
        return Outcome(posted.status, {"errors": posted.errors} if posted.errors else {}), {}, posted.retry
    return inbox.intake.receive(posted.data), posted.data, None


def plain_form(request: Request, body: bytes) -> dict[str, Any] | None:
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


@router.get("/dashboard/static/inbox.css")
async def stylesheet(request: Request) -> Response:
    css = (HERE / "static" / "inbox.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})
