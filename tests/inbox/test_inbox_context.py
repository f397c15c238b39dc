"""The one rule for "does the client want JSON" (`inbox.context.wants_json`), which the receiver,
the 503 answer and the Guard's own 413 and 500 answers all follow."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from mentorhub.inbox.context import wants_json

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def request(method: str, path: str, accept: str = "", content_type: str = "") -> Request:
    headers = [(name, value.encode()) for name, value in ((b"accept", accept), (b"content-type", content_type))
               if value]
    return Request({"type": "http", "method": method, "path": path, "headers": headers, "query_string": b""})


@pytest.mark.parametrize("method, path, accept, content_type, expected", [
    ("POST", "/requests", JSON, JSON, True),  # the site's script
    ("POST", "/requests", "", JSON, True),  # a script that sends JSON without asking for it
    ("POST", "/requests", "text/html,*/*", FORM, False),  # a browser's plain form post
    ("POST", "/requests", "", "", False),
    ("GET", "/health", JSON, "", True),
    ("GET", "/requests/thanks", "", JSON, False),  # a GET has no body to go by
    ("POST", "/dashboard/login", "", JSON, False),  # the dashboard is pages, whatever the body
    ("POST", "/dashboard/login", JSON, FORM, True),  # unless JSON is asked for
    ("GET", "/dashboard/", "text/html", "", False),
])
def test_json_when_asked_for_or_posted_to_a_public_route(method: str, path: str, accept: str, content_type: str,
                                                        expected: bool) -> None:
    assert wants_json(request(method, path, accept, content_type)) is expected
