"""Building the same content twice gives the same site, byte for byte."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from support import REPO, mkdocs_env


def digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def build(site_dir: Path, **env: str) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site_dir)],
                   check=True, env=mkdocs_env(**env))


def test_two_builds_of_the_demo_are_identical(demo_site: Path, tmp_path: Path) -> None:
    """Same content, same SOURCE_DATE_EPOCH (as CI sets it): every file identical, feeds and index included."""
    build(tmp_path / "again", SOURCE_DATE_EPOCH="1795305600")
    first, second = digest(demo_site), digest(tmp_path / "again")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert {"mentors.json", "stories/feed.xml", "sitemap.xml", "sitemap.xml.gz"} <= first.keys()
