"""The coordinators' dashboard: server-rendered HTML behind a sign-in, under /dashboard.

Every page needs a signed-in coordinator; every state change needs the session's CSRF token
(common.py). Its routes are grouped by concept: signing in and out (accounts.py), the requests,
their list, detail, export and changes (requests.py), a minor's guardian agreeing (guardian.py),
and erasure on a mentee's request (erase.py, which calls inbox/erasure.py). `router` holds them all; app.py mounts it.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import accounts, erase, guardian, requests

router = APIRouter()
for _module in (accounts, requests, guardian, erase):
    router.include_router(_module.router)
