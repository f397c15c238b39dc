"""Directory figures for `make bench`, in Chromium on a built Mentor Hub site: the first page's
HTML, the data fetched before the first filtered result, what one keystroke in the text filter
costs, and the layout shift while the page loads, at 390 and 1280 px.

The filtered result is a topic ticked in the expertise facet: one used by about one mentor in
forty, so its first page of results comes from many directory pages, as a rare filter's does.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from urllib.parse import unquote, urlsplit

TARGET_PAGE_KB, TARGET_FIRST_KB_GZIP, TARGET_KEYSTROKE_MS, TARGET_CLS = 150, 300, 50, 0.1
CLS_SCRIPT = """
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({type: "layout-shift", buffered: true});
"""


def _size(site_dir: Path, url: str) -> tuple[int, int]:
    file = site_dir / unquote(urlsplit(url).path).lstrip("/")
    data = (file / "index.html" if file.is_dir() else file).read_bytes()
    return len(data), min(len(data), len(gzip.compress(data, 6)))


def measure(site_dir: Path, serving: Callable[[Path], AbstractContextManager[str]], chromium: str,
            n: int) -> tuple[list[str], list[tuple[str, str, str, bool]]]:
    """Printed lines and (label, value, target, passed) verdicts for the directory at `n` mentors."""
    from playwright.sync_api import sync_playwright

    page_raw, page_gz = _size(site_dir, "/mentors/")
    index = json.loads((site_dir / "mentors" / "directory.json").read_text(encoding="utf-8"))
    expertise = next(f for f in index["facets"] if f["key"] == "expertise")
    counts = [0] * len(expertise["ids"])
    for mentor in index["mentors"]:
        for value in mentor[6][[f["key"] for f in index["facets"]].index("expertise")]:
            counts[value] += 1
    rare = min(range(len(counts)), key=lambda i: abs(counts[i] - n / 40))
    cls: dict[int, float] = {}
    with serving(site_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for width in (390, 1280):
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            page.add_init_script(CLS_SCRIPT)
            page.goto(url + "mentors/")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            cls[width] = float(page.evaluate("window.__cls"))
            context.close()
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(url + "mentors/")
        finished: list[str] = []
        page.on("requestfinished", lambda request: finished.append(request.url))
        page.goto(url + f"mentors/?expertise={expertise['ids'][rare]}")
        page.wait_for_selector("#mh-cards > li", timeout=120_000)
        page.wait_for_function("() => document.querySelector('#mh-cards > li')?.dataset.expertise"
                               f"?.split(' ').includes({json.dumps(expertise['ids'][rare])})", timeout=120_000)
        before = [u for u in finished if "/mentors/" in u and not u.rstrip("/").endswith("/mentors")
                  and "?" not in u]
        first_raw = first_gz = 0
        for request_url in before:
            raw, gz = _size(site_dir, request_url)
            first_raw, first_gz = first_raw + raw, first_gz + gz
        page.wait_for_selector("#mh-filters[data-ready]", state="attached", timeout=120_000)
        search = page.get_by_label("Search mentors", exact=True)
        search.fill("mentees")  # loads the bios; then time single keystrokes
        page.wait_for_function("() => !document.querySelector('#mh-cards[aria-busy]')", timeout=120_000)
        page.wait_for_timeout(500)
        page.evaluate("performance.clearMeasures('mh-filter')")
        for letter in "plan":
            search.press(letter)
            page.wait_for_timeout(250)  # past the 150 ms pause the filter waits for
        page.wait_for_function("() => performance.getEntriesByName('mh-filter').length >= 4", timeout=60_000)
        keystrokes = page.evaluate("performance.getEntriesByName('mh-filter').map(e => e.duration)")
        browser.close()
    keystroke = sorted(keystrokes)[len(keystrokes) // 2]
    lines = [f"Directory at N={n:,} (Chromium, this machine)",
             f"  first page HTML: {page_raw / 1024:.0f} KB raw, {page_gz / 1024:.0f} KB gzip",
             f"  before the first filtered result ('{expertise['labels'][rare]}', {counts[rare]} mentors): "
             f"{first_raw / 1024:.0f} KB raw, {first_gz / 1024:.0f} KB gzip in {len(before)} requests",
             f"  one keystroke in the text filter (median of {len(keystrokes)}): {keystroke:.1f} ms",
             f"  layout shift while loading: {cls[390]:.3f} at 390 px, {cls[1280]:.3f} at 1280 px"]
    verdicts = [(f"directory first page at N={n:,}", f"{page_raw / 1024:.0f} KB", f"≤ {TARGET_PAGE_KB} KB",
                 page_raw / 1024 <= TARGET_PAGE_KB),
                (f"data before the first filtered result at N={n:,} (gzip)", f"{first_gz / 1024:.0f} KB",
                 f"≤ {TARGET_FIRST_KB_GZIP} KB", first_gz / 1024 <= TARGET_FIRST_KB_GZIP),
                (f"a keystroke in the directory's text filter at N={n:,}", f"{keystroke:.1f} ms",
                 f"≤ {TARGET_KEYSTROKE_MS} ms", keystroke <= TARGET_KEYSTROKE_MS),
                (f"directory layout shift at N={n:,}", f"{max(cls.values()):.3f}", f"< {TARGET_CLS}",
                 max(cls.values()) < TARGET_CLS)]
    return lines, verdicts


