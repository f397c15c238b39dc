"""Real Chromium (Debian's, never a downloaded one) driving the built site over loopback."""

from __future__ import annotations

import functools
import random
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
        pass


# Below Linux's ephemeral range (32768-60999): a port chosen early and bound later (the request
# programme's site and inbox, fixed at the session's start) is never taken meanwhile by the source
# port of one of the thousands of client connections the tests make (seen: EADDRINUSE).
PORTS = range(20000, 32000)


def free_port() -> int:
    """A port on loopback that nothing holds now, outside the range the OS gives client sockets."""
    for port in random.sample(PORTS, 50):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port on loopback in {PORTS.start}-{PORTS.stop - 1}")


@contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve `directory` on loopback (a free port unless given); yields the base URL."""
    with serving(functools.partial(QuietHandler, directory=str(directory)), port) as url:
        yield url + "/"


@contextmanager
def serve_like_a_host(directory: Path, base_path: str) -> Iterator[str]:
    """Serve `directory` as a static host would at `base_path` (the path of site_url), answering
    a missing page with the site's 404.html, so pages with root-relative links work too."""

    class Handler(QuietHandler):
        def translate_path(self, path: str) -> str:
            inside = path.startswith(base_path)
            return super().translate_path("/" + path[len(base_path):] if inside else "/\0outside")

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            if code != 404:
                return super().send_error(code, message, explain)
            body = (directory / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    with serving(functools.partial(Handler, directory=str(directory))) as url:
        yield url + base_path


@contextmanager
def serving(handler: Callable[..., BaseHTTPRequestHandler], port: int = 0) -> Iterator[str]:
    """Any request handler on loopback, in a thread; yields `http://127.0.0.1:<port>`."""
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fill_adult_request(page: Page, email: str = "rui@example.org") -> None:
    """Answer every required question of the request form as an adult would."""
    page.get_by_label("Your preferred name").fill("Rui")
    page.get_by_label("Your email address").fill(email)
    page.get_by_label("18 or over").check()
    page.get_by_label("What would you like to get from mentoring?").fill("A first job in software.")
    page.get_by_label("English").check()
    page.get_by_label("Either is fine").check()
    page.get_by_label("Weekends").check()
    page.get_by_label(re.compile("I have read the privacy notice")).check()
