"""A right-to-left site: with `theme: language: ar` the directory, a profile and the request
form are mirrored (Material's `dir="rtl"`, and Mentor Hub's own styles written with logical
properties: an error's bar and a quote's rule on the start side, which is the right), at a
phone's width and a desktop's, with nothing wider than the screen. Screenshots of each are kept
in the test's folder for a person to look at (`pytest --basetemp=shots` keeps them in view)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypedDict

import pytest
from playwright.sync_api import Browser, Page

from browser import serve

PAGES = {"directory": "mentors/", "profile": "mentors/ana-beatriz-lima/", "request": "request/"}


@pytest.fixture(scope="module")
def arabic_site(demo_in: Callable[[str], Path]) -> Iterator[str]:
    with serve(demo_in("ar")) as url:
        yield url


class Mirroring(TypedDict):
    dir: str
    html: str
    overflow: float
    startGap: float
    endGap: float


def _mirrored(page: Page) -> Mirroring:
    facts: Mirroring = page.evaluate("""() => {
        const main = document.querySelector(".md-content__inner");
        const h1 = main.querySelector("h1");
        const text = document.createRange();
        text.selectNodeContents(h1);
        const box = h1.getBoundingClientRect(), head = text.getBoundingClientRect();
        return {dir: getComputedStyle(main).direction, html: document.documentElement.lang,
                overflow: document.scrollingElement.scrollWidth - window.innerWidth,
                startGap: box.right - head.right, endGap: head.left - box.left};
    }""")
    return facts


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_are_mirrored_right_to_left(browser: Browser, arabic_site: str, tmp_path: Path, name: str,
                                          width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(arabic_site + PAGES[name])
        facts = _mirrored(page)
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
        assert facts["html"] == "ar" and facts["dir"] == "rtl", facts
        assert facts["overflow"] <= 0, f"{name} is {facts['overflow']} px wider than a {width} px screen"
        # The heading's words start at its right edge: aligned to the start side, which is the right.
        assert facts["startGap"] < 2 <= facts["endGap"], facts
    finally:
        context.close()


def test_an_error_is_marked_on_the_start_side(page: Page, arabic_site: str, tmp_path: Path) -> None:
    page.goto(arabic_site + PAGES["request"])
    page.locator("form.mh-request .mh-submit").click()
    group = page.locator(".mh-form-group--error").first
    group.wait_for()
    page.screenshot(path=str(tmp_path / "request-errors.png"), full_page=True)
    borders = group.evaluate("g => [getComputedStyle(g).borderRightWidth, getComputedStyle(g).borderLeftWidth]")
    assert borders == ["5px", "0px"], borders
