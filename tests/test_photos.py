"""Photos become small square thumbnails (stories keep their shape) in modern formats with a JPEG
fallback, cached by content hash; the original is not published; a bad photo is a content problem."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from PIL import Image, ImageDraw, features
from playwright.sync_api import Browser

from mentorhub.site import photos
from mentorhub.site.build import build_site
from browser import serve
from support import TODAY, FixtureProgramme, make_site, mkdocs_build

ANA = "mentors/ana-pereira.yml"
STORY = "stories/first-job.md"
PHOTO = "content/assets/people/ana.jpg"
RED, GREEN, BLUE = (220, 30, 30), (30, 200, 60), (30, 30, 220)
FORMATS = {"image/avif": "AVIF", "image/webp": "WEBP"} if features.check("avif") else {"image/webp": "WEBP"}


def portrait(path: Path, size: tuple[int, int] = (3000, 4000)) -> None:
    """A portrait photo: red top eighth, blue bottom eighth, green between. A centre-cropped
    square (3000×3000 of 3000×4000) is all green; a squashed or uncropped one is not."""
    width, height = size
    image = Image.new("RGB", size, GREEN)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, height // 8), fill=RED)
    draw.rectangle((0, height - height // 8, width, height), fill=BLUE)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=85)


def with_photo(site: FixtureProgramme, publish_originals: bool = False) -> FixtureProgramme:
    portrait(site.root / PHOTO)
    with (site.root / ANA).open("a", encoding="utf-8") as mentor:
        mentor.write("photo: {src: assets/people/ana.jpg, alt: Ana smiling}\n")
    site.edit(STORY, "mentee: Rui\n", "mentee: Rui\nphoto: {src: assets/people/ana.jpg, alt: Rui and Ana}\n")
    if publish_originals:
        site.edit("mkdocs.yml", "      search_index: false\n",
                  "      search_index: false\n      photos: {publish_originals: true}\n")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = with_photo(make_site(tmp_path_factory.mktemp("photos") / "site"))
    result = mkdocs_build(site.root / "mkdocs.yml", site.root / "site")
    assert result.returncode == 0, result.stderr
    return site.root / "site"


def html(site_dir: Path, page: str) -> Element:
    root: Element = html5lib.HTMLParser(namespaceHTMLElements=False).parse((site_dir / page).read_bytes())
    return root


def picture(root: Element, cls: str) -> tuple[Element, list[Element]]:
    """The <img class=cls> and the <source>s of its <picture>."""
    for pic in root.iter("picture"):
        img = pic.find("img")
        if img is not None and cls in (img.get("class") or "").split():
            return img, pic.findall("source")
    raise AssertionError(f"no <picture> with an <img class={cls}>")


def candidates(srcset: str) -> dict[int, str]:
    """{width: URL} of a srcset with width descriptors."""
    found = {}
    for part in srcset.split(","):
        url, width = part.split()
        assert width.endswith("w"), srcset
        found[int(width[:-1])] = url
    return found


def opened(site_dir: Path, page: str, url: str) -> Image.Image:
    path = (site_dir / page).parent / url
    assert path.is_file(), f"{url} (from {page}) is not in the site"
    image = Image.open(path)
    image.load()
    return image


@pytest.mark.parametrize("page", ["mentors/ana-pereira/index.html", "mentors/index.html", "stories/first-job/index.html"])
def test_avatars_are_square_thumbnails_in_each_format(built: Path, page: str) -> None:
    img, sources = picture(html(built, page), "mh-avatar")
    # in the first view (the profile's header, the directory's first cards) a photo loads at once; lower, when scrolled to
    loading = "lazy" if page.startswith("stories/") else "eager"
    assert (img.get("width"), img.get("height"), img.get("loading"), img.get("decoding")) == ("80", "80", loading, "async")
    assert img.get("alt") == "Ana smiling" and "80px" in (img.get("sizes") or "")
    assert [s.get("type") for s in sources] == list(FORMATS)
    sets = {s.get("type") or "": candidates(s.get("srcset") or "") for s in sources}
    sets["image/jpeg"] = candidates(img.get("srcset") or "")
    assert img.get("src") == sets["image/jpeg"][96]
    for mime, urls in sets.items():
        assert sorted(urls) == [96, 192], mime
        for width, url in urls.items():
            image = opened(built, page, url)
            assert image.format == FORMATS.get(mime, "JPEG") and image.size == (width, width), url
            assert re.search(r"/assets/photos/[0-9a-f]{20}-\d+\.(avif|webp|jpg)$", url), url
            rgb = image.convert("RGB")
            for xy in ((0, 0), (width - 1, width - 1), (width // 2, width // 2)):  # centre crop: no red, no blue
                pixel = rgb.getpixel(xy)
                assert isinstance(pixel, tuple) and all(abs(a - b) < 40 for a, b in zip(pixel, GREEN)), (url, xy, pixel)


def test_story_photos_keep_their_shape_and_the_index_a_4_by_3_thumbnail(built: Path) -> None:
    img, sources = picture(html(built, "stories/first-job/index.html"), "mh-story-photo")
    assert (img.get("width"), img.get("height")) == ("800", "1067")  # 3:4, as the photo
    for mime, url in [*((s.get("type"), candidates(s.get("srcset") or "")[1600]) for s in sources),
                      ("image/jpeg", candidates(img.get("srcset") or "")[1600])]:
        assert opened(built, "stories/first-job/index.html", url).size == (1600, 2133), mime
    thumb, _ = picture(html(built, "stories/index.html"), "mh-story-thumb")
    assert (thumb.get("width"), thumb.get("height"), thumb.get("loading")) == ("120", "90", "lazy")
    assert opened(built, "stories/index.html", candidates(thumb.get("srcset") or "")[240]).size == (240, 180)


def test_the_original_is_not_published(built: Path) -> None:
    assert not list(built.rglob("ana.jpg"))
    linked = [(p.name, v) for p in built.rglob("*.html") for el in html(built, p.relative_to(built).as_posix()).iter()
              for v in el.attrib.values() if "people/ana.jpg" in v]
    assert not linked
    ana = next(m for m in json.loads((built / "mentors.json").read_text(encoding="utf-8"))["mentors"]
               if m["id"] == "ana-pereira")
    assert Image.open(built / ana["photo"]["src"]).size == (192, 192)  # the largest avatar, as JPEG
    biggest = max(p.stat().st_size for p in (built / "assets" / "photos").iterdir())
    assert biggest < 100_000  # the 1600 px story photo; avatars are a few KB


@pytest.mark.build
def test_a_programme_can_publish_the_originals(tmp_path: Path) -> None:
    site = with_photo(make_site(tmp_path / "site"), publish_originals=True)
    result = mkdocs_build(site.root / "mkdocs.yml", site.root / "site")
    assert result.returncode == 0, result.stderr
    assert (site.root / "site" / "assets" / "people" / "ana.jpg").read_bytes() == (site.root / PHOTO).read_bytes()
    img, _ = picture(html(site.root / "site", "mentors/ana-pereira/index.html"), "mh-avatar")
    assert "/assets/photos/" in (img.get("src") or "")  # pages still show the thumbnails


def test_a_rebuild_makes_no_thumbnail_and_reads_no_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = with_photo(make_site(tmp_path / "site"))
    cache = site.root / ".cache" / "mentorhub" / "photos"
    first = build_site(site.project(), TODAY)
    made = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    per_format = 2 + 2 + 2  # avatar, story thumbnail, story photo: 1x and 2x each
    assert len(made) == per_format * (len(FORMATS) + 1) + 1  # and index.json
    assert {t.path.name for t in first.photos.thumbnails()} | {"index.json"} == set(made)

    def no_decoding(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm build opened an image")

    monkeypatch.setattr(Image, "open", no_decoding)
    second = build_site(site.project(), TODAY)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == made
    assert second.photos.pictures == first.photos.pictures


def test_a_changed_photo_gets_new_thumbnails(tmp_path: Path) -> None:
    site = with_photo(make_site(tmp_path / "site"))
    before = {t.uri for t in build_site(site.project(), TODAY).photos.thumbnails()}
    portrait(site.root / PHOTO, (2000, 3000))
    after = {t.uri for t in build_site(site.project(), TODAY).photos.thumbnails()}
    assert before.isdisjoint(after)  # new names: a browser that cached the old ones fetches these


def photo_line(site: FixtureProgramme) -> int:
    lines = (site.root / ANA).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("photo:"))


@pytest.mark.parametrize("damage", ["not an image", "truncated"])
def test_an_unreadable_photo_is_a_problem_at_its_line(tmp_path: Path, damage: str) -> None:
    site = with_photo(make_site(tmp_path / "site"))
    path = site.root / PHOTO
    path.write_bytes(b"GIF89a? no" if damage == "not an image" else path.read_bytes()[:5000])
    problems = site.problems()
    assert len(problems) == 2, problems  # the mentor and the story
    assert problems[0].startswith(f"{ANA}:{photo_line(site)}: photo.src: cannot read this image")
    assert str(site.root) not in problems[0]
    assert problems[0].endswith("save it again as a JPEG, PNG or WebP file")
    assert problems[1].startswith(f"{STORY}:6: photo.src: cannot read this image")


def test_an_oversized_photo_is_a_problem_at_its_line(tmp_path: Path) -> None:
    site = with_photo(make_site(tmp_path / "site"))
    with (site.root / PHOTO).open("r+b") as photo:
        photo.truncate(photos.MAX_SOURCE_BYTES + 1)  # sparse: nothing written
    assert site.problems()[0] == (f"{ANA}:{photo_line(site)}: photo.src: the image is 10.0 MB, more than the 10 MB "
                                  "a photo may be: save a smaller copy (2,000 pixels on the longest side is plenty)")


def test_a_photo_with_too_many_pixels_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = with_photo(make_site(tmp_path / "site"))
    monkeypatch.setattr(photos, "MAX_SOURCE_PIXELS", 1000 * 1000)
    assert f"{ANA}:{photo_line(site)}: photo.src: the image is 3000×4000 pixels" in site.problems()[0]


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)])
def test_a_portrait_photo_shows_as_a_circle_at_the_right_resolution(browser: Browser, built: Path,
                                                                    viewport: tuple[int, int]) -> None:
    """Material's `.md-typeset img {height: auto}` once made a 3:4 photo an oval; on a 2x screen
    the browser takes the 192 px thumbnail in the best format it reads."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, device_scale_factor=2)
    try:
        tab = context.new_page()
        with serve(built) as url:
            for page in ("mentors/ana-pereira/", "mentors/"):
                tab.goto(url + page)
                avatar = tab.locator("img.mh-avatar").first
                avatar.scroll_into_view_if_needed()
                tab.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=avatar.element_handle())
                box = avatar.bounding_box()
                assert box is not None and box["width"] == box["height"] >= 64, (page, box)
                shown = avatar.evaluate("img => [img.currentSrc, getComputedStyle(img).objectFit, "
                                        "getComputedStyle(img).borderRadius]")
                assert re.search(r"-192\.avif$" if features.check("avif") else r"-192\.webp$", shown[0]), shown
                assert shown[1:] == ["cover", "50%"], (page, shown)
                # The CSS alone keeps it square: the same <img> given the story's 3:4 photo.
                portrait_jpeg = next((built / "assets" / "photos").glob("*-800.jpg")).name
                avatar.evaluate("(img, src) => { img.closest('picture').querySelectorAll('source').forEach(s => s.remove());"
                                " img.removeAttribute('srcset'); img.src = src; }", f"{url}assets/photos/{portrait_jpeg}")
                tab.wait_for_function("img => img.complete && img.naturalHeight > img.naturalWidth",
                                      arg=avatar.element_handle())
                box = avatar.bounding_box()
                assert box is not None and box["width"] == box["height"], (page, "3:4 photo", box)
    finally:
        context.close()


def test_a_small_photo_is_never_enlarged(tmp_path: Path) -> None:
    story = photos._plan("0" * 32, (600, 400), photos.SLOTS["story"], tmp_path)
    assert (story.width, story.height) == (600, 400)
    assert {(t.width, t.height) for _, thumbs in story.sources for t in thumbs} == {(600, 400)}
    avatar = photos._plan("0" * 32, (150, 200), photos.SLOTS["avatar"], tmp_path)
    assert {(t.width, t.height) for _, thumbs in avatar.sources for t in thumbs} == {(96, 96), (150, 150)}
    assert (avatar.width, avatar.height) == (80, 80)  # the box the CSS gives it
