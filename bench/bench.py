"""Mentor Hub's build against plain mkdocs-material, at N mentors (default 1,000 and 5,000).

For each N it generates a synthetic programme (bench/synthetic.py) and a plain Material site
with the same pages written by hand out of the nav, builds both with `mkdocs build` in a
subprocess, and prints: build time, peak memory, HTML per mentor page, the search payload
a visitor downloads before the first result, `mentorhub check` time, and the rebuild under
`mkdocs serve` after one mentor file is edited (at the largest N). Figures only: nothing
here asserts, and the targets are printed as PASS or MISS.

    python bench/bench.py                # N = 1,000 and 5,000 (several minutes on 2 cores)
    python bench/bench.py --sizes 1000   # a quick run
    python bench/bench.py --repeat 3     # median of three builds: steadier on a shared machine
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from directory_figures import measure as measure_directory  # noqa: E402
from photo_figures import measure as measure_photos  # noqa: E402
from synthetic import BUILD_DAY, SEARCH_WORD, write_plain_site, write_programme  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
       "SOURCE_DATE_EPOCH": str(int(dt.datetime.combine(BUILD_DAY, dt.time(), dt.timezone.utc).timestamp()))}
# The requests a search makes, and the element its first result appears in.
SEARCH = {"Mentor Hub": (f"search/?q={SEARCH_WORD}", None, ".mh-site-search__result", re.compile(r"/pagefind/")),
          "plain": ("", ".md-search__input", ".md-search-result__item",
                    re.compile(r"search_index\.json|/workers/search|/lunr/"))}
TARGET_OVERHEAD, TARGET_GROWTH, TARGET_PAGE_KB, TARGET_SEARCH_KB = 0.10, 5.5, 30, 500


@dataclass
class Figures:
    build_s: float
    peak_mb: float
    page_kb_median: float
    page_kb_max: float
    site_mb: float
    search_kb: float | None = None
    search_kb_gzip: float | None = None
    check_s: float | None = None
    serve_rebuild_s: float | None = None
    serve_search_s: float | None = None


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of one command; the RSS is the largest of the process and
    the children it waited for (Pagefind runs as one), from wait4's rusage."""
    log = tempfile.TemporaryFile()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=log, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        log.seek(0)
        sys.exit(f"{' '.join(command)} failed:\n{log.read().decode(errors='replace')[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def build(config: Path, site_dir: Path) -> tuple[float, float]:
    return timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)], config.parent)


def page_sizes(site_dir: Path) -> list[int]:
    return [p.stat().st_size for p in (site_dir / "mentors").glob("*/index.html")]


def site_size(site_dir: Path) -> int:
    return sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file())


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
        pass


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def search_payload(site_dir: Path, kind: str) -> tuple[float, float]:
    """KB a first-time visitor's browser fetches for search before the first result shows: the
    search requests Chromium finished by then, sized from the built files (raw, and gzipped as
    a compressing host would send them; Pagefind's index files are gzip already)."""
    from playwright.sync_api import sync_playwright

    path, box, first_result, wanted = SEARCH[kind]
    finished: list[str] = []
    with serving(site_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context().new_page()
        page.on("requestfinished", lambda request: finished.append(request.url))
        page.goto(url + path)
        if box:  # Material's search: type once its worker has loaded the index, or the query is lost
            page.locator(box).click()
            page.wait_for_function("() => !/Initializing/.test(document.querySelector('.md-search-result__meta')"
                                   "?.textContent ?? 'Initializing')", timeout=120_000)
            page.keyboard.type(SEARCH_WORD)
        page.wait_for_selector(first_result, timeout=120_000)
        before = [u for u in finished if wanted.search(u)]
        browser.close()
    raw = gz = 0
    for request_url in before:
        file = site_dir / unquote(urlsplit(request_url).path).lstrip("/")
        data = (file / "index.html" if file.is_dir() else file).read_bytes()
        raw += len(data)
        gz += min(len(data), len(gzip.compress(data, 6)))
    return raw / 1024, gz / 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_rebuild(config: Path, edited: Path, search_log: str | None) -> tuple[float, float | None]:
    """Seconds from saving one edited file to `mkdocs serve` reloading the browsers, and to
    the search index being current (Mentor Hub indexes after the reload: `search_log`)."""
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{free_port()}"]
    process = subprocess.Popen(command, cwd=config.parent, env=ENV, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put((time.perf_counter(), line))

    def wait_for(text: str, after: float, timeout: float = 900) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                at, line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if text in line and at >= after:
                return at
        raise TimeoutError(f"mkdocs serve printed no {text!r}")

    threading.Thread(target=read, daemon=True).start()
    try:
        wait_for("Serving on", 0)
        time.sleep(2)  # let the file watcher settle
        saved = time.perf_counter()
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace("headline: ", "headline: (edited) ", 1) if edited.suffix == ".yml"
                          else text + "\nEdited.\n", encoding="utf-8")
        reloaded = wait_for("Reloading browsers", saved) - saved
        return reloaded, (wait_for(search_log, saved) - saved if search_log else None)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


DIRECTORY: list[tuple[list[str], list[tuple[str, str, str, bool]]]] = []  # directory_figures, per N


def measure(n: int, work: Path, serve: bool, repeat: int) -> dict[str, Figures]:
    """Both sites at `n` mentors. Their builds alternate, so a slow spell on a shared machine
    falls on both and spares the ratio."""
    sources = {"Mentor Hub": write_programme(work / f"mentorhub-{n}", n),
               "plain": write_plain_site(work / f"plain-{n}", n)}
    site_dirs = {kind: work / f"{kind.split()[0].lower()}-{n}-site" for kind in sources}
    runs: dict[str, list[tuple[float, float]]] = {kind: [] for kind in sources}
    for attempt in range(1, repeat + 1):
        for kind, config in sources.items():
            print(f"  N={n:,}: building {kind}" + (f" ({attempt} of {repeat})" if repeat > 1 else "") + "…", flush=True)
            runs[kind].append(build(config, site_dirs[kind]))
    results: dict[str, Figures] = {}
    for kind, config in sources.items():
        site_dir, sizes = site_dirs[kind], page_sizes(site_dirs[kind])
        figures = Figures(statistics.median(t for t, _ in runs[kind]), max(m for _, m in runs[kind]),
                          statistics.median(sizes) / 1024, max(sizes) / 1024, site_size(site_dir) / 2**20)
        if shutil.which(CHROMIUM):
            figures.search_kb, figures.search_kb_gzip = search_payload(site_dir, kind)
        if kind == "Mentor Hub" and shutil.which(CHROMIUM):
            DIRECTORY.append(measure_directory(site_dir, serving, CHROMIUM, n))
        if kind == "Mentor Hub":
            figures.check_s, _ = timed([sys.executable, "-m", "mentorhub.adapters.cli", "-f", str(config), "check"], config.parent)
        if serve:
            print(f"  N={n:,}: mkdocs serve, {kind}, one mentor edited…", flush=True)
            edited = sorted((config.parent / ("mentors" if kind == "Mentor Hub" else "docs/mentors")).iterdir())[0]
            figures.serve_rebuild_s, figures.serve_search_s = serve_rebuild(
                config, edited, "Search index updated" if kind == "Mentor Hub" else None)
        shutil.rmtree(site_dir)
        results[kind] = figures
    return results


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def report(results: dict[int, dict[str, Figures]]) -> None:
    rows = [("full build (s)", "build_s", 1), ("peak memory (MB)", "peak_mb", 0),
            ("HTML per mentor page, median (KB)", "page_kb_median", 1), ("HTML per mentor page, largest (KB)", "page_kb_max", 1),
            ("whole site (MB)", "site_mb", 1), ("search before 1st result, raw (KB)", "search_kb", 0),
            ("search before 1st result, gzip (KB)", "search_kb_gzip", 0), ("mentorhub check (s)", "check_s", 2),
            ("mkdocs serve rebuild, 1 edit (s)", "serve_rebuild_s", 1),
            ("  … until search is current (s)", "serve_search_s", 1)]
    sizes = sorted(results)
    header = f"{'':38}" + "".join(f"{'N = ' + format(n, ','):>36}" for n in sizes)
    print("\n" + header + "\n" + f"{'':38}" + f"{'Mentor Hub':>14}{'plain':>11}{'ratio':>11}" * len(sizes))
    for label, attribute, digits in rows:
        cells = ""
        for n in sizes:
            ours, plain = getattr(results[n]["Mentor Hub"], attribute), getattr(results[n]["plain"], attribute)
            ratio = f"{ours / plain:.2f}×" if ours and plain else "–"
            cells += f"{fmt(ours, digits):>14}{fmt(plain, digits):>11}{ratio:>11}"
        print(f"{label:38}{cells}")

    print("\nTargets")
    largest = results[sizes[-1]]
    overhead = largest["Mentor Hub"].build_s / largest["plain"].build_s - 1
    verdicts = [(f"generator overhead over plain mkdocs-material at N={sizes[-1]:,}", f"{overhead:+.0%}",
                 f"≤ {TARGET_OVERHEAD:.0%}", overhead <= TARGET_OVERHEAD)]
    if 1000 in results and 5000 in results:
        small, big = results[1000]["Mentor Hub"], results[5000]["Mentor Hub"]
        verdicts += [("build time, N=5,000 over N=1,000", f"{big.build_s / small.build_s:.2f}×",
                      f"≤ {TARGET_GROWTH}×", big.build_s / small.build_s <= TARGET_GROWTH),
                     ("peak memory, N=5,000 over N=1,000", f"{big.peak_mb / small.peak_mb:.2f}×",
                      f"≤ {TARGET_GROWTH}×", big.peak_mb / small.peak_mb <= TARGET_GROWTH)]
    for n in sizes:
        ours = results[n]["Mentor Hub"]
        verdicts.append((f"largest profile page at N={n:,}", f"{ours.page_kb_max:.1f} KB", f"< {TARGET_PAGE_KB} KB",
                         ours.page_kb_max < TARGET_PAGE_KB))
        if ours.search_kb is not None:
            verdicts.append((f"search payload before the first result at N={n:,} (raw)", f"{ours.search_kb:.0f} KB",
                             f"≤ {TARGET_SEARCH_KB} KB", ours.search_kb <= TARGET_SEARCH_KB))
    for lines, directory_verdicts in DIRECTORY:
        verdicts += directory_verdicts
    for label, value, target, passed in verdicts:
        print(f"  {'PASS' if passed else 'MISS'}  {label}: {value} (target {target})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], help="numbers of mentors")
    parser.add_argument("--repeat", type=int, default=1, help="builds per site; the median time is shown (default 1)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild")
    parser.add_argument("--photos", type=int, default=100, metavar="N",
                        help="photo figures: N mentors, each with a phone photo (default 100; 0 skips them)")
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    print(f"Mentor Hub benchmark: N = {', '.join(f'{n:,}' for n in sizes)} mentors; stories N/50, events N/100; "
          f"{os.cpu_count()} cores; build times are the median of {args.repeat}. Search: '{SEARCH_WORD}', in every bio. "
          "KB = 1,024 bytes.")
    if not shutil.which(CHROMIUM):
        print(f"  {CHROMIUM} not found: search payloads are not measured.")
    with tempfile.TemporaryDirectory(prefix="mentorhub-bench-") as tmp:
        results = {n: measure(n, Path(tmp), not args.no_serve and n == sizes[-1], args.repeat) for n in sizes}
        photos = measure_photos(Path(tmp), args.photos, args.photos, timed, serving,
                                CHROMIUM if shutil.which(CHROMIUM) else None) if args.photos else []
    for lines, _ in DIRECTORY:
        print("\n" + "\n".join(lines))
    report(results)
    print("\n" + "\n".join(photos) if photos else "")


if __name__ == "__main__":
    main()
