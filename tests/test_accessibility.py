"""WCAG 2.2 AA in real Chromium: axe-core over every page type in both of Material's palettes
(pages that react to the visitor driven into that state first), the directory filters, the
request form and the quiz used with the keyboard alone with a visible focus at every stop,
and no motion for visitors who ask for less.

axe-core and its rules: tests/axe.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from axe import assert_axe_clean, axe_script
from browser import serve_like_a_host
from support import REPO

SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme → Material's palette scheme
MODULE = "mentor-role-and-boundaries"
RECEIVER = "http://127.0.0.1:8001/"  # the demo's inbox (mkdocs.yml); the tests answer for it


@pytest.fixture(scope="module")
def axe_source() -> str:
    return axe_script()


# --- page states ----------------------------------------------------------------------------


def directory_filtered(page: Page) -> None:
    page.locator("details[data-facet=language] summary").click()
    page.get_by_role("checkbox", name=re.compile(r"^Spanish\b")).check()
    page.locator("details[data-facet=expertise] summary").click()
    page.get_by_role("checkbox", name=re.compile(r"^Career planning\b")).check()
    expect(page.locator("#mh-result-count")).to_have_text(re.compile(r"^\d+ of \d+ mentors match\.$"))


def request_with_errors(page: Page) -> None:
    page.get_by_label("Your email address").fill("rui-at-example")
    page.get_by_label("13 to 15").check()  # a minor: the guardian questions and their errors show too
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("#mh-error-summary")).to_be_focused()
    expect(page.locator(".mh-form-group--error").first).to_be_visible()


def request_too_young(page: Page) -> None:
    page.get_by_label("Under 13").check()  # "You cannot use this service" in place of the form
    expect(page.locator("#mh-cannot-use")).to_be_visible()


def match_with_results(page: Page) -> None:
    page.get_by_role("checkbox", name="Starting a business").check()
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("button", name="Suggest mentors").click()
    expect(page.locator("#mh-match-list > li").first).to_be_visible()


def module_with_feedback(page: Page) -> None:
    """A wrong answer to the first question (its explanation shown), the right one to the second."""
    first = page.locator('.mh-question[data-question="0"]')
    first.locator('.mh-option[data-correct="false"] input').first.check()
    first.get_by_role("button", name="Check answer").click()
    second = page.locator('.mh-question[data-question="1"]')
    for option in second.locator('.mh-option[data-correct="true"] input').all():
        option.check()
    second.get_by_role("button", name="Check answer").click()
    expect(first.locator(".mh-option__feedback").filter(has_text="Not quite:").first).to_be_visible()
    expect(second.locator(".mh-question__result")).to_have_text("Correct.")


def search_with_results(page: Page) -> None:
    expect(page.locator(".mh-site-search__result").first).to_be_visible()


STATES: list[tuple[str, str, Callable[[Page], None] | None]] = [
    ("home", "", None),
    ("directory", "mentors/", None),
    ("directory-filtered", "mentors/", directory_filtered),
    ("profile-accepting", "mentors/amara-okafor/", None),
    ("profile-stale", "mentors/dana-whitfield/", None),
    ("request-errors", "request/", request_with_errors),
    ("request-too-young", "request/", request_too_young),
    ("cannot-use", "request/cannot-use/", None),
    ("match-results", "match/", match_with_results),
    ("training", "training/", None),
    ("module-feedback", f"training/{MODULE}/", module_with_feedback),
    ("stories", "stories/", None),
    ("story", "stories/finding-a-voice-in-cairo/", None),
    ("events", "events/", None),
    ("event", "events/virtual-careers-fair-2027/", None),
    ("impact", "impact/", None),
    ("search-results", "search/?q=python", search_with_results),
    ("survey", "surveys/mentee-intake/", None),
    ("survey-code-from-link", "surveys/mentee-check-in/#token=7KQF-2M9X-PD3A-W8RT", None),
    ("survey-open", "surveys/feedback/", None),
    ("become-a-mentor", "become-a-mentor/", None),
]


@pytest.fixture(scope="module", params=list(SCHEMES))
def scheme_context(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, BrowserContext]]:
    """A browser whose system preference picks Material's light (default) or dark (slate) palette;
    one per scheme, so the site's assets are fetched once."""
    context = browser.new_context(color_scheme=request.param)
    context.set_default_timeout(5000)
    yield request.param, context
    context.close()


@pytest.fixture
def scheme_page(scheme_context: tuple[str, BrowserContext]) -> Iterator[tuple[str, Page]]:
    """A fresh tab; training progress in localStorage is cleared after each test."""
    scheme, context = scheme_context
    page = context.new_page()
    yield scheme, page
    page.evaluate("() => localStorage.clear()")
    page.close()


@pytest.mark.parametrize(("name", "path", "drive"), STATES, ids=[s[0] for s in STATES])
def test_axe_finds_no_serious_violation(scheme_page: tuple[str, Page], demo_url: str, axe_source: str,
                                        name: str, path: str, drive: Callable[[Page], None] | None) -> None:
    scheme, page = scheme_page
    page.goto(demo_url + path)
    assert_axe_passes(page, scheme, f"{scheme} /{path} ({name})", axe_source, drive)


def test_axe_finds_no_serious_violation_on_the_not_found_page(scheme_page: tuple[str, Page], demo_site: Path,
                                                              axe_source: str) -> None:
    """404.html links from the site's root path, so it is served the way a static host serves it."""
    scheme, page = scheme_page
    base_path = urlsplit(str(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"])).path
    with serve_like_a_host(demo_site, base_path) as url:
        response = page.goto(url + "no-such-page/")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        expect(page.locator("link[href$='mentorhub.css']")).to_have_count(1)
        assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        assert_axe_passes(page, scheme, f"{scheme} /no-such-page/ (404)", axe_source, None)


def assert_axe_passes(page: Page, scheme: str, where: str, axe_source: str, drive: Callable[[Page], None] | None) -> None:
    """Drive the page into its state, run axe-core, print every violation and fail on serious ones."""
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    if drive:
        drive(page)
    assert_axe_clean(page, where, axe_source)


# --- keyboard -------------------------------------------------------------------------------

# The focused element, and whether its focus shows: an outline or a shadow on it, or on its
# label when the control itself is visually hidden (Material's palette toggle outlines the
# label right after its input).
FOCUS = """(selector) => {
  const el = document.activeElement;
  const ring = (e) => { const s = getComputedStyle(e);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)')
      || s.boxShadow !== 'none'; };
  return {name: el.id ? '#' + el.id : el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join(''),
          visible: [el, ...(el.labels || []), el.nextElementSibling].some(e => e && (e === el || e.tagName === 'LABEL') && ring(e)),
          matches: el.matches(selector)};
}"""


def tab_to(page: Page, selector: str, limit: int = 150) -> None:
    """Press Tab until `selector` has focus, failing on any stop on the way whose focus does not show."""
    hidden: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS, selector)
        if not focus["visible"]:
            hidden.append(focus["name"])
        if focus["matches"]:
            break
    else:
        pytest.fail(f"{selector} not reached with {limit} presses of Tab")
    assert not hidden, f"focus does not show on: {', '.join(hidden)}"


def assert_focus_shows(page: Page, selector: str) -> None:
    focus = page.evaluate(FOCUS, selector)
    assert focus["matches"], f"focus is on {focus['name']}, not {selector}"
    assert focus["visible"], f"focus does not show on {focus['name']}"


def arrow_to(page: Page, value: str, limit: int = 12) -> None:
    """In the focused radio group, select the option with `value` using Space and the arrow keys."""
    page.keyboard.press("Space")
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == value:
            assert page.evaluate("() => document.activeElement.checked")
            assert_focus_shows(page, f'input[value="{value}"]')
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"no radio with value {value!r} in the group")


@pytest.mark.parametrize("path", ["mentors/", "mentors/amara-okafor/", "request/", "match/", "events/",
                                  f"training/{MODULE}/", "about/", "surveys/mentee-check-in/"])
def test_the_first_tab_shows_skip_to_content_and_enter_skips_the_header(page: Page, demo_url: str, path: str) -> None:
    """Every page, with a table of contents or without (Material draws its own link only with
    one): the first Tab stop is "Skip to content", visible while focused, and Enter moves focus
    to the content, so the next Tab is inside it rather than in the header or navigation."""
    page.goto(demo_url + path)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_have_css("opacity", "1")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["width"] > 20, f"/{path}: the skip link is off screen: {box}"
    assert_focus_shows(page, "a.mh-skip")
    page.keyboard.press("Enter")
    expect(page.locator("#mh-content")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('mh-content').contains(document.activeElement)"), \
        f"/{path}: the Tab after skipping left the content"


def test_directory_filters_with_the_keyboard_alone(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "mentors/")
    total = page.locator("#mh-cards > li").count()
    tab_to(page, "details[data-facet=language] > summary")
    page.keyboard.press("Enter")
    expect(page.locator("details[data-facet=language]")).to_have_attribute("open", "")
    first = page.locator("details[data-facet=language] input[type=checkbox]").first.get_attribute("value")
    tab_to(page, f'details[data-facet=language] input[value="{first}"]')
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(rf"language={first}"))
    page.wait_for_selector("#mh-filters[data-ready]", state="attached")
    shown = page.eval_on_selector_all("#mh-cards > li:not([hidden])", "cards => cards.map(c => c.dataset.language)")
    assert shown and len(shown) < total and all(first in languages.split() for languages in shown)
    tab_to(page, "#mh-filters button[type=reset]")
    page.keyboard.press("Enter")
    expect(page.locator("#mh-cards > li:not([hidden])")).to_have_count(total)
    expect(page.locator(f'details[data-facet=language] input[value="{first}"]')).not_to_be_checked()


def test_request_form_with_the_keyboard_alone(page: Page, demo_url: str) -> None:
    sent: list[dict[str, list[str]]] = []

    def receiver(route: Route) -> None:
        cors = {"Access-Control-Allow-Origin": "*"}
        if route.request.method == "POST":
            sent.append(parse_qs(route.request.post_data or ""))
            route.fulfill(status=200, json={"status": "received", "id": "keyboard-1"}, headers=cors)
        else:
            route.fulfill(status=200, body="ok", headers=cors)

    page.route(RECEIVER + "**", receiver)
    page.goto(demo_url + "request/")
    ids = {label: page.get_by_label(label, exact=True).get_attribute("id") for label in ("English", "Weekends")}
    tab_to(page, "input[name=age_band]")  # the first question: the age decides what else is asked
    arrow_to(page, page.get_by_label("18 or over").get_attribute("value") or "")
    tab_to(page, "#request-preferred_name")
    page.keyboard.type("Rui")
    page.keyboard.press("Enter")  # sends the form: errors for everything still missing
    expect(page.locator("#mh-error-summary")).to_be_focused()
    assert_focus_shows(page, "#mh-error-summary")
    page.keyboard.press("Tab")
    assert_focus_shows(page, '#mh-error-summary a[href="#request-email"]')
    page.keyboard.press("Enter")  # the summary's link moves focus to the field
    assert_focus_shows(page, "#request-email")
    page.keyboard.type("rui@example.org")
    tab_to(page, "#request-goals")
    page.keyboard.type("A first job in software.")
    tab_to(page, f"#{ids['English']}")
    page.keyboard.press("Space")
    tab_to(page, "input[name=format]")
    arrow_to(page, page.get_by_label("Either is fine").get_attribute("value") or "")
    tab_to(page, f"#{ids['Weekends']}")
    page.keyboard.press("Space")
    tab_to(page, "#request-privacy_consent")
    page.keyboard.press("Space")
    tab_to(page, "#mh-request button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    (request,) = sent
    assert (request["preferred_name"], request["email"], request["languages"]) == (["Rui"], ["rui@example.org"], ["en"])


def test_quiz_with_the_keyboard_alone(page: Page, demo_url: str) -> None:
    page.goto(demo_url + f"training/{MODULE}/")
    questions = page.locator(".mh-question")
    for index in range(questions.count()):
        question = questions.nth(index)
        options = question.locator(".mh-option")
        right = [str(i) for i in range(options.count()) if options.nth(i).get_attribute("data-correct") == "true"]
        wrong = next(str(i) for i in range(options.count()) if str(i) not in right)
        kind = question.locator("input").first.get_attribute("type")
        scope = f'.mh-question[data-question="{index}"]'
        result = question.locator(".mh-question__result")
        if kind == "radio":  # first a wrong answer and its explanation, then the right one
            tab_to(page, f"{scope} input")
            arrow_to(page, wrong)
            tab_to(page, f"{scope} button[data-check]")
            page.keyboard.press("Enter")
            expect(result).to_have_text("Not quite. Read the explanation and try again.")
            expect(options.nth(int(wrong)).locator(".mh-option__feedback")).to_be_visible()
            page.keyboard.press("Shift+Tab")  # back to the group's chosen radio
            (value,) = right
            arrow_to(page, value)
        else:
            for value in right:
                tab_to(page, f'{scope} input[value="{value}"]')
                page.keyboard.press("Space")
        tab_to(page, f"{scope} button[data-check]")
        page.keyboard.press("Enter")
        expect(result).to_have_text("Correct.")
    tab_to(page, "#mh-complete-button")
    page.keyboard.press("Enter")
    expect(page.locator("#mh-complete-hint")).to_have_text(re.compile(r"^Completed ✓ on "))


# --- one look for the same control ------------------------------------------------------------

LOOK = """() => [...document.querySelectorAll('main input[type=checkbox], main input[type=radio]')]
  .filter(el => el.offsetParent !== null && el.getBoundingClientRect().width > 1)
  .map(el => { const s = getComputedStyle(el); return [s.width, s.height, s.accentColor].join(' '); })"""


def test_check_boxes_and_radios_look_the_same_on_every_page(page: Page, demo_url: str) -> None:
    """The request form drew its own larger, programme-coloured boxes; the match, directory and
    quiz the browser's: one look everywhere, so the same control reads the same."""
    looks: dict[str, set[str]] = {}
    for path in ("request/", "match/", "mentors/", f"training/{MODULE}/", "events/", "surveys/mentee-intake/"):
        page.goto(demo_url + path)
        for summary in page.locator("details.mh-facet > summary").all():
            summary.click()
        looks[path] = set(page.evaluate(LOOK))
        assert looks[path], f"/{path}: no check box or radio seen"
    assert len(set().union(*looks.values())) == 1, looks


# --- focus contrast -------------------------------------------------------------------------

# The focused element's ring: its colour and the colour it is drawn on, both as opaque sRGB
# (translucent layers composited over what is below). The ring sits outside the element (a
# non-negative offset), so its backdrop is the parent's background; inside it, the element's.
# A visually hidden control (Material's palette toggle) draws its ring on its label.
RING = """() => {
  let el = document.activeElement;
  if (el === document.body || el === null) return null;
  const name = el.id ? '#' + el.id : el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('');
  const box = el.getBoundingClientRect();
  if (parseFloat(getComputedStyle(el).opacity) === 0 || box.width <= 1 || box.height <= 1) {
    const label = [el.nextElementSibling, ...(el.labels || [])].find(e => e && e.tagName === 'LABEL');
    if (label) el = label;
  }
  const s = getComputedStyle(el);
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat([1]);
  const backdrop = (start) => { const layers = [];
    for (let e = start; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]); };
  const behind = parseFloat(s.outlineOffset) < 0 ? backdrop(el) : backdrop(el.parentElement);
  const ring = parse(s.outlineColor);
  return {name, style: s.outlineStyle, width: parseFloat(s.outlineWidth),
          ring: ring ? over(ring, behind) : null, behind};
}"""


def luminance(rgb: list[float]) -> float:
    channels = [c / 255 for c in rgb[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: list[float], b: list[float]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def weak_rings(page: Page, key: str, stops: int) -> list[str]:
    """Press `key` `stops` times from the top of the page; every stop whose ring is missing,
    thinner than 2 px or under 3:1 against its backdrop."""
    weak = []
    for _ in range(stops):
        page.keyboard.press(key)
        ring = page.evaluate(RING)
        if ring is None:
            continue
        if ring["style"] == "none" or ring["width"] < 2 or ring["ring"] is None:
            weak.append(f"{ring['name']}: no ring ({ring['style']} {ring['width']}px)")
        elif (ratio := contrast(ring["ring"], ring["behind"])) < 3:
            weak.append(f"{ring['name']}: {ratio:.1f}:1 (ring {ring['ring'][:3]} on {ring['behind'][:3]})")
    return weak


@pytest.mark.parametrize("path", ["", "mentors/", "mentors/amara-okafor/", "request/", f"training/{MODULE}/", "match/",
                                  "surveys/mentee-check-in/#token=7KQF-2M9X-PD3A-W8RT"])
def test_the_focus_ring_is_3_to_1_on_every_background(scheme_page: tuple[str, Page], demo_url: str, path: str) -> None:
    """The header's controls, the content's and (backwards from the top) the footer's, in both
    palettes: the ring at each stop against what it is drawn on (the teal header, the page,
    the footer, cards and boxes)."""
    scheme, page = scheme_page
    page.goto(demo_url + path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    weak = weak_rings(page, "Tab", 45)
    page.goto(demo_url + path)
    weak += weak_rings(page, "Shift+Tab", 12)
    assert not weak, f"{scheme} /{path}: focus rings under 3:1 or missing:\n" + "\n".join(dict.fromkeys(weak))


# --- reduced motion -------------------------------------------------------------------------

# Every element and pseudo-element that transitions or animates, and smooth scrolling.
MOVING = """() => {
  const moving = [];
  for (const el of document.querySelectorAll('*')) for (const pseudo of [null, '::before', '::after']) {
    const s = getComputedStyle(el, pseudo);
    if (s.transitionDuration.split(',').some(d => parseFloat(d) > 0) || s.animationName !== 'none'
        || s.scrollBehavior === 'smooth')
      moving.push((el.id ? '#' + el.id : el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join(''))
                  + (pseudo || '') + ': ' + s.transitionProperty + ' ' + s.transitionDuration + ' ' + s.animationName);
  }
  return moving;
}"""


def test_reduced_motion_stops_every_transition_and_animation(browser: Browser, demo_url: str) -> None:
    for preference in ("no-preference", "reduce"):
        context = browser.new_context(reduced_motion=preference)
        page = context.new_page()
        for path in ("", "mentors/", f"training/{MODULE}/", "match/"):
            page.goto(demo_url + path)
            moving = page.evaluate(MOVING)
            if preference == "reduce":
                assert not moving, f"/{path} still moves with prefers-reduced-motion: reduce:\n" + "\n".join(moving)
            else:
                assert moving, f"/{path}: the check should see Material's transitions without the preference"
        context.close()
