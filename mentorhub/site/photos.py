"""Profile and story photos → small thumbnails at the sizes pages show, cached by content hash.

An upload is often a 3024×4032 phone photo of 1.5 MB shown in an 80 px circle, with its GPS
position in the EXIF. At build time each photo becomes thumbnails for each place it is shown
(`SLOTS`): centre-cropped to the slot's shape, at 1x and 2x, in AVIF (when this Pillow has
it), WebP and a JPEG fallback, without metadata. A thumbnail's file name is a hash of the
source bytes, its size, its format and `PIPELINE_VERSION`, so a file already in the cache is
never made again and browsers may keep it forever. An unreadable or oversized photo is a
content problem at its `photo.src` line, like any other.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError, features

from ..content.catalog import Catalog, Entry
from ..content.errors import ContentError, Problem

PIPELINE_VERSION = 1  # bump when the crop, sizes or encoder settings change: every thumbnail is made again
MAX_SOURCE_BYTES = 10 * 1024 * 1024
MAX_SOURCE_PIXELS = 60_000_000  # a 60-megapixel photo is already far more than any page needs
URL_DIR = "assets/photos"
FORMATS: dict[str, tuple[str, str, dict[str, Any]]] = {  # best first; JPEG, the fallback, last
    "avif": ("AVIF", "image/avif", {"quality": 55, "speed": 8, "max_threads": 1}),  # speed 6: 4× slower, 12% smaller
    "webp": ("WEBP", "image/webp", {"quality": 78, "method": 5}),
    "jpg": ("JPEG", "image/jpeg", {"quality": 82, "optimize": True, "progressive": True}),
}


@dataclass(frozen=True)
class Slot:
    """Where a photo is shown: the crop's width/height (None: the photo's own), the widths to
    make (1x and 2x), the `sizes` attribute and the box the page gives it (width/height)."""

    aspect: float | None
    widths: tuple[int, ...]
    sizes: str
    box: int


# Avatars are 4rem: 80 px at Material's root size, 88 and 96 px where it grows (100em, 125em).
SLOTS = {
    "avatar": Slot(1.0, (96, 192), "(min-width: 125em) 96px, (min-width: 100em) 88px, 80px", 80),
    "story-thumb": Slot(4 / 3, (120, 240), "120px", 120),
    "story": Slot(None, (800, 1600), "(min-width: 45em) 800px, 100vw", 800),
}
SLOTS_OF = {"mentor": ("avatar",), "story": ("story-thumb", "story")}


@dataclass(frozen=True)
class Thumbnail:
    uri: str  # site-relative, e.g. assets/photos/3f2a….webp
    path: Path  # in the cache
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """What `<picture>` needs: one srcset per format, best first; `src` is the 1x JPEG."""

    sources: tuple[tuple[str, tuple[Thumbnail, ...]], ...]  # (MIME type, thumbnails by width)
    src: Thumbnail
    sizes: str
    width: int
    height: int


@dataclass
class PhotoSet:
    """Every photo's thumbnails, by docs-relative source path and slot."""

    pictures: dict[tuple[str, str], Picture] = field(default_factory=dict)
    withheld: set[str] = field(default_factory=set)  # originals the site leaves out

    def picture(self, src: str, slot: str) -> Picture | None:
        return self.pictures.get((src, slot))

    def thumbnails(self) -> list[Thumbnail]:
        seen = {t.uri: t for p in self.pictures.values() for _, ts in p.sources for t in ts}
        return [seen[uri] for uri in sorted(seen)]


@cache
def formats() -> tuple[str, ...]:
    """The formats made here: AVIF only where this Pillow was built with it."""
    return tuple(f for f in FORMATS if f != "avif" or features.check("avif"))


def prepare_photos(catalog: Catalog, cache_dir: Path) -> PhotoSet:
    """Check every photo and make the thumbnails missing from `cache_dir`; ContentError lists
    every photo that cannot be used."""
    uses: dict[str, tuple[list[Entry[Any]], set[str]]] = {}  # by source: who shows it, and where
    for kind, entries in (("mentor", catalog.mentors), ("story", catalog.stories)):
        for entry in entries.values():
            if (photo := entry.model.photo) is not None:
                users, slots = uses.setdefault(photo.src, ([], set()))
                users.append(entry)
                slots.update(SLOTS_OF[kind])
    cache = _Cache(cache_dir)
    problems: list[Problem] = []
    work: list[tuple[Path, list[tuple[Thumbnail, str]]]] = []  # per photo, the thumbnails to make
    owners: list[tuple[list[Entry[Any]], str]] = []  # per photo in `work`, who shows it and its digest
    photos = PhotoSet(withheld=set() if catalog.programme.photos.publish_originals else set(uses))
    for src, (users, slots) in sorted(uses.items()):
        path = catalog.docs_dir / src
        problem = _check_size(path)
        digest = None if problem else cache.digest(path)
        size = cache.sizes.get(digest) if digest else None
        if digest and size is None:
            size, problem = _measure(path)
            if size:
                cache.sizes[digest] = size
        if problem or digest is None or size is None:
            problems += [e.source.problem(("photo", "src"), problem or "cannot read this image") for e in users]
            continue
        todo = []
        for name in sorted(slots):
            picture = _plan(digest, size, SLOTS[name], cache_dir)
            photos.pictures[(src, name)] = picture
            todo += [(t, f) for f, ts in _by_format(picture) for t in ts if not t.path.exists()]
        if todo:
            work.append((path, todo))
            owners.append((users, digest))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # Pillow releases the GIL
        for (users, digest), problem in zip(owners, pool.map(lambda job: _render(*job), work)):
            if problem:
                problems += [e.source.problem(("photo", "src"), problem) for e in users]
                cache.sizes.pop(digest, None)
    if problems:
        raise ContentError(problems)
    cache.save()
    return photos


def _check_size(path: Path) -> str | None:
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        return (f"the image is {size / 1024 / 1024:.1f} MB, more than the {MAX_SOURCE_BYTES // 1024 // 1024} MB "
                "a photo may be: save a smaller copy (2,000 pixels on the longest side is plenty)")
    return None


def _measure(path: Path) -> tuple[tuple[int, int] | None, str | None]:
    """The photo's size as shown (EXIF rotation applied), from its header: nothing is decoded
    yet (a truncated file is found when `_render` reads it)."""
    try:
        with Image.open(path) as image:
            w, h = image.size
            if w * h > MAX_SOURCE_PIXELS:
                return None, (f"the image is {w}×{h} pixels, more than a photo needs: "
                              "save a smaller copy (2,000 pixels on the longest side is plenty)")
            turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # EXIF orientation: a quarter turn
    except READ_ERRORS as err:
        return None, _unreadable(err)
    return ((h, w) if turned else (w, h)), None


READ_ERRORS = (OSError, ValueError, SyntaxError, Image.DecompressionBombError)


def _unreadable(err: Exception) -> str:
    if isinstance(err, UnidentifiedImageError):
        return ("cannot read this image: it is in no format the build reads (a phone's HEIC photo, for one); "
                "save it again as a JPEG, PNG or WebP file")
    return f"cannot read this image ({err}); save it again as a JPEG, PNG or WebP file"


def _plan(digest: str, size: tuple[int, int], slot: Slot, cache_dir: Path) -> Picture:
    """The thumbnails of one photo in one slot, named before any is made."""
    width, height = size
    aspect = slot.aspect or width / height
    crop_w = min(width, round(height * aspect))
    dims = sorted({(w, max(1, round(w / aspect))) for w in (min(w, crop_w) for w in slot.widths)})
    sources = []
    for fmt in formats():
        thumbs = tuple(_thumbnail(digest, w, h, slot, fmt, cache_dir) for w, h in dims)
        sources.append((FORMATS[fmt][1], thumbs))
    box = min(slot.box, crop_w) if slot.aspect is None else slot.box  # a narrow story photo is not stretched
    return Picture(tuple(sources), sources[-1][1][0], slot.sizes, box, max(1, round(box / aspect)))


def _thumbnail(digest: str, width: int, height: int, slot: Slot, fmt: str, cache_dir: Path) -> Thumbnail:
    crop = "own" if slot.aspect is None else f"{slot.aspect:.4f}"
    key = hashlib.blake2b(f"{digest}:{width}x{height}:{crop}:{fmt}:{PIPELINE_VERSION}".encode(),
                          digest_size=10).hexdigest()
    name = f"{key}-{width}.{fmt}"
    return Thumbnail(f"{URL_DIR}/{name}", cache_dir / name, width, height)


def _by_format(picture: Picture) -> Iterable[tuple[str, tuple[Thumbnail, ...]]]:
    names = formats()
    return zip(names, (thumbs for _, thumbs in picture.sources))


def _render(path: Path, todo: list[tuple[Thumbnail, str]]) -> str | None:
    """Decode the photo once, at the smallest scale its largest thumbnail allows (JPEG: 1/8 for
    an avatar of a phone photo), and write each missing thumbnail, atomically: a build stopped
    halfway leaves no broken file. Returns the problem when the photo cannot be read."""
    largest = max(max(t.width, t.height) for t, _ in todo)
    try:
        with Image.open(path) as image:
            image.draft("RGB", (largest, largest))
            image.load()
            shown = ImageOps.exif_transpose(image)
    except READ_ERRORS as err:
        return _unreadable(err)
    if shown.mode != "RGB":
        flat = Image.new("RGB", shown.size, "white")
        rgba = shown.convert("RGBA")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        shown = flat
    for thumb, fmt in todo:
        small = ImageOps.fit(shown, (thumb.width, thumb.height), Image.Resampling.LANCZOS)
        pil_format, _, options = FORMATS[fmt]
        _write_atomic(thumb.path, lambda out: small.save(out, pil_format, **options))
    return None


def _write_atomic(path: Path, write: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Cache:
    """`index.json` in the cache: each source's digest by path, size and mtime (a warm build
    reads no photo), and each digest's pixel size (a warm build decodes none)."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "index.json"
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.digests: dict[str, list[Any]] = data.get("digests", {}) if data.get("version") == PIPELINE_VERSION else {}
        self.sizes: dict[str, tuple[int, int]] = {
            k: (v[0], v[1]) for k, v in (data.get("sizes", {}) if self.digests else {}).items()}
        self.saved = (dict(self.digests), dict(self.sizes))
        self.seen: set[str] = set()

    def digest(self, path: Path) -> str:
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        self.seen.add(str(path))
        known = self.digests.get(str(path))
        if known and known[:2] == stamp:
            return str(known[2])
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        self.digests[str(path)] = [*stamp, digest]
        return digest

    def save(self) -> None:
        """Only this build's photos are kept in the index (their thumbnails stay in the folder)."""
        self.digests = {path: known for path, known in self.digests.items() if path in self.seen}
        if (self.digests, self.sizes) == self.saved:
            return
        data = {"version": PIPELINE_VERSION, "digests": self.digests,
                "sizes": {k: list(v) for k, v in self.sizes.items()}}
        _write_atomic(self.file, lambda out: out.write(json.dumps(data, sort_keys=True).encode()))
