"""The coordinators' dashboard: server-rendered HTML behind a sign-in, under /dashboard.

Every page needs a signed-in coordinator; every state change needs the session's CSRF token
(common.py). Its routes are grouped by concept: signing in and out (accounts.py), the requests,
their list, detail, export and changes (requests.py), a minor's guardian agreeing (guardian.py),
erasure on a mentee's request (erase.py, which calls mentorhub/inbox/erasure.py), and surveys: matches'
timelines and answers, response rates, concerns (surveys.py), and mentor applications: their
screening, decision and erasure (applications.py). `router` holds them all; app.py mounts it.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import accounts, applications, erase, guardian, requests, surveys

router = APIRouter()
for _module in (accounts, requests, guardian, erase, surveys, applications):
    router.include_router(_module.router)
