"""axe-core in a Playwright page: the WCAG 2.2 AA rules every page of the site and the inbox is
held to, and violations written one per line (tests/test_accessibility.py, the inbox's tests).

axe-core comes from npm (package.json, package-lock.json; `make test` runs `npm ci`), so nothing
is downloaded at test time.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from support import REPO

AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = ("axe.run(document, {runOnly: {type: 'tag', values: "
           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})")
FAILING_IMPACTS = {"serious", "critical"}


def axe_script() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci --no-audit --no-fund` in {REPO} (make test does)")
    return AXE_JS.read_text(encoding="utf-8")


def settle(page: Page) -> None:
    """Let transitions finish (axe reads colours mid-fade otherwise) and scroll back to the top,
    so a sticky header does not count as covering the controls scrolled under it."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.evaluate("() => window.scrollTo(0, 0)")


def describe(violations: list[dict[str, Any]], where: str) -> list[str]:
    return [f"{where}: [{v['impact']}] {v['id']} ({v['help']}) at {' '.join(map(str, node['target']))}: "
            + " ".join(node["failureSummary"].split())
            for v in violations for node in v["nodes"]]


def assert_axe_clean(page: Page, where: str, axe_source: str) -> None:
    """Run axe-core on the page as it is, print every violation and fail on serious ones."""
    settle(page)
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN)["violations"]
    print("\n".join(describe(violations, where)) or f"{where}: no violations")
    failing = describe([v for v in violations if v["impact"] in FAILING_IMPACTS], where)
    assert not failing, f"{len(failing)} serious or critical axe-core violations:\n" + "\n".join(failing)
