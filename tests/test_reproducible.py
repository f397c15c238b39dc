"""Building the same content twice gives the same site, byte for byte."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

from support import REPO, mkdocs_env


# Pagefind writes its filter index (the result types) in an arbitrary order, and so names it and
# the metadata that points at it differently each run, from the same pages (Pagefind/pagefind#638:
# "filter/metadata indexes will still change"). Its words, fragments and every page of ours are stable.
UNSTABLE = re.compile(r"pagefind/(filter/.*\.pf_filter|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)")


def digest(site: Path) -> dict[str, str]:
    return {rel: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file() and not UNSTABLE.fullmatch(rel := p.relative_to(site).as_posix())}


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
