"""Site search with Pagefind: a chunked index built over the finished HTML.

Material's built-in lunr search ships one index a visitor downloads whole (14 MB at about
6,000 pages); Pagefind splits its index so a search fetches only the chunks it needs.
The Pagefind binary ships inside the `pagefind-bin` wheel: nothing is downloaded.

What is a result is the templates' decision: only pages with a `data-pagefind-body` element
are indexed (profiles, stories, events, modules and hand-written pages, each with its `type`
filter), so listings and forms never are; theme/assets/site-search.js shows the results.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT_SELECTOR = "article.md-content__inner"  # Material's content area: no nav, header or footer
PAGES = "{index.html,**/index.html}"  # pages only: leaves out 404.html
IGNORED = ".headerlink"  # the ¶ after each heading


class SearchIndexError(Exception):
    """Pagefind could not index the built site."""


def index_site(site_dir: Path) -> None:
    """Write the search bundle to `site_dir/pagefind/`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--root-selector", ROOT_SELECTOR,
               "--glob", PAGES, "--exclude-selectors", IGNORED, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise SearchIndexError(detail[-1] if detail else f"pagefind exited with {result.returncode}")
