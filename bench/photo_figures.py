"""Photo figures for `make bench`: the images a visitor's browser loads for the directory, and
what N phone photos cost the build with the thumbnail cache empty (cold) and full (warm).

Each photo is a 3024×4032 JPEG of about 1.5 MB, as a phone takes them. Four are drawn; each
mentor gets one of them with a few bytes of its own after the image's end marker, so every
file has its own hash (the cold build makes thumbnails for each) at the real decoding cost.

    python bench/photo_figures.py --mentors 100 --photos 100   # alone, a minute or two
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_programme  # noqa: E402

PHONE = (3024, 4032)
VIEWPORTS = {"desktop 1280×800, 1x": ({"width": 1280, "height": 800}, 1),
             "phone 390×844, 3x": ({"width": 390, "height": 844}, 3)}


def phone_photo(seed: int) -> bytes:
    """A photo-like JPEG: smooth colour fields and sensor grain, so it compresses as a photo does."""
    channels = [Image.effect_noise((PHONE[0] // 48, PHONE[1] // 48), 90 + seed + c).resize(
        PHONE, Image.Resampling.BICUBIC) for c in range(3)]
    grain = Image.effect_noise(PHONE, 6).convert("RGB")
    image = ImageChops.add(Image.merge("RGB", channels), grain, offset=-20)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def add_photos(root: Path, count: int) -> int:
    """Give the first `count` mentors of a `synthetic.write_programme` programme a phone photo;
    returns the bytes written."""
    bases = [phone_photo(seed) for seed in range(4)]
    folder = root / "content" / "assets" / "people"
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for index, profile in enumerate(sorted((root / "mentors").glob("*.yml"))[:count]):
        data = bases[index % len(bases)] + f"mentorhub bench {index}".encode()  # after EOI: ignored by decoders
        (folder / f"{profile.stem}.jpg").write_bytes(data)
        total += len(data)
        with profile.open("a", encoding="utf-8") as out:
            out.write(f"photo: {{src: assets/people/{profile.stem}.jpg, alt: Portrait of the mentor}}\n")
    return total


def images_loaded(site_dir: Path, page: str, serving: Any, chromium: str) -> dict[str, tuple[int, int, int]]:
    """Per viewport: (images, bytes) the page loads at first view, and bytes once scrolled to its end."""
    from playwright.sync_api import sync_playwright

    found: dict[str, tuple[int, int, int]] = {}
    with serving(site_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for name, (viewport, scale) in VIEWPORTS.items():
            loaded: list[str] = []
            tab = browser.new_context(viewport=viewport, device_scale_factor=scale).new_page()
            tab.on("requestfinished", lambda r: loaded.append(r.url) if r.resource_type == "image" else None)
            tab.goto(url + page, wait_until="networkidle")
            first = list(loaded)
            tab.evaluate("async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {"
                         " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30)); } }")
            tab.wait_for_load_state("networkidle")
            found[name] = (len(set(first)), _bytes(site_dir, first), _bytes(site_dir, loaded))
            tab.context.close()
        browser.close()
    return found


def _without_search(config: Path) -> Path:
    """No Pagefind: its process would be the build's peak memory, and its time is not the photos'."""
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("- mentorship:\n", "- mentorship:\n    search_index: false\n", 1), encoding="utf-8")
    return config


def _bytes(site_dir: Path, urls: list[str]) -> int:
    return sum((site_dir / url.split("/", 3)[3]).stat().st_size for url in set(urls))


def measure(work: Path, mentors: int, photos: int, timed: Any, serving: Any, chromium: str | None) -> list[str]:
    """The photo figures as printable lines."""
    config = _without_search(write_programme(work / f"photos-{mentors}", mentors))
    # In a process of its own: a child's peak memory (wait4's ru_maxrss) starts from its parent's at fork.
    uploaded = int(subprocess.run([sys.executable, __file__, "--add-photos", str(config.parent), str(photos)],
                                  check=True, capture_output=True, text=True).stdout)
    bare = _without_search(write_programme(work / f"nophotos-{mentors}", mentors))
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f"]
    site = work / "photos-site"
    timed([*command, str(bare), "-d", str(work / "bare-site")], bare.parent)  # warm-up: disk cache, bytecode
    runs = {"no photos": timed([*command, str(bare), "-d", str(work / "bare-site")], bare.parent)}
    shutil.rmtree(config.parent / ".cache", ignore_errors=True)
    runs["photos, cold cache"] = timed([*command, str(config), "-d", str(site)], config.parent)
    runs["photos, warm cache"] = timed([*command, str(config), "-d", str(site)], config.parent)
    lines = [f"Photos: {mentors:,} mentors, {photos:,} with a {PHONE[0]}×{PHONE[1]} photo "
             f"({uploaded / photos / 2**20:.2f} MB each on average, {uploaded / 2**20:.0f} MB in all)"]
    lines += [f"  build, {label:20} {t:7.1f} s  {mb:6.0f} MB peak" for label, (t, mb) in runs.items()]
    thumbs = sorted((site / "assets" / "photos").iterdir())
    avatar = {p.suffix: p.stat().st_size for p in thumbs if p.stem.endswith("-192")}
    lines.append(f"  one photo as served: {statistics.median(p.stat().st_size for p in thumbs if p.stem.endswith('-96')) / 1024:.1f}"
                 " KB at 96 px (median of formats); 192 px: " + ", ".join(f"{ext[1:]} {n / 1024:.1f} KB"
                                                                      for ext, n in sorted(avatar.items()))
                 + f"; uploaded {uploaded / photos / 1024:,.0f} KB")
    lines.append(f"  thumbnails in the site: {len(thumbs):,} files, {sum(p.stat().st_size for p in thumbs) / 2**20:.1f} MB")
    shown = (site / "mentors" / "index.html").read_text(encoding="utf-8").count('<img class="mh-avatar" src="')
    lines.append(f"  /mentors/ shows {shown} photos: {shown * uploaded / photos / 1024:,.0f} KB of them as uploaded")
    if chromium:
        for name, (count, first, scrolled) in images_loaded(site, "mentors/", serving, chromium).items():
            lines.append(f"  /mentors/ images, {name}: {count} at first view, {first / 1024:,.0f} KB; "
                         f"{scrolled / 1024:,.0f} KB scrolled to the end")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mentors", type=int, default=100)
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--add-photos", nargs=2, metavar=("ROOT", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.add_photos:
        print(add_photos(Path(args.add_photos[0]), int(args.add_photos[1])))
        return
    from bench import CHROMIUM, serving, timed

    with tempfile.TemporaryDirectory(prefix="mentorhub-photos-") as tmp:
        lines = measure(Path(tmp), args.mentors, args.photos, timed, serving,
                        CHROMIUM if shutil.which(CHROMIUM) else None)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
