"""The real thing: `mkdocs build` of the demo site and of broken fixture sites."""

from __future__ import annotations

import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation

from browser import free_port
from support import REPO, FixtureProgramme, demo_copy, mkdocs_build, mkdocs_env
from mentorhub.content.project import Project



class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_item_has_its_page(demo_site: Path) -> None:
    catalog = Project.from_mkdocs_yml(REPO / "mkdocs.yml").load()
    for folder, ids in (("mentors", catalog.mentors), ("stories", catalog.stories),
                        ("events", catalog.events), ("training", catalog.modules)):
        for item_id in ids:
            assert (demo_site / folder / item_id / "index.html").is_file(), f"{folder}/{item_id}"
    for index in ("mentors", "stories", "events", "training", "reference"):
        assert (demo_site / index / "index.html").is_file()
    assert not list(demo_site.glob("events/*.yml")), "event sources must not be published"


def test_profile_page_shows_the_mentor(demo_site: Path) -> None:
    page = parse(demo_site / "mentors" / "ingrid-solberg" / "index.html")
    text = " ".join(page.text)
    assert "Ingrid Solberg" in text and "Norsk" in text and "Norwegian (" in text  # "Norwegian (Norsk)", 7517bd7
    assert "../?expertise=" in " ".join(page.hrefs)
    office = "mailto:office@riverside-mentoring.example"  # the programme's `contact`: footer and safeguarding line
    assert not any(h.startswith(("mailto:", "tel:")) for h in page.hrefs if h != office)


def test_directory_lists_every_published_mentor_full_paused_and_stale_last(demo_site: Path) -> None:
    """Without JavaScript the order is the whole story: a stale profile is never among the accepting."""
    html = (demo_site / "mentors" / "index.html").read_text(encoding="utf-8")
    states = re.findall(r'class="mh-card mh-card--(\w+)"', html)
    assert len(states) == 28
    assert states == sorted(states, key=["accepting", "full", "paused", "stale"].index)
    assert states[-1] == "stale" and "Not confirmed since Monday 2 June 2025" in html
    assert "Paused until Sunday 28 February 2027" in html


def test_generated_item_pages_stay_out_of_the_nav() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = config.plugins.on_files(get_files(config), config=config)
    nav = get_navigation(files, config)
    in_nav = {page.file.src_uri for page in nav.pages}
    assert in_nav == {"index.md", "mentors/index.md", "training/index.md", "stories/index.md",
                      "events/index.md", "impact.md", "match.md", "request/index.md", "about.md", "privacy.md"}
    # reference.md (for editors) is generated outside the nav and linked from the footer


def test_home_page_nav_has_no_item_links(demo_site: Path) -> None:
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('md-nav--primary'):]
    assert "mentors/amara-okafor/" not in nav and "events/monthly-mentor-circle/" not in nav


def test_invalid_content_fails_the_build_with_every_problem_and_no_site(site: FixtureProgramme, tmp_path: Path) -> None:
    site.edit("mentors/ana-pereira.yml", "languages: [pt, en]", "langauges: [pt, en]")
    site.edit("stories/first-job.md", "consent: true", "consent: false")
    site_dir = tmp_path / "out"
    result = mkdocs_build(site.root / "mkdocs.yml", site_dir)
    assert result.returncode == 1
    assert "mentors/ana-pereira.yml:11: langauges: unknown field; did you mean 'languages'?" in result.stderr
    assert "stories/first-job.md:6: consent: must be true" in result.stderr
    assert "2 problems found. The site was not built." in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not site_dir.exists()


def test_bad_plugin_option_fails_the_build_in_plain_words(site: FixtureProgramme, tmp_path: Path) -> None:
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n      review_stal: hide")
    result = mkdocs_build(site.root / "mkdocs.yml", tmp_path / "out")
    assert result.returncode == 1
    assert "review_stal" in result.stderr and "did you mean 'review_stale'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_core_never_imports_mkdocs() -> None:
    code = ("import sys, mentorhub.adapters.cli, mentorhub.site.pages, mentorhub.content.project, mentorhub.content.schema; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_serve_watches_content_outside_docs_dir() -> None:
    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    config = load_config(str(REPO / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    server = Server()
    config.plugins.on_serve(cast(LiveReloadServer, server), config=config, builder=lambda: None)
    assert {Path(p).relative_to(REPO).as_posix() for p in server.watched} == {
        "mentors", "stories", "vocabularies.yml"}


def test_mentors_json_has_exactly_the_public_fields(demo_site: Path) -> None:
    document = json.loads((demo_site / "mentors.json").read_text(encoding="utf-8"))
    assert set(document) == {"version", "site", "vocabularies", "mentors"}
    assert document["site"] == {"name": "Riverside Mentoring Network", "url": "https://example.org/riverside/"}
    assert len(document["mentors"]) == 28
    public = {"id", "url", "state", "free_places", "paused_until", "name", "pronouns", "headline", "bio", "photo",
              "role", "organisation", "expertise", "languages", "location", "timezone", "formats", "audiences",
              "capacity", "sessions", "accepting", "hours_per_month", "reviewed", "youth_cleared", "links"}
    for mentor in document["mentors"]:
        assert set(mentor) == public, mentor["id"]
        assert set(mentor["location"]) <= {"city", "region", "country"}


def test_a_bio_cannot_run_script(site: FixtureProgramme, tmp_path: Path) -> None:
    site.edit("mentors/ana-pereira.yml", "I build software for a public library network.",
              "I build software. <script>alert('x')</script> <img src=x onerror=alert(1)>\n\n"
              "  [Click me](javascript:alert(1)) and [this]( JaVa&#x09;Script:alert(2)) and [ok](https://example.org/ok)")
    result = mkdocs_build(site.root / "mkdocs.yml", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "mentors" / "ana-pereira" / "index.html").read_text(encoding="utf-8")
    article = html[html.index('<h2 id="about">'):html.index('<h2 id="details">')]
    assert "<script" not in article and "<img" not in article and "javascript:" not in article.lower()
    assert "&lt;script&gt;alert" in article  # shown as text, not run
    assert 'href="https://example.org/ok"' in article


def test_content_is_escaped_in_every_template(site: FixtureProgramme, tmp_path: Path) -> None:
    """MkDocs renders without autoescape; the plugin turns it on for Mentor Hub's own templates."""
    site.edit("mentors/ana-pereira.yml", "headline: Software engineer", 'headline: <b>Bold</b> & "quoted" engineer')
    site.edit("mentors/ana-pereira.yml", "organisation: Lisbon Libraries", "organisation: <i>Libraries</i>")
    result = mkdocs_build(site.root / "mkdocs.yml", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for page in ("mentors/index.html", "mentors/ana-pereira/index.html"):
        html = (tmp_path / "out" / page).read_text(encoding="utf-8")
        assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &#34;quoted&#34; engineer" in html, page
        assert "<b>Bold</b>" not in html and "<i>Libraries</i>" not in html, page
    profile = (tmp_path / "out" / "mentors/ana-pereira/index.html").read_text(encoding="utf-8")
    assert "<p>I build software for a public library network.</p>" in profile  # the bio's own HTML is kept


# `mkdocs serve` with Ctrl+C (SIGINT) working as in a terminal: a job a shell starts in the
# background (`make test &`, some CI runners) inherits SIGINT as ignored, and so would mkdocs.
MKDOCS_WITH_CTRL_C = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                      "sys.argv[0] = 'mkdocs'; from mkdocs.__main__ import cli; cli()")


class Serving:
    """A real `mkdocs serve` in `root` on a free port, its output read as it comes; stopped with
    Ctrl+C by `stop`, which fails the test when it does not stop cleanly."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-c", MKDOCS_WITH_CTRL_C, "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root, env=mkdocs_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []  # everything it printed, for failure messages
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout or ():
            self.output.append(line)
            self.lines.put(line)

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if text in self.lines.get(timeout=1):
                    return
            except queue.Empty:
                assert self.process.poll() is None, "mkdocs serve stopped:\n" + "".join(self.output)
        raise AssertionError(f"mkdocs serve never printed {text!r}:\n{''.join(self.output)}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError("mkdocs serve did not stop on Ctrl+C:\n" + "".join(self.output)) from None
        assert self.process.returncode == 0, "".join(self.output)


@pytest.mark.build  # `mkdocs serve`, which the tier hook does not see
def test_serve_reloads_at_once_and_search_follows(site: FixtureProgramme) -> None:
    """Under `mkdocs serve` Pagefind runs after the reload, the next rebuild waits for it, and
    Ctrl+C stops the server."""
    site.edit("mkdocs.yml", "search_index: false", "search_index: true")  # the fixture's builds skip Pagefind
    server = Serving(site.root)

    def index_served() -> bool:
        url = f"http://127.0.0.1:{server.port}/fixture/pagefind/pagefind-entry.json"
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200 and "en" in json.loads(response.read())["languages"]

    try:
        server.wait_for("Serving on")
        server.wait_for("Search index updated")
        assert index_served()
        site.edit("mentors/ana-pereira.yml", "headline: ", "headline: Edited. ")
        server.wait_for("Reloading browsers")
        server.wait_for("Search index updated")
        assert index_served()
    finally:
        server.stop()


def fetch(url: str) -> tuple[int, str]:
    """Status and text of a page; a timeout, not a hanging test, when the server holds the request."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.mark.build  # `mkdocs serve`
def test_serve_shows_content_problems_in_the_browser_and_recovers(tmp_path: Path) -> None:
    """A broken mentor file: every address answers at once with the problems (file:line, escaped)
    instead of hanging; the terminal says the same; the fixed file brings the real page back."""
    config = demo_copy(tmp_path, lambda text: text.replace("review_max_age_days: 365",
                                                           "review_max_age_days: 365\n      search_index: false"))
    mentor = tmp_path / "mentors" / "aisha-mohammed.yml"
    good = mentor.read_text(encoding="utf-8")
    server = Serving(config.parent)
    base = f"http://127.0.0.1:{server.port}/riverside/"
    try:
        server.wait_for("Serving on")
        status, page = fetch(base + "mentors/aisha-mohammed/")
        assert (status, "<h1>The site could not be built</h1>" in page) == (200, False)
        assert "Aisha Mohammed" in page
        mentor.write_text(good.replace("capacity: 4", "capacity: <four>"), encoding="utf-8")
        server.wait_for("The browser shows them until they are fixed.")
        assert "mentors/aisha-mohammed.yml:26: capacity:" in "".join(server.output)
        server.wait_for("Reloading browsers")
        for address in ("", "mentors/aisha-mohammed/", "no/such/page/"):
            status, page = fetch(base + address)
            assert "<h1>The site could not be built</h1>" in page, (address, page)
            assert "<code>mentors/aisha-mohammed.yml:26: capacity:" in page
            assert "&lt;four&gt;" in page and "<four>" not in page
            assert status == (200 if address == "" else 404)  # the server answers what is not there with 404.html
        mentor.write_text(good, encoding="utf-8")
        server.wait_for("Reloading browsers")
        status, page = fetch(base + "mentors/aisha-mohammed/")
        assert (status, "The site could not be built" in page, "Aisha Mohammed" in page) == (200, False, True)
    finally:
        server.stop()
