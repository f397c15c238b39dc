"""Issue 22: the demo builds the same with ProperDocs, the maintained fork of MkDocs 1.x that runs
MkDocs plugins unchanged (it redirects `mkdocs.*` imports to itself), so a programme can move to
it when MkDocs 1.x stops being maintained."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from support import REPO, demo_copy, mkdocs_build, mkdocs_env


def _pages(site: Path) -> dict[str, str]:
    """Every HTML page, without the line that names the generator (MkDocs or ProperDocs)."""
    generator = re.compile(r'<meta name="generator" content="[^"]*">')
    return {p.relative_to(site).as_posix(): generator.sub("", p.read_text(encoding="utf-8"))
            for p in site.rglob("*.html")}


def test_properdocs_builds_the_demo_as_mkdocs_does(tmp_path: Path) -> None:
    config = demo_copy(tmp_path / "programme", lambda yml: yml)
    with_mkdocs = mkdocs_build(config, tmp_path / "mkdocs-site")
    assert with_mkdocs.returncode == 0, with_mkdocs.stderr
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")]
    result = subprocess.run(command, capture_output=True, text=True, env=mkdocs_env(), check=False, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "28 mentors" in result.stderr and "Traceback" not in result.stderr
    ours, theirs = _pages(tmp_path / "site"), _pages(tmp_path / "mkdocs-site")
    assert ours.keys() == theirs.keys() and len(ours) > 60
    differ = sorted(path for path in ours if ours[path] != theirs[path])
    assert not differ, f"ProperDocs built these pages differently: {differ[:5]}"
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()
