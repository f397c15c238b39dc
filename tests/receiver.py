"""A small request receiver for tests, speaking the contract every receiver follows, and
answering what the real inbox answers.

GET /availability.json reports each mentor's live state and places, as the inbox does
({"state", "accepting", "free_places"} for every mentor): the built state unless a test set
`availability`. POST /requests takes a form post or JSON and checks it with the shared request
model: JSON callers get 200 {"status", "id", "mentor_full", "alternatives"} (and, for a mentor
whose live state is full, the inbox's own "message" and "alternative_mentors") or 422
{"errors": {field: message}}; plain form posts get a 303 to the form's `next` page with the
answer in the query (`?ref=…[&mentor_full=<id>&alternatives=<ids>]`), or, under the
programme's minimum age, to the site's `request/cannot-use/`. A repeated submission_id is
stored once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlencode

from browser import serving
from mentorhub.content.public import PublicMentor
from mentorhub.content.request_form import RequestOptions
from mentorhub.content.requests import RequestAnswers, check_request
from mentorhub.inbox.capacity import alternatives
from mentorhub.inbox.intake import Intake
from mentorhub.inbox.mentors import Directory
from mentorhub.inbox.public import too_young


@dataclass
class Inbox:
    options: RequestOptions
    mentors: Mapping[str, PublicMentor]
    site_url: str = ""  # where the site is served (ending in "/"): for the cannot-use redirect
    failing: bool = False
    # mentor id -> {"state": ..., "free_places": n}: a live state other than the built one
    availability: dict[str, dict[str, Any]] = field(default_factory=dict)
    stored: dict[str, RequestAnswers] = field(default_factory=dict)
    posts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def live(self) -> dict[str, PublicMentor]:
        return {mentor_id: mentor.model_copy(update=self.availability.get(mentor_id, {}))
                for mentor_id, mentor in self.mentors.items()}

    def availability_json(self) -> dict[str, Any]:
        return {"version": 1, "mentors": {mentor_id: {"state": m.state, "accepting": m.free_places > 0,
                                                      "free_places": m.free_places}
                                          for mentor_id, m in sorted(self.live().items())}}

    def receive(self, data: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.posts += 1
            if self.failing:
                return 503, {"error": "unavailable"}
            live = self.live()
            request, errors = check_request(data, self.options, live)
            if request is None:
                return 422, {"errors": errors}
            key = request.submission_id or f"anonymous-{len(self.stored) + 1}"
            self.stored.setdefault(key, request)
            full = not request.is_spam and bool(request.mentor) and live[request.mentor].state == "full"
            # the inbox's own answer for what it stored (Intake._reply)
            row = SimpleNamespace(public_id=key, spam=request.is_spam, mentor_id=request.mentor, mentor_full=full,
                                  alternatives=alternatives(live, request.mentor) if full else [])
            return 200, Intake._reply(row, Directory(live, self.options)).body


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
                body = json.dumps(inbox.availability_json()).encode()
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
            elif status == 200:  # the inbox's redirect: the answer in the query
                query = {"ref": result["id"]}
                if result.get("mentor_full"):
                    query.update(mentor_full=str(data.get("mentor", "")), alternatives=",".join(result["alternatives"]))
                self._reply(303, b"", "text/plain", {"Location": f"{data.get('next', '/')}?{urlencode(query)}"})
            elif inbox.site_url and "age_band" in result.get("errors", {}) and too_young(data, inbox.options):
                # not a mistake to fix: the inbox sends an under-age mentee to the site's page
                self._reply(303, b"", "text/plain", {"Location": inbox.site_url + "request/cannot-use/"})
            else:
                self._reply(status, json.dumps(result).encode(), "text/plain")

    return Handler


def running(inbox: Inbox, port: int = 0) -> AbstractContextManager[str]:
    return serving(_handler(inbox), port)
