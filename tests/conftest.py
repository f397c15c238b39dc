"""Fixtures: the fixture programme copied per test, the demo built once, the request-form
programme built once, real Chromium; and the test tiers.

Tiers (pyproject.toml registers them): every test gets exactly one of
  browser   drives Chromium (uses the `browser` or `page` fixture, or one built on them);
  postgres  runs against the throwaway PostgreSQL server (a "postgresql" parameter, or the
            `postgres_cluster`/`postgres_database` fixtures);
  build     runs a real `mkdocs build` (the `demo_site` fixture, or the test or one of its
            fixtures calls `mkdocs_build`, `request_programme` or `live_programme`);
  unit      everything else: in-process content, pages, rules and the inbox on SQLite.
A test may say its tier itself (`@pytest.mark.build` where a hook cannot tell, e.g. a test
that starts `mkdocs serve`); `slow` is an extra mark for the longest tests (`SLOW` below).
`make test-fast` runs `-m "not browser and not postgres and not build and not slow"`.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, free_port, serve
from support import (FIXTURE_PROFILES, MKDOCS_YML, REPO, BuiltRequestProgramme, FixtureProgramme, demo_built_in, make_site,
                     mkdocs_build, request_programme)

TIERS = ("browser", "postgres", "build", "unit")  # the first that applies, in this order
BROWSER_FIXTURES = {"browser", "page"}
POSTGRES_FIXTURES = {"postgres_cluster", "postgres_database"}
BUILD_FIXTURES = {"demo_site", "demo_in", "request_programme_build"}
BUILD_CALLS = {"mkdocs_build", "demo_built_in", "request_programme", "live_programme"}  # names of helpers that run mkdocs build
# The longest tests (7 s or more each on two cores, measured with --durations), by node id prefix.
SLOW = (
    "tests/inbox/test_inbox_faults_stall.py::",
    "tests/inbox/test_inbox_migrations.py::test_the_command_line_migrates_and_creates_the_first_coordinator",
    "tests/inbox/test_inbox_reliability.py::",
)


def _calls(code: types.CodeType) -> set[str]:
    """The global names a function's code (and the functions and lambdas inside it) refers to."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _calls(const)
    return names


def _runs_mkdocs(item: pytest.Function) -> bool:
    functions = [item.function] + [d.func for defs in item._fixtureinfo.name2fixturedefs.values() for d in defs]
    return any(BUILD_CALLS & _calls(f.__code__) for f in functions if hasattr(f, "__code__"))


def _tier(item: pytest.Function) -> str:
    fixtures = set(item.fixturenames)
    params = getattr(item, "callspec", None)
    if fixtures & BROWSER_FIXTURES:
        return "browser"
    if fixtures & POSTGRES_FIXTURES or (params is not None and "postgresql" in params.params.values()):
        return "postgres"
    if fixtures & BUILD_FIXTURES or _runs_mkdocs(item):
        return "build"
    return "unit"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wrong = []
    for item in items:
        explicit = [m.name for m in item.iter_markers() if m.name in TIERS]
        if not explicit and isinstance(item, pytest.Function):
            item.add_marker(_tier(item))
        elif len(set(explicit)) > 1:
            wrong.append(f"{item.nodeid}: {sorted(set(explicit))}")
        if item.nodeid.startswith(SLOW):
            item.add_marker("slow")
    if wrong:
        raise pytest.UsageError("a test has more than one tier mark:\n" + "\n".join(wrong))


@pytest.fixture
def site(tmp_path: Path) -> FixtureProgramme:
    return make_site(tmp_path / "programme")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, built once for every test that reads or browses it (with its search
    index: test_directory_browser and test_accessibility search it, test_reproducible rebuilds it)."""
    site_dir = tmp_path_factory.mktemp("demo") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def demo_in(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The demo built with only `theme: language:` changed (issue 21's language tests), once per
    language for the whole run: the pages, browser and RTL tests share the es, fr and ar builds."""
    built: dict[str, Path] = {}

    def site_in(code: str) -> Path:
        if code not in built:
            built[code] = demo_built_in(code, tmp_path_factory.mktemp(f"demo-{code}"))
        return built[code]
    return site_in


@pytest.fixture(scope="session")
def demo_url(demo_site: Path) -> Iterator[str]:
    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def request_programme_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltRequestProgramme:
    """`support.request_programme` (with a safeguarding contact) built once for the session and
    shared by the request-form browser tests: test_request_browser serves it with the fake
    receiver, tests/inbox with the real inbox (`inbox_support.live_programme(built=...)`), on the
    ports it was built for, one module after the other."""
    site_port, inbox_port = free_port(), free_port()
    mkdocs_yml = MKDOCS_YML.format(profiles=FIXTURE_PROFILES).replace(
        "review_max_age_days: 365", "review_max_age_days: 365\n      safeguarding_contact: safeguarding@example.org")
    programme = request_programme(tmp_path_factory.mktemp("request-programme") / "programme", site_port, inbox_port,
                                  {"mkdocs.yml": mkdocs_yml})
    return BuiltRequestProgramme(programme, site_port, inbox_port)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()
