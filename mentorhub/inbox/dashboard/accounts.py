"""Signing coordinators in and out of the dashboard.

The sign-in form carries its own CSRF token (in a signed cookie, before there is a session);
attempts are limited per client address and per account, and at most a few passwords are
checked at once (auth.py). A session cookie is set on success; signing out ends the session.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mentorhub.content.languages import N_

from ..auth import Busy, normalise_email
from ..context import client_address, inbox_of
from .common import StateChange, origin_ok, posted_form, render, safe_next, secure_cookies, session_cookies, \
    signed_in_now

router = APIRouter(prefix="/dashboard")
BUSY_RETRY = 2  # seconds: Retry-After when too many sign-ins are being checked at once


@router.get("", include_in_schema=False)
async def dashboard_root() -> RedirectResponse:
    return RedirectResponse("/dashboard/", status_code=307)


@router.get("/login")
async def login_page(request: Request) -> Response:
    if await signed_in_now(request):
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    return _login_form(request, "", 200)


def _login_form(request: Request, error: str, status: int, next_value: str | None = None) -> Response:
    inbox = inbox_of(request)
    token, cookie = inbox.auth.new_login_token()
    error = inbox.source.current().words.gettext(error) if error else error  # a msgid, in the site's language
    response = render(request, "login.html", status=status, signed_in=None, error=error, csrf_token=token,
                      next=safe_next(next_value or request.query_params.get("next")))
    response.set_cookie(session_cookies(request)[1], cookie, max_age=3600, httponly=True, samesite="strict",
                        secure=secure_cookies(request), path="/")
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    inbox = inbox_of(request)
    session_cookie, login_cookie = session_cookies(request)
    if not origin_ok(request):
        return _login_form(request, N_("The sign-in form did not come from the dashboard; please try again."), 403)
    form = await posted_form(request)
    if not inbox.auth.login_token_ok(request.cookies.get(login_cookie), form.get("csrf_token")):
        return _login_form(request, N_("The sign-in form expired; please try again."), 403, form.get("next"))
    email = form.get("email", "")
    # Per client address, then per account (a keyed hash of the normalised address, counted
    # whether or not the account exists, so the limit tells nothing about which accounts exist).
    for scope, key in (("login", client_address(request)), ("login-account", normalise_email(email))):
        retry = await run_in_threadpool(inbox.limiter.hit, scope, key, inbox.settings.login_rate_limit)
        if retry is not None:
            response = _login_form(request, N_("Too many sign-in attempts; wait a few minutes and try again."), 429,
                                   form.get("next"))
            response.headers["Retry-After"] = str(retry)
            return response
    try:
        cookie = await run_in_threadpool(inbox.auth.sign_in, email, form.get("password", ""))
    except Busy:
        response = _login_form(request, N_("The inbox is busy checking other sign-ins; try again in a moment."), 503,
                               form.get("next"))
        response.headers["Retry-After"] = str(BUSY_RETRY)
        return response
    if cookie is None:
        return _login_form(request, N_("The email address or password is not right."), 401, form.get("next"))
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    response.set_cookie(session_cookie, cookie, max_age=inbox.settings.session_hours * 3600, httponly=True,
                        samesite="lax", secure=secure_cookies(request), path="/")
    response.delete_cookie(login_cookie, path="/", secure=secure_cookies(request), httponly=True, samesite="strict")
    return response


@router.post("/logout")
async def logout(request: Request, posted: StateChange) -> Response:
    signed_in = posted.by
    await run_in_threadpool(inbox_of(request).auth.sign_out, signed_in)
    response = RedirectResponse("/dashboard/login", status_code=303)
    response.delete_cookie(session_cookies(request)[0], path="/", secure=secure_cookies(request), httponly=True, samesite="lax")
    return response
