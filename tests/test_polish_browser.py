"""Polish a visitor sees (issue 18), in Chromium: headings in a heavier weight, the home page's
two buttons apart on a phone, and Content reference field names that wrap only at a dot."""

from __future__ import annotations

from playwright.sync_api import Browser, Page


def test_page_headings_are_not_light(page: Page, demo_url: str) -> None:
    for path in ("", "events/", "about/"):
        page.goto(demo_url + path)
        weight = page.eval_on_selector("article h1", "h => Number(getComputedStyle(h).fontWeight)")
        assert weight >= 600, f"/{path}: h1 weight {weight}"
        if page.locator("article h2").count():
            assert page.eval_on_selector("article h2", "h => Number(getComputedStyle(h).fontWeight)") >= 600


def test_home_buttons_do_not_touch_on_a_phone(browser: Browser, demo_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(demo_url)
    boxes = [b.bounding_box() for b in page.locator("article .md-button").all()[:2]]
    assert all(boxes)
    first, second = boxes[0], boxes[1]
    assert first is not None and second is not None
    side_gap = second["x"] - (first["x"] + first["width"])
    below_gap = second["y"] - (first["y"] + first["height"])
    assert side_gap >= 8 or below_gap >= 8, (first, second)
    context.close()


def test_reference_field_names_wrap_only_at_dots(browser: Browser, demo_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(demo_url + "reference/")
    # Each line of a wrapped name ends just after a dot: the text before each line break does.
    broken = page.eval_on_selector_all("code.mh-field-name", """codes => codes.flatMap(code => {
      const text = code.textContent, range = document.createRange(), node = [...code.childNodes];
      const tops = [];
      for (const child of node) {
        if (child.nodeType !== Node.TEXT_NODE) continue;
        for (let i = 0; i < child.length; i++) {
          range.setStart(child, i); range.setEnd(child, i + 1);
          const rect = range.getClientRects()[0];
          if (rect) tops.push([child.data[i], rect.top]);
        }
      }
      const bad = [];
      for (let i = 1; i < tops.length; i++) {
        if (tops[i][1] > tops[i - 1][1] + 2 && tops[i - 1][0] !== ".") bad.push(text);
      }
      return bad;
    })""")
    assert broken == []
    assert page.eval_on_selector("code.mh-field-name", "c => getComputedStyle(c).wordBreak") == "normal"
    context.close()
