"""A small request receiver for tests, speaking the contract every receiver follows.

GET /availability.json reports each mentor's live places. POST /requests takes a form post or JSON and checks it with the shared request model:
JSON callers get 200 {"status", "id"} or 422 {"errors": {field: message}}; plain form posts
get a 303 to the form's `next` page. A repeated submission_id is stored once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

from browser import serving
from generator.requests import MentorRequest, RequestOptions, check_request


@dataclass
class Inbox:
    options: RequestOptions
    mentors: Mapping[str, Mapping[str, Any]]
    failing: bool = False
    availability: dict[str, dict[str, Any]] = field(default_factory=dict)  # what GET /availability.json says
    stored: dict[str, MentorRequest] = field(default_factory=dict)
    posts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def receive(self, data: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.posts += 1
            if self.failing:
                return 503, {"error": "unavailable"}
            request, errors = check_request(data, self.options, self.mentors)
            if request is None:
                return 422, {"errors": errors}
            key = request.submission_id or f"anonymous-{len(self.stored) + 1}"
            self.stored.setdefault(key, request)
            return 200, {"status": "received", "id": key}


def _handler(inbox: Inbox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
            pass

        def _reply(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - stdlib's name
            if self.path == "/availability.json":
                body = json.dumps({"version": 1, "mentors": inbox.availability}).encode()
                self._reply(200, body, "application/json", {"Cache-Control": "public, max-age=60"})
            else:
                self._reply(200 if self.path == "/health" else 404, b"ok", "text/plain")

        def do_POST(self) -> None:  # noqa: N802 - stdlib's name
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
            if self.headers.get("Content-Type", "").startswith("application/json"):
                data: dict[str, Any] = json.loads(raw or "{}")
            else:
                data = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
            status, result = inbox.receive(data)
            if "application/json" in self.headers.get("Accept", ""):
                self._reply(status, json.dumps(result).encode(), "application/json")
            elif status == 200:
                self._reply(303, b"", "text/plain", {"Location": str(data.get("next", "/"))})
            else:
                self._reply(status, json.dumps(result).encode(), "text/plain")

    return Handler


def running(inbox: Inbox, port: int = 0) -> AbstractContextManager[str]:
    return serving(_handler(inbox), port)
