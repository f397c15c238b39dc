"""Site search with Pagefind: chunked indexes, so a search fetches only the parts it needs.

Material's built-in lunr search ships one index a visitor downloads whole (14 MB at about
6,000 pages). Pagefind splits its index, but indexing takes a while and its slow part
(writing the index, about 1 ms a page on two cores) can only start once every page exists.
So the search is two Pagefind bundles that the search page merges:

- `pagefind/mentors/`: every published profile, indexed from the content as records
  (`profile_records`) by Pagefind's service on its own core while the pages render;
- `pagefind/`: every other page, indexed from the built HTML once the site is written.

The Pagefind binary ships inside the `pagefind-bin` wheel: nothing is downloaded.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

from .catalog import Catalog
from .models import FORMAT_LABELS

ROOT_SELECTOR = "article.md-content__inner"  # Material's content area: no nav, header or footer
IGNORED = ".headerlink"  # the ¶ after each heading
PROFILES = "mentors"  # the profiles' bundle, inside the site's `pagefind/`
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"(^|\n)\s{0,3}(?:#{1,6}\s+|>\s?|[-+*]\s+|\d+[.)]\s+)|[*_`~]+")


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class SearchRecord:
    url: str  # from the site root, e.g. "mentors/ana-pereira/"
    title: str
    content: str


def profile_records(catalog: Catalog) -> list[SearchRecord]:
    """What each published profile says about its mentor, as searchable text."""
    vocab = catalog.vocabularies
    records = []
    for mentor in catalog.public_mentors:
        place = mentor["location"]
        words = [
            mentor["name"], mentor["pronouns"] or "", mentor["headline"], vocab.roles.label(mentor["role"]),
            mentor["organisation"] or "", _plain_text(mentor["bio"]),
            *(vocab.expertise.label(t) for t in mentor["expertise"]),
            *(f"{vocab.languages.label(c)} {vocab.languages.terms[c].description}" for c in mentor["languages"]),
            place["city"], place.get("region") or "", vocab.countries.label(place["country"]),
            *(FORMAT_LABELS[f] for f in mentor["formats"]), *(vocab.audiences.label(a) for a in mentor["audiences"]),
        ]
        records.append(SearchRecord(mentor["url"], mentor["name"], ". ".join(w for w in words if w)))
    return records


def _plain_text(markdown: str) -> str:
    """A bio's words without Markdown's marks, for search excerpts (no renderer needed)."""
    return " ".join(_MARKDOWN_MARKS.sub(r"\1", _MARKDOWN_LINK.sub(r"\1", markdown)).split())


class SiteSearch:
    """One build's search: the profiles are indexed in the background from `start()` on,
    and `finish()` indexes the other pages, once written, and puts both bundles in place."""

    def __init__(self, records: list[SearchRecord], language: str) -> None:
        self.records, self.language = records, language
        self.workdir = Path(tempfile.mkdtemp(prefix="mentorhub-search-"))
        self.error: str | None = None
        self.cancelled = False
        self.service: subprocess.Popen[bytes] | None = None
        self.cli: subprocess.Popen[str] | None = None
        self.thread = threading.Thread(target=self._index_profiles, name="pagefind-profiles", daemon=True)

    @classmethod
    def start(cls, catalog: Catalog, language: str) -> SiteSearch:
        search = cls(profile_records(catalog), language)
        search.thread.start()
        return search

    def finish(self, site_dir: Path) -> None:
        """Raise SearchIndexError when either index could not be built (not when cancelled)."""
        try:
            self._index_pages(site_dir)
            self.thread.join()
            if self.cancelled:
                return
            if self.error:
                raise SearchIndexError(self.error)
            if self.records:
                target = site_dir / "pagefind" / PROFILES
                shutil.rmtree(target, ignore_errors=True)  # the last one, in a --dirty build
                shutil.move(self.workdir / PROFILES, target)
        finally:
            self._close()

    def cancel(self) -> None:
        """Stop Pagefind, wherever it is (a build that failed, a server shutting down), and
        remove the work files. Safe to call more than once, from any thread."""
        self.cancelled = True
        self._close()

    def _close(self) -> None:
        for process in (self.service, self.cli):
            if process is not None and process.poll() is None:
                process.kill()
        if self.thread.ident is not None:
            self.thread.join()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _index_pages(self, site_dir: Path) -> None:
        """The built pages except the profiles, seen by the Pagefind CLI through hard links."""
        skip = {f"{record.url}index.html" for record in self.records}
        pages = self.workdir / "pages"
        for page in site_dir.rglob("index.html"):
            rel = page.relative_to(site_dir).as_posix()
            if rel not in skip and not rel.startswith("pagefind/"):
                (pages / rel).parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(page, pages / rel)
                except OSError:  # another file system
                    shutil.copyfile(page, pages / rel)
        command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(site_dir / "pagefind"),
                   "--root-selector", ROOT_SELECTOR, "--exclude-selectors", IGNORED, "--silent"]
        if self.cancelled:
            return
        self.cli = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = self.cli.communicate()
        if self.cli.returncode != 0 and not self.cancelled:
            detail = (err or out).strip().splitlines()
            raise SearchIndexError(detail[-1] if detail else f"pagefind exited with {self.cli.returncode}")

    def _index_profiles(self) -> None:
        if not self.records or self.cancelled:
            return
        try:
            self.service = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            _Service(self.service).index(self.records, self.language, self.workdir / PROFILES)
        except (OSError, SearchIndexError) as err:
            self.error = f"indexing the mentor profiles: {err}"


class _Service:
    """Pagefind's service protocol (what its Python and Node APIs speak): base64 JSON messages
    separated by commas, each answered by one with the same message id. Answers are read on
    a thread of their own: a service whose answers nobody reads stops reading questions.
    (Pagefind's own Python client waits 0.1 s between answers: 8 minutes for 5,000 profiles.)"""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process, self.stdin, self.stdout = process, process.stdin, process.stdout
        self.sent = 0
        self.buffer = b""
        self.pending: deque[bytes] = deque()

    def index(self, records: list[SearchRecord], language: str, output: Path) -> None:
        index_id = self._ask({"type": "NewIndex", "config": {}})["index_id"]
        answer: dict[str, Any] = {}
        failures: list[Exception] = []

        def read() -> None:
            try:
                answer.update(self._answer(last))
            except (SearchIndexError, ValueError) as err:
                failures.append(err)

        last = self.sent + len(records) + 1  # the id WriteFiles will have
        reader = threading.Thread(target=read, name="pagefind-answers", daemon=True)
        reader.start()
        for record in records:
            self._send({"type": "AddRecord", "index_id": index_id, "url": f"/{record.url}", "content": record.content,
                        "language": language, "meta": {"title": record.title}, "filters": None, "sort": None},
                       flush=False)
        self._send({"type": "WriteFiles", "index_id": index_id, "output_path": str(output)})
        reader.join()
        self.stdin.close()
        self.process.wait()
        if failures:
            raise SearchIndexError(str(failures[0]))

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._send(payload)
        return self._answer(self.sent)

    def _send(self, payload: dict[str, Any], flush: bool = True) -> None:
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode("utf-8")
        self.stdin.write(base64.b64encode(message) + b",")
        if flush:
            self.stdin.flush()

    def _answer(self, message_id: int) -> dict[str, Any]:
        """The answer to message `message_id`, reading past the answers before it; any error
        answer raises, and so does the service stopping first."""
        while True:
            if not self.pending:
                chunk = self.stdout.read1(1 << 16)  # type: ignore[attr-defined]
                if not chunk:
                    raise SearchIndexError("Pagefind stopped before it had finished")
                *complete, self.buffer = (self.buffer + chunk).split(b",")
                self.pending.extend(message for message in complete if message)
                continue
            answer = json.loads(base64.b64decode(self.pending.popleft()))
            payload = answer.get("payload") or {}
            if payload.get("type") == "Error":
                raise SearchIndexError(payload.get("message") or "Pagefind reported an error")
            if answer.get("message_id") == message_id:
                return dict(payload)
