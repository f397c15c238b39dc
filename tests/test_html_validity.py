"""The Nu Html Checker (vnu, the W3C validator's engine) over every page of the built demo and
over our own stylesheets: no error and no warning, except the few that Material's own markup
causes on every page, each listed below with why it is there and why it is left.

vnu.jar comes from npm (`vnu-jar` in package.json, pinned by package-lock.json; `make test`
runs `npm ci`) and runs on the machine's Java 17 or newer (`make test` installs Debian's
`default-jre-headless` where no `java` is found), so nothing is downloaded at test time. The module is in the `build` tier as a whole: like a build it needs
more than the venv (Java, npm's packages), so `make test-fast` leaves it out.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import REPO

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
pytestmark = pytest.mark.build

STYLESHEETS = sorted((REPO / "mentorhub" / "theme" / "assets").glob("*.css")) + [REPO / "mentorhub" / "inbox" / "static" / "inbox.css"]


@dataclass(frozen=True)
class Known:
    """A message Material's own templates cause: the message, the markup it is about, and why."""

    message: str  # a regular expression the message starts with
    extract: str  # a regular expression the quoted markup must match: Material's, never ours
    why: str


KNOWN = (
    Known(r"Attribute “autocomplete” is only allowed when the input type is", r'class="md-toggle"',
          "Material's drawer and search toggles are hidden check boxes with autocomplete=\"off\", so that "
          "Firefox does not restore a menu left open; harmless, and the attribute is Material's."),
    Known(r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
          r'class="md-nav__(title|link)',
          "Material's navigation titles are labels for its hidden toggle check boxes (the CSS-only drawer); "
          "the controls are hidden on purpose and the labels still work with a pointer."),
    Known(r"Consider using the “h1” element as a top-level heading only", r"<h1",
          "Material puts every page's content, and so its one h1, inside <article class=\"md-content__inner\">; "
          "a page still has exactly one h1 (tests/test_markup.py checks the heading order)."),
)


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("no `java` on PATH: install Debian's default-jre-headless (make test does)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: run `npm ci --no-audit --no-fund` in {REPO} (make test does)")
    return [java, "-Xss2m", "-jar", str(VNU_JAR), "--format", "json"]


def _messages(command: list[str]) -> list[dict[str, object]]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        return list(json.loads(done.stderr or done.stdout)["messages"])
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no report (exit {done.returncode}): {done.stderr[-2000:]}")


def _unexplained(messages: list[dict[str, object]]) -> list[str]:
    def known(m: dict[str, object]) -> bool:
        return any(re.match(k.message, str(m.get("message", ""))) and re.search(k.extract, str(m.get("extract", "")))
                   for k in KNOWN)

    return [f"{m.get('url')}:{m.get('lastLine', '?')}: {m.get('type')}/{m.get('subType', '')}: {m.get('message')}\n"
            f"    {str(m.get('extract', '')).strip()[:160]}"
            for m in messages if not known(m)]


def test_every_page_of_the_demo_is_valid_html(vnu: list[str], demo_site: Path) -> None:
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) > 50, "the demo should build every page kind"
    problems = _unexplained(_messages([*vnu, "--skip-non-html", str(demo_site)]))
    assert not problems, f"{len(problems)} message(s) from the Nu Html Checker:\n" + "\n".join(problems[:40])


def test_our_stylesheets_are_valid_css(vnu: list[str]) -> None:
    problems = _unexplained(_messages([*vnu, "--css", *map(str, STYLESHEETS)]))
    assert not problems, "\n".join(problems)


def test_the_known_messages_are_only_excused_on_materials_markup(vnu: list[str], tmp_path: Path) -> None:
    """The excuses are narrow: the same mistake in markup of ours is still reported."""
    page = tmp_path / "ours.html"
    page.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
                    '<input type="checkbox" class="mh-toggle" id="x" autocomplete="off">'
                    '<label class="mh-nav" for="hidden">x</label><input type="hidden" id="hidden"></main></body></html>',
                    encoding="utf-8")
    problems = _unexplained(_messages([*vnu, str(page)]))
    assert any("autocomplete" in p for p in problems) and any("“for” attribute" in p for p in problems), problems
